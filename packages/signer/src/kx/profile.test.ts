import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { applyKxVariants, KX_DEFAULT_PROFILE, KX_VARIANT_NAMES, KX_VARIANTS, kxProfile, type KxProfile, type KxVariantName } from './profile.js';

function thrown(fn: () => unknown): SigkitInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SigkitInputError);
    return error as SigkitInputError;
  }
  throw new Error('expected a throw');
}

describe('KX_DEFAULT_PROFILE', () => {
  it('is the resolution of docs/spec/kx-connect.md §2', () => {
    expect(KX_DEFAULT_PROFILE).toEqual({
      joiner: 'newline',
      bodyDigest: 'md5Hex',
      contentTypePart: 'header',
      datePart: 'bodyDate',
      signatureEncoding: 'base64',
      clockWindowSeconds: 900,
    });
    expect(Object.isFrozen(KX_DEFAULT_PROFILE)).toBe(true);
  });
});

describe('KX_VARIANTS', () => {
  // The spec's table, written out by hand: name → knob and value.
  const table: Record<KxVariantName, [keyof KxProfile, string]> = {
    NoSeparator: ['joiner', 'none'],
    TrailingNewline: ['joiner', 'trailingNewline'],
    Md5Base64: ['bodyDigest', 'md5Base64'],
    Md5UpperHex: ['bodyDigest', 'md5UpperHex'],
    Md5OfReserializedJson: ['bodyDigest', 'md5OfReserializedJson'],
    DocLiteralContentType: ['contentTypePart', 'docLiteral'],
    DateHeader: ['datePart', 'dateHeader'],
    Base64Url: ['signatureEncoding', 'base64url'],
    HexSignature: ['signatureEncoding', 'hex'],
  };

  it('lists the nine variants of the spec table, in order', () => {
    expect(KX_VARIANT_NAMES).toEqual(Object.keys(table));
  });

  it.each(Object.entries(table))('%s turns %j', (name, [knob, value]) => {
    const variant = KX_VARIANTS[name as KxVariantName];
    expect(variant).toMatchObject({ name, knob, value });
    expect(['CANONICALIZATION', 'ENCODING', 'PROTOCOL']).toContain(variant.bugType);
    expect(variant.description.length).toBeGreaterThan(40);
    expect(variant.value).not.toBe(KX_DEFAULT_PROFILE[variant.knob]);
  });
});

describe('kxProfile', () => {
  it('returns a copy of the default when called with nothing', () => {
    const profile = kxProfile();
    expect(profile).toEqual(KX_DEFAULT_PROFILE);
    expect(profile).not.toBe(KX_DEFAULT_PROFILE);
  });

  it.each(KX_VARIANT_NAMES)('applies %s to the default and changes nothing else', (name) => {
    const { knob, value } = KX_VARIANTS[name];
    expect(kxProfile(name)).toEqual({ ...KX_DEFAULT_PROFILE, [knob]: value });
  });

  it('overrides knobs, ignoring explicit undefined', () => {
    expect(kxProfile({ clockWindowSeconds: 60, joiner: undefined, signatureEncoding: 'hex' })).toEqual({
      ...KX_DEFAULT_PROFILE,
      clockWindowSeconds: 60,
      signatureEncoding: 'hex',
    });
  });

  it('passes a full profile through', () => {
    const full: KxProfile = { joiner: 'none', bodyDigest: 'md5Base64', contentTypePart: 'docLiteral', datePart: 'dateHeader', signatureEncoding: 'base64url', clockWindowSeconds: 1 };
    expect(kxProfile(full)).toEqual(full);
  });

  it('refuses an unknown variant name', () => {
    const error = thrown(() => kxProfile('NoSeparators' as KxVariantName));
    expect(error.code).toBe('UNKNOWN_KX_VARIANT');
    expect(error.expected).toContain('NoSeparator');
  });

  it('refuses a name that is only an inherited property', () => {
    expect(thrown(() => kxProfile('toString' as KxVariantName)).code).toBe('UNKNOWN_KX_VARIANT');
  });

  it('refuses an unknown knob', () => {
    expect(thrown(() => kxProfile({ separator: 'none' } as unknown as Partial<KxProfile>)).code).toBe('UNKNOWN_KX_PROFILE_KNOB');
  });

  it.each([
    ['joiner', 'tab'],
    ['bodyDigest', 'sha1'],
    ['contentTypePart', 'literal'],
    ['datePart', 'query'],
    ['signatureEncoding', 'base32'],
    ['joiner', 7],
  ])('refuses %s = %j', (knob, value) => {
    const error = thrown(() => kxProfile({ [knob]: value } as Partial<KxProfile>));
    expect(error.code).toBe('INVALID_KX_PROFILE_VALUE');
    expect(error.expected).toMatch(/^one of /);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '900'])('refuses a clock window of %j', (value) => {
    expect(thrown(() => kxProfile({ clockWindowSeconds: value as number })).code).toBe('INVALID_CLOCK_WINDOW');
  });

  it.each([null, 42, ['NoSeparator']])('refuses %j as a profile', (value) => {
    expect(thrown(() => kxProfile(value as unknown as Partial<KxProfile>)).code).toBe('INVALID_KX_PROFILE');
  });
});

describe('applyKxVariants', () => {
  it('applies variants on different knobs on top of the given profile', () => {
    const base = kxProfile({ clockWindowSeconds: 30 });
    expect(applyKxVariants(base, ['NoSeparator', 'HexSignature'])).toEqual({ ...base, joiner: 'none', signatureEncoding: 'hex' });
    expect(base.joiner).toBe('newline');
  });

  it('refuses two variants on one knob', () => {
    const error = thrown(() => applyKxVariants(KX_DEFAULT_PROFILE, ['Md5Base64', 'Md5UpperHex']));
    expect(error.code).toBe('CONFLICTING_KX_VARIANTS');
    expect(error.message).toContain('bodyDigest');
  });

  it('refuses unknown names and non-arrays', () => {
    expect(thrown(() => applyKxVariants(KX_DEFAULT_PROFILE, ['Hex' as KxVariantName])).code).toBe('UNKNOWN_KX_VARIANT');
    expect(thrown(() => applyKxVariants(KX_DEFAULT_PROFILE, 'NoSeparator' as unknown as KxVariantName[])).code).toBe('UNKNOWN_KX_VARIANT');
  });
});

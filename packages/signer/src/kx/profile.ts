/** The KX Connect profile: the kit's resolution of what the guides leave open, and its named variants. */
import { SigkitInputError } from '../errors.js';
import { describeType } from '../shared/validate.js';

/**
 * One concrete resolution of the details the KX Connect guides leave open (docs/spec/kx-connect.md §2,
 * "The kit's default profile"). Signer, verifier and explainer all take one, so a team whose
 * deployment differs can switch all three to its variant.
 *
 * @example
 * ```ts
 * const profile: KxProfile = { ...KX_DEFAULT_PROFILE, clockWindowSeconds: 300 };
 * ```
 */
export interface KxProfile {
  /**
   * How the seven parts of the string to sign are joined: `newline` puts `"\n"` between them
   * (none at the end), `none` concatenates them, `trailingNewline` also ends with `"\n"`.
   */
  joiner: 'newline' | 'none' | 'trailingNewline';
  /**
   * The body part: MD5 of the exact body bytes as lowercase hex (`md5Hex`), standard Base64
   * (`md5Base64`) or uppercase hex (`md5UpperHex`); or lowercase-hex MD5 of the body parsed and
   * re-serialised with `JSON.stringify` (`md5OfReserializedJson`).
   */
  bodyDigest: 'md5Hex' | 'md5Base64' | 'md5UpperHex' | 'md5OfReserializedJson';
  /** The content-type part: the `Content-Type` header as sent (`header`) or the guide's literal `Application-json` (`docLiteral`). */
  contentTypePart: 'header' | 'docLiteral';
  /** Where the date part comes from: the body's `date` field (`bodyDate`) or a `Date` header (`dateHeader`). */
  datePart: 'bodyDate' | 'dateHeader';
  /** How the HMAC-SHA1 bytes are written: standard Base64 with padding, unpadded Base64url, or lowercase hex. */
  signatureEncoding: 'base64' | 'base64url' | 'hex';
  /** The largest accepted distance, in seconds, between the request's date and the server clock. */
  clockWindowSeconds: number;
}

/**
 * The kit's default profile (docs/spec/kx-connect.md §2): parts joined by `"\n"`, MD5 of the exact body
 * bytes in lowercase hex, the `Content-Type` header as sent, the body's `date` field, standard
 * Base64 with padding, a 900-second clock window.
 */
export const KX_DEFAULT_PROFILE: Readonly<KxProfile> = Object.freeze({
  joiner: 'newline',
  bodyDigest: 'md5Hex',
  contentTypePart: 'header',
  datePart: 'bodyDate',
  signatureEncoding: 'base64',
  clockWindowSeconds: 900,
});

/** The names of the client deviations the explainer recognises (docs/spec/kx-connect.md §2, profile table). */
export type KxVariantName =
  | 'NoSeparator'
  | 'TrailingNewline'
  | 'Md5Base64'
  | 'Md5UpperHex'
  | 'Md5OfReserializedJson'
  | 'DocLiteralContentType'
  | 'DateHeader'
  | 'Base64Url'
  | 'HexSignature';

/**
 * The kind of mistake a variant stands for, in the spirit of Wycheproof's `bugType`:
 * `CANONICALIZATION` (the signed string is built differently), `ENCODING` (the same bytes are
 * written differently), `PROTOCOL` (a value is taken from a different place in the request).
 */
export type KxBugType = 'CANONICALIZATION' | 'ENCODING' | 'PROTOCOL';

/** One named variant: which knob of the profile it turns, to what, and what that means. */
export interface KxVariant {
  /** The variant's name, as used in test vectors and by the explainer. */
  name: KxVariantName;
  /** The profile knob it changes. */
  knob: keyof KxProfile;
  /** The value it gives that knob. */
  value: KxProfile[keyof KxProfile];
  /** The kind of mistake, Wycheproof-style. */
  bugType: KxBugType;
  /** What a client that signs this way does, for a reader of test vectors. */
  description: string;
}

/**
 * The named variants of docs/spec/kx-connect.md §2, keyed by name, in the order of the spec's table.
 * Each one changes exactly one knob of a profile.
 *
 * @example
 * ```ts
 * const { knob, value } = KX_VARIANTS.NoSeparator; // 'joiner', 'none'
 * ```
 */
export const KX_VARIANTS: Readonly<Record<KxVariantName, Readonly<KxVariant>>> = Object.freeze({
  NoSeparator: Object.freeze({
    name: 'NoSeparator',
    knob: 'joiner',
    value: 'none',
    bugType: 'CANONICALIZATION',
    description:
      'The client concatenates the seven parts of the string to sign with no separator at all, instead of putting "\\n" between them.',
  }),
  TrailingNewline: Object.freeze({
    name: 'TrailingNewline',
    knob: 'joiner',
    value: 'trailingNewline',
    bugType: 'CANONICALIZATION',
    description: 'The client ends the string to sign with an extra "\\n" after the session id (each part followed by "\\n").',
  }),
  Md5Base64: Object.freeze({
    name: 'Md5Base64',
    knob: 'bodyDigest',
    value: 'md5Base64',
    bugType: 'ENCODING',
    description: 'The client writes the MD5 of the body in standard Base64 (24 characters) instead of lowercase hex.',
  }),
  Md5UpperHex: Object.freeze({
    name: 'Md5UpperHex',
    knob: 'bodyDigest',
    value: 'md5UpperHex',
    bugType: 'ENCODING',
    description: 'The client writes the MD5 of the body in uppercase hex instead of lowercase hex.',
  }),
  Md5OfReserializedJson: Object.freeze({
    name: 'Md5OfReserializedJson',
    knob: 'bodyDigest',
    value: 'md5OfReserializedJson',
    bugType: 'CANONICALIZATION',
    description:
      'The client hashes its JSON object re-serialised compactly (JSON.stringify) rather than the exact body bytes it sent; the two differ whenever the sent body has other spacing or formatting.',
  }),
  DocLiteralContentType: Object.freeze({
    name: 'DocLiteralContentType',
    knob: 'contentTypePart',
    value: 'docLiteral',
    bugType: 'CANONICALIZATION',
    description:
      'The client signs the content type literally as printed in the guides, "Application-json", instead of the Content-Type header it sends.',
  }),
  DateHeader: Object.freeze({
    name: 'DateHeader',
    knob: 'datePart',
    value: 'dateHeader',
    bugType: 'PROTOCOL',
    description:
      "The client signs the value of a Date header it sends instead of the body's date field; the signature differs only when the two dates differ.",
  }),
  Base64Url: Object.freeze({
    name: 'Base64Url',
    knob: 'signatureEncoding',
    value: 'base64url',
    bugType: 'ENCODING',
    description: 'The client encodes the HMAC-SHA1 bytes in unpadded Base64url ("-" and "_", no "=") instead of standard padded Base64.',
  }),
  HexSignature: Object.freeze({
    name: 'HexSignature',
    knob: 'signatureEncoding',
    value: 'hex',
    bugType: 'ENCODING',
    description: 'The client encodes the HMAC-SHA1 bytes in lowercase hex (40 characters) instead of standard padded Base64.',
  }),
});

/** Every variant name, in the order of the spec's table. */
export const KX_VARIANT_NAMES: readonly KxVariantName[] = Object.freeze(Object.keys(KX_VARIANTS) as KxVariantName[]);

/** The values each enumerated knob accepts, for validation and error messages. */
const KNOB_VALUES = {
  joiner: ['newline', 'none', 'trailingNewline'],
  bodyDigest: ['md5Hex', 'md5Base64', 'md5UpperHex', 'md5OfReserializedJson'],
  contentTypePart: ['header', 'docLiteral'],
  datePart: ['bodyDate', 'dateHeader'],
  signatureEncoding: ['base64', 'base64url', 'hex'],
} as const satisfies Record<Exclude<keyof KxProfile, 'clockWindowSeconds'>, readonly string[]>;

const KNOBS = Object.keys(KX_DEFAULT_PROFILE) as (keyof KxProfile)[];

/**
 * Returns a complete, validated profile: the default when called with nothing, the default with
 * one named variant applied, or the default with the given knobs overridden. A full profile
 * passes through (validated and copied), so every function that accepts
 * `KxProfile | KxVariantName` resolves it with this.
 *
 * @throws SigkitInputError `UNKNOWN_KX_VARIANT`, `UNKNOWN_KX_PROFILE_KNOB`,
 *   `INVALID_KX_PROFILE_VALUE`, `INVALID_CLOCK_WINDOW` or `INVALID_KX_PROFILE`.
 *
 * @example
 * ```ts
 * kxProfile();                               // the default
 * kxProfile('NoSeparator');                  // { ...default, joiner: 'none' }
 * kxProfile({ clockWindowSeconds: 300 });    // { ...default, clockWindowSeconds: 300 }
 * ```
 */
export function kxProfile(variantOrOverrides?: KxVariantName | Partial<KxProfile>): KxProfile {
  if (variantOrOverrides === undefined) return { ...KX_DEFAULT_PROFILE };
  if (typeof variantOrOverrides === 'string') return applyKxVariants(KX_DEFAULT_PROFILE, [variantOrOverrides]);
  if (typeof variantOrOverrides !== 'object' || variantOrOverrides === null || Array.isArray(variantOrOverrides)) {
    throw new SigkitInputError('INVALID_KX_PROFILE', `profile must be a variant name or an object of knobs, got ${describeType(variantOrOverrides)}`, {
      expected: `one of ${KX_VARIANT_NAMES.join(', ')}, or an object with some of ${KNOBS.join(', ')}`,
    });
  }
  const profile: KxProfile = { ...KX_DEFAULT_PROFILE };
  for (const [knob, value] of Object.entries(variantOrOverrides)) {
    if (!(KNOBS as string[]).includes(knob)) {
      throw new SigkitInputError('UNKNOWN_KX_PROFILE_KNOB', `profile has an unknown knob "${knob}"`, { expected: `knobs among ${KNOBS.join(', ')}` });
    }
    // An explicit `undefined` means "not overridden", as with object spread.
    if (value === undefined) continue;
    setKnob(profile, knob as keyof KxProfile, value);
  }
  return profile;
}

/**
 * Returns `profile` with each named variant applied on top: what a client that deviates in
 * those ways signs with. Two variants may not turn the same knob.
 *
 * @throws SigkitInputError `UNKNOWN_KX_VARIANT` or `CONFLICTING_KX_VARIANTS`.
 *
 * @example
 * ```ts
 * applyKxVariants(KX_DEFAULT_PROFILE, ['NoSeparator', 'HexSignature']);
 * ```
 */
export function applyKxVariants(profile: Readonly<KxProfile>, variants: readonly KxVariantName[]): KxProfile {
  if (!Array.isArray(variants)) {
    throw new SigkitInputError('UNKNOWN_KX_VARIANT', `variants must be an array of variant names, got ${describeType(variants)}`, {
      expected: `an array of ${KX_VARIANT_NAMES.join(', ')}`,
    });
  }
  const result = kxProfile(profile);
  const turnedBy = new Map<keyof KxProfile, KxVariantName>();
  for (const name of variants) {
    const variant = kxVariant(name);
    const earlier = turnedBy.get(variant.knob);
    if (earlier !== undefined) {
      throw new SigkitInputError('CONFLICTING_KX_VARIANTS', `variants ${earlier} and ${name} both set the profile's ${variant.knob}`, {
        expected: 'at most one variant per knob',
      });
    }
    turnedBy.set(variant.knob, name);
    setKnob(result, variant.knob, variant.value);
  }
  return result;
}

/**
 * Looks a variant up by name, refusing anything that is not one.
 * @internal
 */
export function kxVariant(name: unknown): Readonly<KxVariant> {
  if (typeof name !== 'string' || !Object.hasOwn(KX_VARIANTS, name)) {
    throw new SigkitInputError('UNKNOWN_KX_VARIANT', `unknown KX Connect variant ${typeof name === 'string' ? `"${name}"` : describeType(name)}`, {
      expected: `one of ${KX_VARIANT_NAMES.join(', ')}`,
    });
  }
  return KX_VARIANTS[name as KxVariantName];
}

function setKnob(profile: KxProfile, knob: keyof KxProfile, value: unknown): void {
  if (knob === 'clockWindowSeconds') {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new SigkitInputError('INVALID_CLOCK_WINDOW', `clockWindowSeconds must be a positive finite number of seconds, got ${String(value)}`, {
        expected: 'a positive number of seconds, e.g. 900',
      });
    }
    profile.clockWindowSeconds = value;
    return;
  }
  const allowed: readonly string[] = KNOB_VALUES[knob];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new SigkitInputError('INVALID_KX_PROFILE_VALUE', `profile ${knob} cannot be ${JSON.stringify(value) ?? String(value)}`, {
      expected: `one of ${allowed.join(', ')}`,
    });
  }
  (profile as unknown as Record<string, string>)[knob] = value;
}

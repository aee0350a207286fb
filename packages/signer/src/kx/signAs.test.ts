import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { KX_DEFAULT_PROFILE, type KxVariantName } from './profile.js';
import { signKxRequest, type KxSignInput } from './sign.js';
import { signKxRequestAs } from './signAs.js';

const input: KxSignInput = {
  group: 'monPublic',
  method: 'getMem',
  username: 'kxSupport',
  sessionId: '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
  id: 'e133598e-7b9e-429a-b3e5-bda881c47024',
  date: 'Fri, 26 Jul 2019 16:59:00 GMT',
};

describe('signKxRequestAs', () => {
  it('with no variants signs exactly as signKxRequest', () => {
    expect(signKxRequestAs(input, [])).toEqual(signKxRequest(input));
  });

  it('turns the named knobs of the default profile', () => {
    const request = signKxRequestAs(input, ['NoSeparator', 'HexSignature']);
    expect(request.trace.profile).toEqual({ ...KX_DEFAULT_PROFILE, joiner: 'none', signatureEncoding: 'hex' });
    expect(request.trace.stringToSign).not.toContain('\n');
    expect(request.trace.signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it("turns them on top of the input's own profile", () => {
    const request = signKxRequestAs({ ...input, profile: { clockWindowSeconds: 30, contentTypePart: 'docLiteral' } }, ['Base64Url']);
    expect(request.trace.profile).toEqual({ ...KX_DEFAULT_PROFILE, clockWindowSeconds: 30, contentTypePart: 'docLiteral', signatureEncoding: 'base64url' });
    expect(request.trace.signature).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('sends a Date header under DateHeader', () => {
    expect(signKxRequestAs(input, ['DateHeader']).headers.Date).toBe(input.date);
  });

  it('refuses unknown or conflicting variants', () => {
    expect(() => signKxRequestAs(input, ['Md5Base64', 'Md5UpperHex'])).toThrow(expect.objectContaining({ code: 'CONFLICTING_KX_VARIANTS' }));
    expect(() => signKxRequestAs(input, ['Sha1' as KxVariantName])).toThrow(SigkitInputError);
    expect(() => signKxRequestAs(null as unknown as KxSignInput, [])).toThrow(expect.objectContaining({ code: 'INVALID_SIGN_INPUT' }));
  });
});

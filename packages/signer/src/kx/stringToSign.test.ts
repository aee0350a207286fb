import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { kxStringToSign, type KxStringToSignParts } from './stringToSign.js';

const parts: KxStringToSignParts = {
  method: 'post',
  authPath: '/connect/api/monPublic/getMem',
  username: 'kxSupport',
  bodyDigest: '1d6bedc68b65679896a3cd718596287f',
  contentType: 'application/json',
  date: 'Fri, 26 Jul 2019 16:59:00 GMT',
  sessionId: '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
};

describe('kxStringToSign', () => {
  it('joins the seven parts in spec order with "\\n", upper-casing the verb (default)', () => {
    expect(kxStringToSign(parts)).toBe(
      'POST\n/connect/api/monPublic/getMem\nkxSupport\n1d6bedc68b65679896a3cd718596287f\napplication/json\nFri, 26 Jul 2019 16:59:00 GMT\n0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
    );
  });

  it('concatenates under NoSeparator', () => {
    expect(kxStringToSign(parts, { joiner: 'none' })).toBe(
      'POST/connect/api/monPublic/getMemkxSupport1d6bedc68b65679896a3cd718596287fapplication/jsonFri, 26 Jul 2019 16:59:00 GMT0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
    );
  });

  it('ends with "\\n" under TrailingNewline', () => {
    expect(kxStringToSign(parts, { joiner: 'trailingNewline' })).toBe(
      'POST\n/connect/api/monPublic/getMem\nkxSupport\n1d6bedc68b65679896a3cd718596287f\napplication/json\nFri, 26 Jul 2019 16:59:00 GMT\n0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c\n',
    );
  });

  it('keeps an empty content type (no header sent) as an empty line', () => {
    expect(kxStringToSign({ ...parts, contentType: '' })).toContain('1d6bedc68b65679896a3cd718596287f\n\nFri,');
  });

  it.each(['method', 'authPath', 'username', 'bodyDigest', 'date', 'sessionId'] as const)('refuses an empty or missing %s', (name) => {
    for (const value of ['', undefined, 5]) {
      const call = () => kxStringToSign({ ...parts, [name]: value } as unknown as KxStringToSignParts);
      expect(call).toThrow(SigkitInputError);
      expect(call).toThrow(expect.objectContaining({ code: 'INVALID_STRING_TO_SIGN_PART' }));
    }
  });

  it('refuses a non-string content type, a non-object and an unknown joiner', () => {
    expect(() => kxStringToSign({ ...parts, contentType: undefined as unknown as string })).toThrow(expect.objectContaining({ code: 'INVALID_STRING_TO_SIGN_PART' }));
    expect(() => kxStringToSign(null as unknown as KxStringToSignParts)).toThrow(expect.objectContaining({ code: 'INVALID_STRING_TO_SIGN_PART' }));
    expect(() => kxStringToSign(parts, { joiner: 'tab' as 'none' })).toThrow(expect.objectContaining({ code: 'INVALID_KX_PROFILE_VALUE' }));
  });
});

import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { kxAuthorizationHeader, kxIdentity, kxSessionSuffix, parseKxAuthorization } from './authorization.js';

const sessionId = '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c';

describe('kxSessionSuffix and kxIdentity', () => {
  it('appends the last five sessionId characters to the username with no separator', () => {
    expect(kxSessionSuffix(sessionId)).toBe('a6b7c');
    expect(kxIdentity('kxSupport', sessionId)).toBe('kxSupporta6b7c');
  });

  it('counts characters as code points, never splitting a surrogate pair', () => {
    // Python: 'abc𝄞d𝄞ef'[-5:] == '𝄞d𝄞ef'
    expect(kxSessionSuffix('abc𝄞d𝄞ef')).toBe('𝄞d𝄞ef');
    expect(kxSessionSuffix('𝄞𝄞𝄞𝄞𝄞')).toBe('𝄞𝄞𝄞𝄞𝄞');
  });

  it.each(['abcd', '𝄞𝄞𝄞𝄞', '', 'abc\ndefg'])('refuses the sessionId %j', (value) => {
    expect(() => kxSessionSuffix(value)).toThrow(expect.objectContaining({ code: 'INVALID_SESSION_ID' }));
  });

  it.each(['', ' kxSupport', 'kx\r\nSupport', 'kx\u0000'])('refuses the username %j', (value) => {
    expect(() => kxIdentity(value, sessionId)).toThrow(expect.objectContaining({ code: 'INVALID_USERNAME' }));
  });
});

describe('kxAuthorizationHeader', () => {
  it('is <username><last 5 of sessionId>:<signature>', () => {
    expect(kxAuthorizationHeader('kxSupport', sessionId, 'EXvYZRESNtvwk2Fpg3rBXVmE8SY=')).toBe('kxSupporta6b7c:EXvYZRESNtvwk2Fpg3rBXVmE8SY=');
  });

  it.each(['', 'a:b', 'ab cd', 'ab\n'])('refuses the signature %j', (signature) => {
    expect(() => kxAuthorizationHeader('kxSupport', sessionId, signature)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE' }));
  });
});

describe('parseKxAuthorization', () => {
  it('splits at the last colon, so usernames may contain colons', () => {
    expect(parseKxAuthorization('kxSupporta6b7c:EXvYZRESNtvwk2Fpg3rBXVmE8SY=')).toEqual({ identity: 'kxSupporta6b7c', signature: 'EXvYZRESNtvwk2Fpg3rBXVmE8SY=' });
    expect(parseKxAuthorization('domain:usera6b7c:abc')).toEqual({ identity: 'domain:usera6b7c', signature: 'abc' });
  });

  it('accepts the shortest identity, one username character plus five', () => {
    expect(parseKxAuthorization('ua6b7c:x')).toEqual({ identity: 'ua6b7c', signature: 'x' });
  });

  it.each([
    ['no colon', 'kxSupporta6b7cEXvYZRESNtvwk2Fpg3rBXVmE8SY='],
    ['an empty identity', ':EXvYZRESNtvwk2Fpg3rBXVmE8SY='],
    ['an identity of five characters', 'a6b7c:EXvYZRESNtvwk2Fpg3rBXVmE8SY='],
    ['an empty signature', 'kxSupporta6b7c:'],
    ['an empty header', ''],
  ])('refuses %s with MALFORMED_AUTHORIZATION', (_, header) => {
    const call = () => parseKxAuthorization(header);
    expect(call).toThrow(SigkitInputError);
    expect(call).toThrow(expect.objectContaining({ code: 'MALFORMED_AUTHORIZATION', expected: '<username><last 5 characters of sessionId>:<signature>' }));
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseKxAuthorization(undefined as unknown as string)).toThrow(expect.objectContaining({ code: 'MALFORMED_AUTHORIZATION' }));
  });
});

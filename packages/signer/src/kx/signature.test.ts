import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kxSignature } from './signature.js';

// Python's hmac as the independent oracle, in the three encodings.
function pythonHmacSha1(pairs: [string, string][]): { b64: string; b64url: string; hex: string }[] {
  const script = [
    'import sys, json, hmac, hashlib, base64',
    'out = []',
    "for key, data in json.loads(sys.stdin.buffer.read().decode('utf-8')):",
    "    mac = hmac.new(key.encode('utf-8'), data.encode('utf-8'), hashlib.sha1).digest()",
    "    out.append({'b64': base64.b64encode(mac).decode(), 'b64url': base64.urlsafe_b64encode(mac).decode().rstrip('='), 'hex': mac.hex()})",
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8' }));
}

const pairs: [string, string][] = [
  ['0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c', 'POST\n/connect/api/monPublic/getMem\nkxSupport\n1d6bedc68b65679896a3cd718596287f\napplication/json\nFri, 26 Jul 2019 16:59:00 GMT\n0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c'],
  ['sëssion-☃-𝄞', 'POST\n/connect/api/g/m\nZoë\nabc\nApplication-json\nFri, 26 Jul 2019 16:59:00 GMT\nsëssion-☃-𝄞\n'],
  ['short', 'x'],
];

describe('kxSignature', () => {
  it('is the RFC 2202 HMAC-SHA1 test case 2, in hex', () => {
    expect(kxSignature('what do ya want for nothing?', 'Jefe', { signatureEncoding: 'hex' })).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it.each(pairs.map((pair, i) => [i, pair] as const))('matches Python hmac for pair %i in every encoding', (i, [key, data]) => {
    const expected = pythonHmacSha1(pairs)[i]!;
    expect(kxSignature(data, key)).toBe(expected.b64);
    expect(kxSignature(data, key, { signatureEncoding: 'base64' })).toBe(expected.b64);
    expect(kxSignature(data, key, { signatureEncoding: 'base64url' })).toBe(expected.b64url);
    expect(kxSignature(data, key, { signatureEncoding: 'hex' })).toBe(expected.hex);
  });

  it('writes padded Base64 of 28 characters by default', () => {
    expect(kxSignature('x', 'short')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('refuses empty inputs and unknown encodings', () => {
    expect(() => kxSignature('', 'key')).toThrow(expect.objectContaining({ code: 'INVALID_STRING_TO_SIGN' }));
    expect(() => kxSignature('x', '')).toThrow(expect.objectContaining({ code: 'INVALID_SESSION_ID' }));
    expect(() => kxSignature('x', 'key', { signatureEncoding: 'base32' as 'hex' })).toThrow(expect.objectContaining({ code: 'INVALID_KX_PROFILE_VALUE' }));
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EMPTY_PAYLOAD_HASH, payloadHash } from './payloadHash.js';

describe('payloadHash', () => {
  it("hashes an empty or absent body to the guide's value", () => {
    const fromGuide = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(EMPTY_PAYLOAD_HASH).toBe(fromGuide);
    expect(payloadHash('')).toBe(fromGuide);
    expect(payloadHash(undefined)).toBe(fromGuide);
    expect(payloadHash(new Uint8Array())).toBe(fromGuide);
  });
  it('hashes multi-byte UTF-8 bodies as bytes (checked with Python hashlib)', () => {
    const body = '{"name":"Gerät ☃ 😀"}';
    const python = execFileSync('python3', ['-c', 'import sys,hashlib;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'], { input: body }).toString().trim();
    expect(payloadHash(body)).toBe(python);
    expect(payloadHash(Buffer.from(body))).toBe(python);
  });
  it('rejects non-string bodies', () => {
    expect(() => payloadHash({ a: 1 } as unknown as string)).toThrow(/body must be a string or a Uint8Array/);
  });
});

/**
 * The HMACs every signature goes through. `hmacSha256Hex` and `hmacSha1` compute HMAC (RFC 2104)
 * from two one-shot hashes when key and data are strings; the oracles are the RFCs' published test
 * cases and OpenSSL's HMAC (`createHmac`), a different implementation.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha1, hmacSha256Hex } from './crypto.js';

describe('hmacSha256Hex', () => {
  // RFC 4231 §4.2, §4.3: the test cases whose key and data are ASCII, so that they can be given as strings.
  it('gives the RFC 4231 HMAC-SHA256 of test cases 1 and 2', () => {
    expect(hmacSha256Hex('\x0b'.repeat(20), 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  // RFC 4231 §4.7, §4.8: a 131-byte key, hashed first (test cases 6 and 7).
  it('gives the RFC 4231 HMAC-SHA256 of a key longer than the block (test cases 6 and 7)', () => {
    const key = Buffer.alloc(131, 0xaa);
    expect(hmacSha256Hex(key, 'Test Using Larger Than Block-Size Key - Hash Key First')).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
    expect(hmacSha256Hex(key, 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.')).toBe(
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    );
  });

  it('is OpenSSL’s HMAC for any strings: empty, one block long and longer, non-ASCII, lone surrogates, long data', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc.constantFrom('', 'k'.repeat(63), 'k'.repeat(64), 'k'.repeat(65), 'é'.repeat(32), 'é'.repeat(33), '\ud800', 'x'.repeat(4096), 'x'.repeat(4097), 'é'.repeat(4096)),
    );
    fc.assert(
      fc.property(text, text, (key, data) => {
        expect(hmacSha256Hex(key, data)).toBe(createHmac('sha256', key).update(data).digest('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  it('pads a short key afresh after a longer one (the blocks are reused from call to call)', () => {
    const long = 'L'.repeat(64);
    const expected = createHmac('sha256', 'a').update('b').digest('hex');
    hmacSha256Hex(long, 'x'.repeat(300));
    expect(hmacSha256Hex('a', 'b')).toBe(expected);
  });
});

describe('hmacSha1', () => {
  // RFC 2202 §3: test cases 1 and 2.
  it('gives the RFC 2202 HMAC-SHA1 of test cases 1 and 2', () => {
    expect(hmacSha1('\x0b'.repeat(20), 'Hi There', 'hex')).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(hmacSha1('Jefe', 'what do ya want for nothing?', 'hex')).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('is OpenSSL’s HMAC for any strings, in every encoding', () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 70 }), fc.constantFrom('', 's'.repeat(64), 's'.repeat(65), 'ü'.repeat(40)));
    fc.assert(
      fc.property(text, text, fc.constantFrom('hex' as const, 'base64' as const, 'base64url' as const), (key, data, encoding) => {
        expect(hmacSha1(key, data, encoding)).toBe(createHmac('sha1', key).update(data).digest(encoding));
      }),
      { numRuns: 1000 },
    );
  });
});

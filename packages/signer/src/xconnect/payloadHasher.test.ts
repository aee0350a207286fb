import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { moonstonePayloadHash } from './moonstoneQuery.js';
import { createPayloadHasher, EMPTY_PAYLOAD_HASH } from './payloadHash.js';

/** SHA-256 hex of bytes given as hex, by Python's hashlib: an oracle that shares no code with the kit. */
function pythonSha256(hex: string): string {
  return execFileSync('python3', ['-c', 'import sys,hashlib;print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())', hex], { encoding: 'utf8' }).trim();
}

/** The body fed in pieces cut at the given offsets. */
function hashInPieces(body: Uint8Array, cuts: readonly number[], platform?: 'moonstone'): string {
  const hasher = createPayloadHasher(platform === undefined ? {} : { platform });
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    hasher.update(body.subarray(from, cut));
    from = cut;
  }
  hasher.update(body.subarray(from));
  expect(hasher.size).toBe(body.length);
  return hasher.digest();
}

describe('createPayloadHasher', () => {
  it('hashes nothing to the empty payload hash', () => {
    expect(createPayloadHasher().digest()).toBe(EMPTY_PAYLOAD_HASH);
    expect(createPayloadHasher({ platform: 'moonstone' }).digest()).toBe(EMPTY_PAYLOAD_HASH);
  });

  it('hashes a body given in chunks as Python hashes it whole', () => {
    const body = Buffer.from('{"name":"Gerät ☃ 😀","n":[1,2,3]}'.repeat(500));
    const expected = pythonSha256(body.toString('hex'));
    expect(hashInPieces(body, [1, 7, 4096, body.length - 3])).toBe(expected);
    // Valid UTF-8 is hashed as sent under moonstone too, even with a character cut between chunks.
    const emoji = body.indexOf(Buffer.from('😀'));
    expect(hashInPieces(body, [emoji + 1, emoji + 2, emoji + 3], 'moonstone')).toBe(expected);
  });

  it("hashes malformed UTF-8 under moonstone as Java's decoder read it, cut anywhere", () => {
    // By hand: 61 | ED A0 80 (an encoded surrogate: one U+FFFD for Java, three for TextDecoder) | 62 |
    // C3 28 (a two-byte lead before "(": U+FFFD for the lead, then "(") | F0 9F 98 (a truncated
    // four-byte sequence at the end: one U+FFFD). Re-encoded, U+FFFD is EF BF BD.
    const body = Buffer.from('61eda08062c328f09f98', 'hex');
    const expected = pythonSha256('61efbfbd62efbfbd28efbfbd');
    for (let a = 0; a <= body.length; a += 1) {
      for (let b = a; b <= body.length; b += 1) expect(hashInPieces(body, [a, b], 'moonstone')).toBe(expected);
    }
    // The kit hashes the bytes as sent.
    expect(hashInPieces(body, [2, 5])).toBe(pythonSha256(body.toString('hex')));
  });

  it('agrees with moonstonePayloadHash of the whole body for any bytes cut anywhere', () => {
    // Bytes drawn mostly from the UTF-8 lead and continuation ranges, where malformed runs arise.
    const byte = fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.integer({ min: 0x20, max: 0x7f }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }), (bytes, cuts) => {
        const body = Uint8Array.from(bytes);
        expect(hashInPieces(body, cuts.map((c) => Math.min(c, body.length)), 'moonstone')).toBe(moonstonePayloadHash(body));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps no reference to a chunk the caller reuses', () => {
    const hasher = createPayloadHasher({ platform: 'moonstone' });
    const chunk = Buffer.from('61e282', 'hex'); // "a" and the first two bytes of "€" (E2 82 AC)
    hasher.update(chunk);
    chunk.fill(0);
    hasher.update(Buffer.from('ac', 'hex'));
    expect(hasher.digest()).toBe(pythonSha256('61e282ac'));
  });

  it('refuses a chunk that is not bytes, and bytes after the digest', () => {
    const hasher = createPayloadHasher();
    expect(() => hasher.update('text' as unknown as Uint8Array)).toThrow(SigkitInputError);
    expect(() => hasher.update('text' as unknown as Uint8Array)).toThrow(/a body chunk must be a Uint8Array, got string/);
    hasher.digest();
    expect(() => hasher.update(new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'HASHER_FINISHED' }));
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeMoonstoneQuery, decodeMoonstoneQueryComponent, moonstonePayloadHash } from './moonstoneQuery.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('decodeMoonstoneQuery', () => {
  it('keeps pieces with an empty name, skips empty pieces, reads bare names as empty values', () => {
    expect(decodeMoonstoneQuery('=v&a=1&&flag&=').map((p) => [p.name, p.value])).toEqual([['', 'v'], ['a', '1'], ['flag', ''], ['', '']]);
  });

  it('decodes %XX and + the Java way', () => {
    expect(decodeMoonstoneQueryComponent('caf%C3%A9+au+lait')).toBe('café au lait');
    // ED BF BF is one U+FFFD in Java (TextDecoder gives three).
    expect(decodeMoonstoneQueryComponent('a%ED%BF%BFz')).toBe('a\uFFFDz');
    expect(decodeMoonstoneQueryComponent('%2F%2b')).toBe('/+');
  });

  it('throws MALFORMED_QUERY on a broken escape', () => {
    expect(() => decodeMoonstoneQueryComponent('a%zz')).toThrow(expect.objectContaining({ code: 'MALFORMED_QUERY' }));
  });
});

describe('moonstonePayloadHash', () => {
  it('hashes valid UTF-8 as sent', () => {
    const body = Buffer.from('{"name":"café"}', 'utf8');
    expect(moonstonePayloadHash(body)).toBe(sha256(body));
    expect(moonstonePayloadHash('')).toBe(sha256(Buffer.alloc(0)));
  });

  it('hashes invalid UTF-8 as its lossy re-encoding (E2 82 becomes EF BF BD)', () => {
    expect(moonstonePayloadHash(Uint8Array.of(0xe2, 0x82))).toBe(sha256(Buffer.from([0xef, 0xbf, 0xbd])));
    expect(moonstonePayloadHash(Uint8Array.of(0x7b, 0xff, 0x7d))).toBe(sha256(Buffer.from([0x7b, 0xef, 0xbf, 0xbd, 0x7d])));
    // An encoded surrogate is one replacement, not three.
    expect(moonstonePayloadHash(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(sha256(Buffer.from([0xef, 0xbf, 0xbd])));
  });
});

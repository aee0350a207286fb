import { describe, expect, it } from 'vitest';
import { decodeUtf8LikeJava } from './javaUtf8.js';

const R = '\uFFFD';
const bytes = (...b: number[]) => Uint8Array.from(b);

// Expected strings derived by hand from Java 8's UTF-8 decoder rules (malformed-input lengths of
// sun.nio.cs.UTF_8), not from TextDecoder, which differs on several of them.
describe('decodeUtf8LikeJava', () => {
  it.each([
    ['ASCII', bytes(0x61, 0x62), 'ab'],
    ['two, three and four bytes', bytes(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), 'é€😀'],
    ['an encoded surrogate: one U+FFFD', bytes(0x61, 0xed, 0xa0, 0x80, 0x62), `a${R}b`],
    ['ED BF BF: one U+FFFD', bytes(0xed, 0xbf, 0xbf), R],
    ['a lead, a good second, a bad third: one U+FFFD for both', bytes(0xed, 0xa0, 0x41), `${R}A`],
    ['E0 followed by an overlong second byte', bytes(0xe0, 0x80, 0x80), R + R + R],
    ['a lone continuation byte', bytes(0x80), R],
    ['C0 and C1', bytes(0xc0, 0xaf, 0xc1, 0x41), `${R}${R}${R}A`],
    ['a two-byte lead before ASCII', bytes(0xc3, 0x41), `${R}A`],
    ['a truncated three-byte sequence at the end', bytes(0x41, 0xe2, 0x82), `A${R}`],
    ['a truncated four-byte sequence at the end: one U+FFFD', bytes(0xf0, 0x9f, 0x98), R],
    ['a four-byte lead, a good second, then ASCII', bytes(0xf0, 0x9f, 0x41), `${R}A`],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), R + R + R + R],
    ['F5 to FF', bytes(0xf5, 0x80, 0x80, 0x80), R + R + R + R],
    ['an overlong four-byte form', bytes(0xf0, 0x80, 0x80, 0x80), R + R + R + R],
    ['four bytes with a bad fourth', bytes(0xf0, 0x9f, 0x98, 0x41), `${R}A`],
    ['E2 82 at the end after a good character', bytes(0xc3, 0xa9, 0xe2, 0x82), `é${R}`],
  ])('%s', (_what, input, expected) => {
    expect(decodeUtf8LikeJava(input)).toBe(expected);
  });

  it('decodes a large valid body unchanged', () => {
    const text = 'héllo wörld 😀 '.repeat(5000);
    expect(decodeUtf8LikeJava(Buffer.from(text, 'utf8'))).toBe(text);
  });
});

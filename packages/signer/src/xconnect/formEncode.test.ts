import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formEncode } from './formEncode.js';

// Expected values hand-derived from Java's URLEncoder rules (docs/spec/xconnect.md §1.1).
describe('formEncode', () => {
  it('keeps A-Z a-z 0-9 . - * _', () => {
    expect(formEncode('AZaz09.-*_')).toBe('AZaz09.-*_');
  });
  it('turns a space into +', () => {
    expect(formEncode('first name')).toBe('first+name');
  });
  it('percent-encodes other ASCII with upper-case hex, including ~ which RFC 3986 would keep', () => {
    expect(formEncode('~!+=&/%')).toBe('%7E%21%2B%3D%26%2F%25');
  });
  it('encodes each UTF-8 byte of multi-byte characters', () => {
    expect(formEncode('größe')).toBe('gr%C3%B6%C3%9Fe');
    expect(formEncode('€')).toBe('%E2%82%AC');
    expect(formEncode('😀')).toBe('%F0%9F%98%80');
  });
});

describe('formEncode against encodeURIComponent', () => {
  // An independent route to Java's URLEncoder: encodeURIComponent also keeps ! ~ ' ( ), which Java
  // encodes, and writes a space as %20 where Java writes +.
  const java = (text: string) =>
    encodeURIComponent(text)
      .replace(/[!~'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');

  it('agrees on any well-formed text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
      expect(formEncode(text)).toBe(java(text));
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...' !~\'()*-._+%&=/?é😀aZ09'), maxLength: 20 }), (text) => {
      expect(formEncode(text)).toBe(java(text));
    }));
  });
});

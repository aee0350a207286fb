import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { decodeQuery, decodeQueryComponent } from './decodeQuery.js';

const pairs = (raw: string) => decodeQuery(raw).map((p) => [p.name, p.value]);

describe('decodeQuery (servlet-style)', () => {
  it('decodes + as space and %XX as UTF-8', () => {
    expect(pairs('q=a+b%20c&n=%C3%A9t%C3%A9')).toEqual([['q', 'a b c'], ['n', 'été']]);
  });
  it('keeps a byte-order mark at the start of a name or value, as Java decodes it', () => {
    // EF BB BF is U+FEFF in UTF-8; a decoder that skips a leading BOM would lose it.
    expect(decodeQueryComponent('%EF%BB%BFa')).toBe('\ufeffa');
    expect(decodeQuery('%EF%BB%BF=%EF%BB%BF').map((p) => [p.name, p.value])).toEqual([['\ufeff', '\ufeff']]);
  });

  it('gives a bare flag the empty value and keeps repeated names in order', () => {
    expect(pairs('flag&a=2&a=1&e=')).toEqual([['flag', ''], ['a', '2'], ['a', '1'], ['e', '']]);
  });
  it('skips empty segments and empty names', () => {
    expect(pairs('&a=1&&=x&b=2&')).toEqual([['a', '1'], ['b', '2']]);
  });
  it('splits at the first = only', () => {
    expect(pairs('a=b=c')).toEqual([['a', 'b=c']]);
  });
  it('keeps the raw text of each part', () => {
    expect(decodeQuery('First%20Name=J%2Bane')[0]).toEqual({ rawName: 'First%20Name', rawValue: 'J%2Bane', name: 'First Name', value: 'J+ane' });
  });
  it('replaces invalid UTF-8 with U+FFFD', () => {
    expect(decodeQueryComponent('%FFa')).toBe('\uFFFDa');
  });
  it('rejects a malformed percent-escape with a typed error', () => {
    expect(() => decodeQuery('a=%G1')).toThrow(SigkitInputError);
    expect(() => decodeQuery('a=100%')).toThrow(/malformed percent-escape/);
  });
  it('has no parameters for an empty or absent query', () => {
    expect(decodeQuery('')).toEqual([]);
    expect(decodeQuery(undefined)).toEqual([]);
  });
});

describe('decodeQueryComponent against a run-by-run decoder', () => {
  // Java's URLDecoder decodes each run of consecutive escapes on its own; this is that algorithm.
  const runByRun = (raw: string) =>
    raw.replace(/\+/g, ' ').replace(/(%[0-9A-Fa-f]{2})+/g, (run) => new TextDecoder().decode(Uint8Array.from(run.slice(1).split('%').map((h) => Number.parseInt(h, 16)))));

  it('gives the same text for any mix of escapes, pluses, ASCII and other characters', () => {
    const piece = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => '%' + b.toString(16).padStart(2, '0')),
      fc.integer({ min: 0x80, max: 0xff }).map((b) => '%' + b.toString(16).toUpperCase()),
      fc.constantFrom('+', 'a', '=', '~', 'é', '😀', '\u0080'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const raw = pieces.join('');
        expect(decodeQueryComponent(raw)).toBe(runByRun(raw));
      }),
      { numRuns: 1000 },
    );
  });
});

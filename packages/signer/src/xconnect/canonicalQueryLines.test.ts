import { describe, expect, it } from 'vitest';
import { canonicalQueryLines, javaTrim } from './canonicalQueryLines.js';

describe('canonicalQueryLines', () => {
  it("reproduces the guide's example", () => {
    // Literal from the seed guide, step 1.
    expect(canonicalQueryLines('lastName=Doe&firstName=Jane&Age=30')).toEqual(['age=30', 'firstname=Jane', 'lastname=Doe']);
  });
  it('sorts whole lines: "a-b=1" before "a=1" because "-" < "="', () => {
    expect(canonicalQueryLines('a=1&a-b=1')).toEqual(['a-b=1', 'a=1']);
  });
  it('sorts by UTF-16 code unit, so upper-case encoded bytes sort before letters', () => {
    expect(canonicalQueryLines('b=1&%C3%A9=2&Z=3')).toEqual(['%C3%A9=2', 'b=1', 'z=3']);
  });
  it('lower-cases and form-encodes names but keeps values decoded and in their case', () => {
    expect(canonicalQueryLines('First%20Name=J%C3%A4ne+Doe')).toEqual(['first+name=Jäne Doe']);
  });
  it('trims values of characters up to U+0020 only', () => {
    expect(canonicalQueryLines('a=%20%09x%20y%0A&b=%C2%A0z')).toEqual(['a=x y', 'b=\u00a0z']);
    expect(javaTrim('\u0000 a \u001f')).toBe('a');
  });
  it('gives one line per repeated value and name= for empty values and bare flags', () => {
    expect(canonicalQueryLines('a=2&flag&a=1&e=')).toEqual(['a=1', 'a=2', 'e=', 'flag=']);
  });
  it('gives no line at all without parameters', () => {
    expect(canonicalQueryLines(undefined)).toEqual([]);
    expect(canonicalQueryLines('')).toEqual([]);
    expect(canonicalQueryLines([])).toEqual([]);
  });
  it('treats structured pairs as already decoded', () => {
    expect(canonicalQueryLines([['fromTimestamp', ' 2020 '], ['a+b', '%41']])).toEqual(['a%2Bb=%41', 'fromtimestamp=2020']);
  });
});

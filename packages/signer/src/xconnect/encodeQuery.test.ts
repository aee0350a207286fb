import { describe, expect, it } from 'vitest';
import { decodeQuery } from './decodeQuery.js';
import { encodeQuery } from './encodeQuery.js';

describe('encodeQuery', () => {
  it('percent-encodes reserved characters, with %20 for a space', () => {
    expect(encodeQuery([['lastName', 'Doe'], ['q', "a b&c=d+e!'()*"]])).toBe('lastName=Doe&q=a%20b%26c%3Dd%2Be%21%27%28%29%2A');
  });
  it('round-trips through the servlet-style decoder', () => {
    const params: [string, string][] = [['ä ö', ' x+y '], ['e', ''], ['e', '€'], ['a-b', '%20']];
    expect(decodeQuery(encodeQuery(params)).map((p) => [p.name, p.value])).toEqual(params);
  });
  it('rejects pairs that are not two strings, empty names and lone surrogates', () => {
    expect(() => encodeQuery([['a'] as unknown as [string, string]])).toThrow(/\[name, value\] pair/);
    expect(() => encodeQuery([['', 'x']])).toThrow(/empty name/);
    expect(() => encodeQuery([['a', '\uD800']])).toThrow(/lone surrogate/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKxBodyFieldReader } from './kxBodyFields.js';

/** What the KX verifier reads of a body (readKxWire): JSON or not, its kind, and the three string fields. */
function reading(body: Uint8Array | string): { json: boolean; kind?: string; type?: unknown; id?: unknown; date?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch {
    return { json: false };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { json: true, kind: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value };
  const record = value as Record<string, unknown>;
  const field = (name: string) => (typeof record[name] === 'string' ? record[name] : undefined);
  return { json: true, kind: 'object', type: field('type'), id: field('id'), date: field('date') };
}

function standInOf(body: Uint8Array, cuts: readonly number[]): string {
  const reader = createKxBodyFieldReader();
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.update(body.subarray(from, Math.min(cut, body.length)));
    from = Math.min(cut, body.length);
  }
  reader.update(body.subarray(from));
  return reader.standIn();
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('createKxBodyFieldReader', () => {
  it('keeps the top-level type, id and date of a call, the last of a repeated key, and nothing else', () => {
    const body = bytes('{"type":"getMemReq","msg":[{"date":"inner","id":7}],"id":"a\\"b\\u00e9","date":"x","d\\u0061te":"Fri, 26 Jul 2019 16:59:00 GMT","n":-1.5e+3}');
    expect(JSON.parse(standInOf(body, [3, 40, 41]))).toEqual({ type: 'getMemReq', id: 'a"bé', date: 'Fri, 26 Jul 2019 16:59:00 GMT' });
  });

  it('drops a wanted field whose last value is not a string', () => {
    expect(JSON.parse(standInOf(bytes('{"date":"Fri","date":{"a":["b"]},"id":"1","id":null,"type":[]}'), []))).toEqual({});
  });

  it.each([
    ['', ''],
    ['\uFEFF{}', ''],
    ['{"a":1', ''],
    ['{"a":01}', ''],
    ['{"a":1.}', ''],
    ['{"a":"\u0001"}', ''],
    ['{"a":tru}', ''],
    ['{"a":1}}', ''],
    ['{"a":[1,]}', ''],
    ['[1,2]', '[]'],
    [' "text" ', '""'],
    ['-0.5e7', '0'],
    ['null', 'null'],
    ['false', 'false'],
  ])('reads %j as %j', (body, standIn) => {
    expect(standInOf(bytes(body), [1])).toBe(standIn);
  });

  it('refuses bytes that are not UTF-8, even cut between chunks', () => {
    expect(standInOf(Uint8Array.of(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d), [7])).toBe('');
    expect(standInOf(Uint8Array.of(0x22, 0xe2, 0x82), [2])).toBe('');
    expect(JSON.parse(standInOf(bytes('{"id":"€"}'), [8, 9]))).toEqual({ id: '€' });
  });

  it('reads any JSON, and any corruption of it, as the verifier reads the whole body, cut anywhere', () => {
    const withFields = fc.record({ type: fc.oneof(fc.string(), fc.integer()), id: fc.string(), date: fc.oneof(fc.string(), fc.constant(null)), msg: fc.jsonValue() }, { requiredKeys: [] });
    const text = fc.oneof(fc.json(), withFields.map((v) => JSON.stringify(v, null, 1)));
    const corrupted = fc.tuple(text, fc.nat(), fc.constantFrom('', '"', ',', '}', ']', '\\', '0', '-', 'e', ' ', '\uFFFF', 'tru')).map(([t, at, piece]) => {
      const i = t.length === 0 ? 0 : at % t.length;
      return t.slice(0, i) + piece + t.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(text, corrupted), fc.array(fc.nat(400), { maxLength: 4 }), (body, cuts) => {
        const encoded = bytes(body);
        expect(reading(standInOf(encoded, cuts))).toEqual(reading(encoded));
      }),
      { numRuns: 3000 },
    );
  });
});

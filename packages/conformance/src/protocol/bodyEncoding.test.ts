import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, bodyFields } from './bodyEncoding.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const strictText = (bytes: Uint8Array): string | undefined => {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
};

describe('bodyFields', () => {
  it('sends exactly the bytes a strict UTF-8 decoder accepts as text (a BOM kept), and the others as Base64', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ unit: 'grapheme' }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.string({ unit: 'grapheme' }).map((s) => new Uint8Array(Buffer.from('\ufeff' + s, 'utf8'))),
    );
    fc.assert(
      fc.property(bytes, (body) => {
        const fields = bodyFields(body);
        const text = strictText(body);
        expect(fields).toEqual(text === undefined ? { bodyBase64: Buffer.from(body).toString('base64') } : { body: text });
        expect(Buffer.from(bodyBytesOf(fields)).equals(body)).toBe(true);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const buffer = Uint8Array.of(0x41, 0xff, 0x42, 0x43);
    expect(bodyFields(buffer.subarray(2))).toEqual({ body: 'BC' });
    expect(bodyFields(buffer.subarray(1, 3))).toEqual({ bodyBase64: Buffer.from([0xff, 0x42]).toString('base64') });
  });
});

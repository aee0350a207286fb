import { describe, expect, it } from 'vitest';
import { parseHar } from './parseHar.js';

const har = (entries: object[]) => JSON.stringify({ log: { version: '1.2', entries: entries.map((request) => ({ request })) } });

describe('parseHar', () => {
  const unsigned = { method: 'GET', url: 'https://h/favicon.ico', headers: [] };
  const signed = {
    method: 'POST',
    url: 'https://h/api/v1/kronos/devices?x=%20',
    headers: [{ name: ':authority', value: 'h' }, { name: 'x-arrow-signature', value: 'abc' }],
    postData: { mimeType: 'application/octet-stream', text: '/w==', encoding: 'base64' },
  };

  it('picks the first signed entry, drops HTTP/2 pseudo headers and decodes a Base64 body', () => {
    const captured = parseHar(har([unsigned, signed]));
    expect(captured).toMatchObject({ method: 'POST', target: '/api/v1/kronos/devices?x=%20', headers: { 'x-arrow-signature': 'abc' }, source: 'HAR entry 1' });
    expect(captured.body).toEqual(Uint8Array.of(0xff));
  });

  it('takes the entry asked for, and a bare request object', () => {
    expect(parseHar(har([unsigned, signed]), 0).target).toBe('/favicon.ico');
    expect(parseHar(JSON.stringify(signed)).method).toBe('POST');
  });

  it('says which entries exist when the index is wrong, and refuses non-HAR JSON', () => {
    expect(() => parseHar(har([unsigned]), 3)).toThrow(/entry 3 does not exist; the file has 1/);
    expect(() => parseHar(har([unsigned, unsigned]))).toThrow(/none carries a signature/);
    expect(() => parseHar('{"hello":1}')).toThrow(/not a HAR/);
  });
});

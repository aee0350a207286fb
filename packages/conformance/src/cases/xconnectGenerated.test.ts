import { decodeQuery } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf } from '../protocol/bodyEncoding.js';
import { generateValues } from '../run/generateValues.js';
import { requestSize } from './checkCase.js';
import { generatedBodyBytes, generatedXConnectCase, xconnectRequests } from './xconnectGenerated.js';

describe('generated xConnect cases', () => {
  const values = generateValues(xconnectRequests([0, 1, 2]), 3000, 20240506);
  const cases = values.map((value, index) => generatedXConnectCase(value, `generated#${index}`));

  it('give the query pairs the server decodes from their rawQuery, and api keys of 64 hex digits', () => {
    expect(new Set(cases.map((c) => c.request.apiKey)).size).toBeGreaterThan(cases.length / 2);
    for (const { request } of cases) {
      expect(request.apiKey).toMatch(/^[0-9a-f]{64}$/);
      expect(request.query).toEqual(decodeQuery(request.rawQuery ?? undefined).map((p) => [p.name, p.value]));
    }
  });

  it('carry the body asked for both in the line and to the judge, and their size is the JSON length', () => {
    for (const { request, expect: expected, size } of cases) {
      expect(Buffer.from(bodyBytesOf(request)).equals(expected.body!)).toBe(true);
      expect(size).toBe(JSON.stringify(request).length);
    }
  });

  it('draw large bodies of every octave from 1 KiB to 256 KiB, the same bytes for the same size and seed', () => {
    const sizes = values.flatMap((v) => (v.body.kind === 'large' ? [v.body.size] : []));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(256 * 1024);
    const octaves = new Set(sizes.map((size) => Math.floor(Math.log2(size))));
    for (let octave = 10; octave <= 17; octave += 1) expect(octaves).toContain(octave);
    const body = { kind: 'large', size: 5000, seed: -7 } as const;
    expect(Buffer.from(generatedBodyBytes(body)).equals(generatedBodyBytes({ ...body }))).toBe(true);
    expect(Buffer.from(generatedBodyBytes(body)).equals(generatedBodyBytes({ ...body, seed: 8 }))).toBe(false);
    expect(generatedBodyBytes({ kind: 'large', size: 256 * 1024, seed: -1 })).toHaveLength(256 * 1024);
  });

  it('measure a large Base64 body without serialising it', () => {
    const request = { id: 'c1', method: 'POST', bodyBase64: 'QUJD'.repeat(1000), version: 1 };
    expect(requestSize(request)).toBe(JSON.stringify(request).length);
  });
});

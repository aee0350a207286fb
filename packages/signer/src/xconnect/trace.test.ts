import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import { computeXConnectTrace, traceXConnectRequest } from './trace.js';

describe('traceXConnectRequest', () => {
  const parts = {
    method: 'post', path: GUIDE.path, rawQuery: GUIDE.query, body: '', apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp, version: 1 as const,
  };

  it("computes the guide's documented example step by step", () => {
    const trace = traceXConnectRequest(parts);
    expect(trace.method).toBe('POST');
    expect(trace.payloadHash).toBe(GUIDE.emptyPayloadHash);
    expect(trace.canonicalRequestHash).toBe(GUIDE.canonicalRequestHash);
    expect(trace.stringToSign).toBe(GUIDE.stringToSign);
    expect(trace.signingKey).toEqual(GUIDE.signingKey);
    expect(trace.signature).toBe(GUIDE.signature);
  });

  it('takes a known payload hash instead of the body', () => {
    expect(traceXConnectRequest({ ...parts, body: 'ignored', payloadHash: GUIDE.emptyPayloadHash }).signature).toBe(GUIDE.signature);
    expect(traceXConnectRequest({ ...parts, body: 'not empty' }).signature).not.toBe(GUIDE.signature);
  });

  it('sorts the query lines by UTF-16 code units, as Array#sort does, whatever their number', () => {
    // Names and values that sort apart only on code units: case, digits before letters, "=" and "_",
    // a character outside the BMP (two code units) against one just below the surrogates.
    const piece = fc.constantFrom('a', 'A', 'b', '_', '0', '9', 'a0', 'a_', 'aa', '%C3%A9', '%EF%BF%BD', '%F0%9F%98%80', '%ED%9F%BF', '');
    const query = fc.array(fc.tuple(piece, piece), { minLength: 1, maxLength: 40 }).map((pairs) => pairs.map(([n, v]) => `${n || 'x'}=${v}`).join('&'));
    fc.assert(
      fc.property(query, (rawQuery) => {
        const sorted = traceXConnectRequest({ ...parts, rawQuery }).queryLines;
        // The same lines in the order sent, through the general path (another code path than the reference one).
        const inWireOrder = computeXConnectTrace({ ...parts, rawQuery }, { queryOrder: 'wire' }).queryLines;
        expect(sorted).toEqual([...inWireOrder].sort());
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import { traceXConnectRequest } from './trace.js';

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
});

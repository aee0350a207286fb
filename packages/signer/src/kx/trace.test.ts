import { describe, expect, it } from 'vitest';
import { kxProfile } from './profile.js';
import { computeKxTrace, KX_DOC_LITERAL_CONTENT_TYPE, type KxTraceInput } from './trace.js';

const input: KxTraceInput = {
  method: 'post',
  authPath: '/connect/api/monPublic/getMem',
  username: 'kxSupport',
  sessionId: '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
  body: '{}',
  contentTypeHeader: 'application/json; charset=utf-8',
  date: 'Fri, 26 Jul 2019 16:59:00 GMT',
};

describe('computeKxTrace', () => {
  it('signs the Content-Type header as sent by default', () => {
    const trace = computeKxTrace(input, kxProfile());
    expect(trace.method).toBe('POST');
    expect(trace.contentType).toBe('application/json; charset=utf-8');
    // MD5 of "{}", the string to sign written out by hand.
    expect(trace.stringToSign).toBe(
      'POST\n/connect/api/monPublic/getMem\nkxSupport\n99914b932bd37a50b983c5e7c90ae93b\napplication/json; charset=utf-8\nFri, 26 Jul 2019 16:59:00 GMT\n0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c',
    );
    expect(trace.authorization).toBe(`kxSupporta6b7c:${trace.signature}`);
  });

  it("signs the guide's literal under DocLiteralContentType, whatever the header", () => {
    expect(KX_DOC_LITERAL_CONTENT_TYPE).toBe('Application-json');
    const trace = computeKxTrace(input, kxProfile('DocLiteralContentType'));
    expect(trace.contentType).toBe('Application-json');
    expect(trace.stringToSign.split('\n')[4]).toBe('Application-json');
  });

  it('records a copy of the profile it used', () => {
    const profile = kxProfile('HexSignature');
    const trace = computeKxTrace(input, profile);
    expect(trace.profile).toEqual(profile);
    expect(trace.profile).not.toBe(profile);
    expect(trace.signature).toMatch(/^[0-9a-f]{40}$/);
  });
});

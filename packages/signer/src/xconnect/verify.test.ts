import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import type { WireRequest } from '../shared/wire.js';
import { signXConnectRequest } from './sign.js';
import { verifyXConnectRequest, type VerifyXConnectOptions, type XConnectCredentialRecord } from './verify.js';

const NOW = Date.parse(GUIDE.timestamp) + 5_000;
const record: XConnectCredentialRecord = { apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey };
const options = (extra: Partial<XConnectCredentialRecord> = {}, more: Partial<VerifyXConnectOptions> = {}): VerifyXConnectOptions => ({
  lookupCredentials: (key) => (key === GUIDE.apiKey ? { ...record, ...extra } : undefined),
  now: NOW,
  ...more,
});

function guideWire(headers: Record<string, string | undefined> = {}, patch: Partial<WireRequest> = {}): WireRequest {
  const signed = signXConnectRequest({ method: GUIDE.method, path: GUIDE.path, query: GUIDE.query, apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp });
  return { method: signed.method, target: signed.target, headers: { ...signed.headers, ...headers }, body: '', ...patch };
}

describe('verifyXConnectRequest', () => {
  it("accepts the guide's request and returns the full expected trace", () => {
    const verdict = verifyXConnectRequest(guideWire(), options());
    expect(verdict).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(verdict.expected?.signature).toBe(GUIDE.signature);
    expect(verdict.provided.skewSeconds).toBe(5);
  });

  it('reads header names in any case and a repeated header by its first value', () => {
    const wire = guideWire();
    const upper = Object.fromEntries(Object.entries(wire.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyXConnectRequest({ ...wire, headers: upper }, options()).ok).toBe(true);
    expect(verifyXConnectRequest({ ...wire, headers: { ...wire.headers, 'x-arrow-signature': [GUIDE.signature, 'junk'] } }, options()).ok).toBe(true);
  });

  it.each([
    ['exempt', guideWire({ 'x-arrow-apikey': undefined }, { method: 'OPTIONS' }), options()],
    ['missing_api_key', guideWire({ 'x-arrow-apikey': undefined, 'x-arrow-signature': 'bad' }), options()],
    ['invalid_api_key', guideWire({ 'x-arrow-apikey': 'nope', 'x-arrow-date': 'bad' }), options()],
    ['api_key_disabled', guideWire({ 'x-arrow-date': 'bad' }), options({ expired: true, applicationDisabled: true })],
    ['application_disabled', guideWire({ 'x-arrow-date': 'bad' }), options({ applicationDisabled: true })],
    ['missing_date', guideWire({ 'x-arrow-date': undefined, 'x-arrow-signature': 'bad' }), options()],
    ['invalid_date', guideWire({ 'x-arrow-date': '12/04/2016', 'x-arrow-signature': 'bad' }), options()],
    ['clock_skew', guideWire({ 'x-arrow-signature': 'bad' }), options({}, { now: NOW + 600_000 })],
    ['unsupported_version', guideWire({ 'x-arrow-version': '3', 'x-arrow-signature': 'bad' }), options()],
    ['unsupported_version', guideWire({ 'x-arrow-version': '2' }), options()],
    ['missing_signature', guideWire({ 'x-arrow-signature': undefined }), options()],
    ['malformed_query', guideWire({}, { target: `${GUIDE.path}?a=%zz` }), options()],
    ['signature_mismatch', guideWire({ 'x-arrow-signature': GUIDE.signature.toUpperCase() }), options()],
  ] as const)('decides %s, the first failing check in spec order', (code, wire, opts) => {
    const verdict = verifyXConnectRequest(wire, opts);
    expect(verdict.code).toBe(code);
    expect(verdict.ok).toBe(code === 'exempt');
    expect(verdict.message.length).toBeGreaterThan(10);
  });

  it('answers with the production messages of docs/spec/xconnect.md §3', () => {
    expect(verifyXConnectRequest(guideWire({ 'x-arrow-apikey': undefined }), options()).serverMessage).toBe('missing apiKey');
    expect(verifyXConnectRequest(guideWire({ 'x-arrow-apikey': 'x' }), options()).serverMessage).toBe('invalid apiKey');
    expect(verifyXConnectRequest(guideWire(), options({ expired: true })).serverMessage).toBe('apiKey is disabled');
    expect(verifyXConnectRequest(guideWire(), options({ applicationDisabled: true })).serverMessage).toBe('application is disabled');
    const mismatch = verifyXConnectRequest(guideWire({ 'x-arrow-signature': '0' }), options());
    expect(mismatch).toMatchObject({ serverMessage: 'Not Authorized', status: 401 });
  });

  it('treats a skew of exactly the window as outside it (|now − date| >= 600 s)', () => {
    expect(verifyXConnectRequest(guideWire(), options({}, { now: Date.parse(GUIDE.timestamp) + 599_999 })).ok).toBe(true);
    expect(verifyXConnectRequest(guideWire(), options({}, { now: Date.parse(GUIDE.timestamp) + 600_000 })).code).toBe('clock_skew');
    expect(verifyXConnectRequest(guideWire(), options({}, { now: Date.parse(GUIDE.timestamp) - 600_000 })).code).toBe('clock_skew');
    expect(verifyXConnectRequest(guideWire(), options({}, { now: Date.parse(GUIDE.timestamp) + 50_000, clockWindowSeconds: 30 })).code).toBe('clock_skew');
  });

  it('rejects the published server bypass: unknown version and no signature', () => {
    const verdict = verifyXConnectRequest(guideWire({ 'x-arrow-version': '9', 'x-arrow-signature': undefined }), options({}, { acceptedVersions: [0, 1, 2] }));
    expect(verdict.ok).toBe(false);
    expect(verdict.code).toBe('unsupported_version');
  });

  it('accepts versions 0 and 2 when configured to, as the published server did', () => {
    for (const version of [0, 2] as const) {
      const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=2', apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp, version });
      expect(verifyXConnectRequest(signed, options()).code).toBe('unsupported_version');
      expect(verifyXConnectRequest(signed, options({}, { acceptedVersions: [0, 1, 2] })).ok).toBe(true);
    }
  });

  it('checks only the api key when signing is off, and lets x-auth-token in then', () => {
    expect(verifyXConnectRequest(guideWire({ 'x-arrow-signature': 'bad' }), options({ signingRequired: false })).ok).toBe(true);
    const tokenOnly: WireRequest = { method: 'GET', target: '/api/v1/kronos/devices', headers: { 'x-auth-token': 'tok' } };
    const lookupAuthToken = (t: string) => (t === 'tok' ? { ...record, signingRequired: false } : undefined);
    expect(verifyXConnectRequest(tokenOnly, options({}, { lookupAuthToken })).ok).toBe(true);
    const signingOn = (t: string) => (t === 'tok' ? record : undefined);
    expect(verifyXConnectRequest(tokenOnly, options({}, { lookupAuthToken: signingOn })).code).toBe('signing_required');
    expect(verifyXConnectRequest({ ...tokenOnly, headers: { 'x-auth-token': 'other' } }, options({}, { lookupAuthToken })).code).toBe('invalid_api_key');
  });

  it('verifies the exact body bytes', () => {
    const signed = signXConnectRequest({ method: 'POST', path: '/api/v1/kronos/devices', body: '{"uid":"ü"}', apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp });
    expect(verifyXConnectRequest({ ...signed, body: Buffer.from('{"uid":"ü"}') }, options()).ok).toBe(true);
    expect(verifyXConnectRequest({ ...signed, body: '{"uid":"u"}' }, options()).code).toBe('signature_mismatch');
    expect(verifyXConnectRequest({ ...signed, body: undefined }, options()).code).toBe('signature_mismatch');
  });

  it('never throws on garbage input', () => {
    const garbage = { method: undefined, target: undefined, headers: undefined } as unknown as WireRequest;
    expect(verifyXConnectRequest(garbage, options()).code).toBe('missing_api_key');
  });
});

import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import type { WireRequest } from '../shared/wire.js';
import { verifyXConnectRequest, type VerifyXConnectOptions, type XConnectCredentialRecord } from './verify.js';

// Every signature below is written out with node:crypto from the rules of docs/spec/xconnect.md §1–§2,
// with the canonical lines the platform builds (§3b) spelt by hand; nothing comes from the signer.
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
const { apiKey, secretKey } = GUIDE;

function signature(version: '0' | '1' | '2', method: string, path: string, lines: string[], bodyHash: string, ts: string): string {
  if (version === '0') return hmac(secretKey, `${method}\n${path}\n${lines.map((l) => `${l}\n`).join('')}x-arrow-apikey=${apiKey}\nx-arrow-date=${ts}`);
  const canonical = [method, path, ...lines, bodyHash].join('\n');
  const toSign = [sha256(canonical), apiKey, ts, version].join('\n');
  const k1 = version === '1' ? hmac(apiKey, secretKey) : hmac(secretKey, apiKey);
  return hmac(hmac(version, hmac(ts, k1)), toSign);
}

const EMPTY = sha256('');
const TS = GUIDE.timestamp;
const NOW = Date.parse(TS) + 5_000;
const P = '/api/v1/kronos/devices';

function wire(method: string, target: string, headers: Record<string, string | undefined>, body: string | Uint8Array = ''): WireRequest {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries({ 'x-arrow-apikey': apiKey, 'x-arrow-date': TS, 'x-arrow-version': '1', ...headers })) if (v !== undefined) h[k] = v;
  return { method, target, headers: h, body };
}

const opts = (record: Partial<XConnectCredentialRecord> = {}, more: Partial<VerifyXConnectOptions> = {}): VerifyXConnectOptions => ({
  lookupCredentials: (key) => (key === apiKey ? { apiKey, secretKey, ...record } : undefined),
  now: NOW,
  platform: 'moonstone',
  ...more,
});

const kit = (more: Partial<VerifyXConnectOptions> = {}) => opts({}, { platform: undefined, ...more });

describe("verifyXConnectRequest with platform: 'moonstone' (docs/spec/xconnect.md §3b)", () => {
  it('accepts an ordinary request of each version, like the kit', () => {
    for (const version of ['0', '1', '2'] as const) {
      const sig = signature(version, 'GET', P, ['_size=20'], EMPTY, TS);
      const w = wire('GET', `${P}?_size=20`, { 'x-arrow-version': version === '0' ? undefined : version, 'x-arrow-signature': sig });
      expect(verifyXConnectRequest(w, opts())).toMatchObject({ ok: true, code: 'ok', status: 200 });
    }
  });

  it('answers the firewall\'s 500 for a correctly signed path with ";", where the kit accepts it', () => {
    const path = `${P};jsessionid=1`;
    const w = wire('GET', path, { 'x-arrow-signature': signature('1', 'GET', path, [], EMPTY, TS) });
    expect(verifyXConnectRequest(w, kit()).ok).toBe(true);
    const verdict = verifyXConnectRequest(w, opts());
    expect(verdict).toMatchObject({ ok: false, code: 'firewall_rejected', status: 500, serverMessage: 'The request was rejected because the URL contained a potentially malicious String ";"' });
    expect(verdict.front).toMatchObject({ layer: 'firewall', rule: 'forbidden_string' });
  });

  it('answers 400 for a raw forbidden character and 500 for a lower-case method', () => {
    expect(verifyXConnectRequest(wire('GET', `${P}/a|b`, {}), opts())).toMatchObject({ code: 'container_rejected', status: 400, serverMessage: '' });
    const w = wire('get', P, { 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, TS) });
    expect(verifyXConnectRequest(w, kit()).ok).toBe(true);
    expect(verifyXConnectRequest(w, opts())).toMatchObject({ code: 'unknown_method', status: 500 });
  });

  it('exempts only its exact list of paths, and checks every other path', () => {
    expect(verifyXConnectRequest({ method: 'GET', target: '/favicon.ico', headers: {} }, opts())).toMatchObject({ ok: true, code: 'exempt' });
    expect(verifyXConnectRequest({ method: 'GET', target: '/api/v1/kronos/status', headers: {} }, opts())).toMatchObject({ code: 'missing_api_key' });
    expect(verifyXConnectRequest({ method: 'GET', target: '/api/v1/kronos/status', headers: {} }, kit())).toMatchObject({ code: 'exempt' });
  });

  it('refuses a query parameter with an empty name whatever the signature (the kit skips it)', () => {
    const target = `${P}?=orphan&a=1`;
    const kitSignature = signature('1', 'GET', P, ['a=1'], EMPTY, TS);
    expect(verifyXConnectRequest(wire('GET', target, { 'x-arrow-signature': kitSignature }), kit()).ok).toBe(true);
    expect(verifyXConnectRequest(wire('GET', target, { 'x-arrow-signature': kitSignature }), opts())).toMatchObject({ code: 'empty_parameter_name', status: 401, serverMessage: 'Not Authorized' });
    // Even through the unknown-version bypass: the platform built its signer first.
    expect(verifyXConnectRequest(wire('GET', target, { 'x-arrow-version': '3' }), opts())).toMatchObject({ code: 'empty_parameter_name' });
  });

  it('decodes malformed UTF-8 in the query the Java way (ED BF BF is one U+FFFD)', () => {
    const target = `${P}?x=a%ED%BF%BFz`;
    const sig = signature('1', 'GET', P, ['x=a\uFFFDz'], EMPTY, TS);
    expect(verifyXConnectRequest(wire('GET', target, { 'x-arrow-signature': sig }), opts()).ok).toBe(true);
    expect(verifyXConnectRequest(wire('GET', target, { 'x-arrow-signature': sig }), kit())).toMatchObject({ code: 'signature_mismatch' });
  });

  it('hashes a body that is not UTF-8 as its lossy re-encoding', () => {
    const body = Uint8Array.of(0x7b, 0xe2, 0x82, 0x7d);
    const lossy = sha256(Buffer.from([0x7b, 0xef, 0xbf, 0xbd, 0x7d]));
    const raw = sha256(Buffer.from(body));
    const platformSigned = wire('POST', P, { 'x-arrow-signature': signature('1', 'POST', P, [], lossy, TS) }, body);
    const rawSigned = wire('POST', P, { 'x-arrow-signature': signature('1', 'POST', P, [], raw, TS) }, body);
    expect(verifyXConnectRequest(platformSigned, opts()).ok).toBe(true);
    expect(verifyXConnectRequest(rawSigned, opts())).toMatchObject({ code: 'signature_mismatch' });
    expect(verifyXConnectRequest(rawSigned, kit()).ok).toBe(true);
  });

  it('reads an empty x-arrow-version as version 0', () => {
    const w = wire('GET', P, { 'x-arrow-version': '', 'x-arrow-signature': signature('0', 'GET', P, [], EMPTY, TS) });
    expect(verifyXConnectRequest(w, opts())).toMatchObject({ ok: true, code: 'ok' });
    expect(verifyXConnectRequest(w, kit({ acceptedVersions: [0, 1, 2] }))).toMatchObject({ code: 'unsupported_version' });
  });

  it('lets an unknown version without a signature in (null equals null), and refuses one with a signature', () => {
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-version': '3' }), opts())).toMatchObject({ ok: true, code: 'unsigned_bypass', status: 200 });
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-version': '3', 'x-arrow-signature': 'x' }), opts())).toMatchObject({ ok: false, code: 'unsupported_version' });
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-version': '3', 'x-arrow-signature': '' }), opts())).toMatchObject({ ok: false });
    // Still only with a valid date in the window.
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-version': '3' }), opts({}, { now: NOW + 600_000 }))).toMatchObject({ code: 'clock_skew' });
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-version': '3' }), kit())).toMatchObject({ code: 'unsupported_version' });
  });

  it('reads dates as Java did, signing the text as sent', () => {
    for (const ts of ['2016-04-12T14:28:36.218+00:00:00', '2016-04-12t14:28:36.218z', '2016-04-12T14:28:36.218Z[UTC]', '2016-04-12T14:28:36.218000000Z']) {
      const w = wire('GET', P, { 'x-arrow-date': ts, 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, ts) });
      expect(verifyXConnectRequest(w, opts()), ts).toMatchObject({ ok: true });
    }
    const ts = '2016-04-12T14:28:36.218+0000';
    const w = wire('GET', P, { 'x-arrow-date': ts, 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, ts) });
    expect(verifyXConnectRequest(w, kit()).ok).toBe(true);
    expect(verifyXConnectRequest(w, opts())).toMatchObject({ code: 'invalid_date', status: 401, serverMessage: 'Not Authorized' });
  });

  it('keeps the 600 s window exact to the nanosecond', () => {
    const now = Date.parse('2016-04-12T14:38:36.218Z'); // 600 s after the date below
    const sign = (ts: string) => wire('GET', P, { 'x-arrow-date': ts, 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, ts) });
    expect(verifyXConnectRequest(sign('2016-04-12T14:28:36.218000001Z'), opts({}, { now })).ok).toBe(true); // 599.999999999 s
    expect(verifyXConnectRequest(sign('2016-04-12T14:28:36.2185Z'), opts({}, { now: now + 0 })).ok).toBe(true); // 599.9995 s
    expect(verifyXConnectRequest(sign('2016-04-12T14:28:36.218Z'), opts({}, { now }))).toMatchObject({ code: 'clock_skew' }); // 600 s
    // The kit reads milliseconds: 599.9995 s rounds to the edge and is refused.
    expect(verifyXConnectRequest(sign('2016-04-12T14:28:36.2185Z'), kit({ now }))).toMatchObject({ code: 'clock_skew' });
  });

  it('refuses a key whose company is missing or inactive, with the platform\'s messages, before the application check', () => {
    const w = wire('GET', P, { 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, TS) });
    expect(verifyXConnectRequest(w, opts({ companyMissing: true, companyId: 'c1', applicationDisabled: true }))).toMatchObject({
      code: 'company_not_found', status: 401, serverMessage: 'company not found c1',
    });
    expect(verifyXConnectRequest(w, opts({ companyEnabled: false, companyId: 'c1', companyName: 'Acme', applicationDisabled: true }))).toMatchObject({
      code: 'company_disabled', serverMessage: 'company not active: c1 / Acme',
    });
    expect(verifyXConnectRequest(w, opts({ companyEnabled: false }))).toMatchObject({ serverMessage: 'company not active: null / null' });
    expect(verifyXConnectRequest(w, opts({ expired: true, companyMissing: true }))).toMatchObject({ code: 'api_key_disabled' });
    expect(verifyXConnectRequest(w, kit({ lookupCredentials: () => ({ apiKey, secretKey, companyEnabled: false }) }))).toMatchObject({ code: 'company_disabled' });
  });

  it('calls a blank api key missing', () => {
    expect(verifyXConnectRequest(wire('GET', P, { 'x-arrow-apikey': '   ' }), opts())).toMatchObject({ code: 'missing_api_key', serverMessage: 'missing apiKey' });
  });

  it('signs a form body\'s fields as parameters and the empty body hash', () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const sig = signature('1', 'POST', P, ['a=0', 'a=1', 'name=Jane Doe'], EMPTY, TS);
    const w = wire('POST', `${P}?a=0`, { ...headers, 'x-arrow-signature': sig }, 'a=1&name=Jane+Doe');
    expect(verifyXConnectRequest(w, opts())).toMatchObject({ ok: true });
    // A _method field makes it a PUT, which is what the platform signed.
    const put = wire('POST', P, { ...headers, 'x-arrow-signature': signature('1', 'PUT', P, ['_method=PUT'], EMPTY, TS) }, '_method=PUT');
    expect(verifyXConnectRequest(put, opts())).toMatchObject({ ok: true });
    expect(verifyXConnectRequest(wire('POST', P, headers, 'a=%zz'), opts())).toMatchObject({ code: 'malformed_form', status: 500 });
  });

  it('signs the path of an absolute-form target without its scheme and host', () => {
    const w = wire('GET', `http://example.com${P}`, { 'x-arrow-signature': signature('1', 'GET', P, [], EMPTY, TS) });
    expect(verifyXConnectRequest(w, opts())).toMatchObject({ ok: true });
  });
});

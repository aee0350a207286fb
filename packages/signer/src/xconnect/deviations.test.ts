import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import {
  XCONNECT_DEVIATION_FLAGS,
  XCONNECT_DEVIATIONS,
  XCONNECT_PLATFORM_DEVIATION_FLAGS,
  signXConnectRequestWithDeviations,
  timestampReformattings,
  type XConnectDeviationFlag,
} from './deviations.js';
import { explainXConnectMismatch } from './explain.js';
import { signXConnectRequest, type XConnectSignInput } from './sign.js';
import { verifyXConnectRequest } from './verify.js';

const credentials = { apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey };
const base = { ...credentials, timestamp: '2016-04-12T14:28:36.050Z' };
// One request per flag on which that mistake makes a difference.
const inputs: Record<XConnectDeviationFlag, XConnectSignInput> = {
  CrlfQueryLines: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: '_page=0' },
  UnsortedQuery: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: '_size=5&_page=0' },
  SortByName: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: 'a=1&a-b=1' },
  NameNotLowercased: { ...base, method: 'GET', path: '/api/v1/kronos/telemetries/devices/x', query: 'fromTimestamp=1' },
  ValueEncoded: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: 'name=a%20b' },
  ValueNotTrimmed: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: 'name=+a+' },
  DecodedPath: { ...base, method: 'GET', path: '/api/v1/kronos/devices/a%20b' },
  QueryNotSigned: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: '_page=0' },
  BlankQueryLine: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  EmptyValueDropped: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: 'type=&_page=0' },
  RawDigestKey: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  VersionHeaderMismatch: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  HybridV2: { ...base, method: 'GET', path: '/api/v1/kronos/devices', version: 2 },
  TimestampReformatted: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  UnsignedBody: { ...base, method: 'POST', path: '/api/v1/kronos/devices', body: '{"uid":"x"}' },
  UppercaseHex: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  UnknownVersionNoSignature: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  NonUtf8Body: { ...base, method: 'POST', path: '/api/v1/kronos/devices', body: Uint8Array.of(0x7b, 0xe2, 0x82, 0x7d) },
  EmptyParameterName: { ...base, method: 'GET', path: '/api/v1/kronos/devices', query: '=orphan&a=1' },
  UnparseableDate: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  LowercaseMethod: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
  FirewallRejectedPath: { ...base, method: 'GET', path: '/api/v1/kronos/devices' },
};
const now = Date.parse(base.timestamp);
const lookupCredentials = () => credentials;

describe('deviations', () => {
  it('has one deviation per flag of docs/spec/xconnect.md §4, each described with a fix', () => {
    expect(XCONNECT_DEVIATION_FLAGS).toHaveLength(22);
    for (const flag of XCONNECT_DEVIATION_FLAGS) {
      expect(XCONNECT_DEVIATIONS[flag].description.length).toBeGreaterThan(20);
      expect(XCONNECT_DEVIATIONS[flag].fix.length).toBeGreaterThan(15);
    }
    expect(XCONNECT_DEVIATION_FLAGS.filter((f) => XCONNECT_DEVIATIONS[f].scope === 'platform')).toEqual(XCONNECT_PLATFORM_DEVIATION_FLAGS);
  });

  const signatureFlags = XCONNECT_DEVIATION_FLAGS.filter((f) => XCONNECT_DEVIATIONS[f].scope === 'signature');
  it.each(signatureFlags)('%s is rejected by the verifier and named by the explainer', (flag) => {
    const wrong = signXConnectRequestWithDeviations(inputs[flag], [flag]);
    const verdict = verifyXConnectRequest(wrong, { lookupCredentials, now, acceptedVersions: [0, 1, 2] });
    expect(verdict.ok).toBe(false);
    const explanation = explainXConnectMismatch(wrong, credentials);
    expect(explanation.matches.map((m) => m.flags)).toContainEqual([flag]);
  });

  it.each(XCONNECT_PLATFORM_DEVIATION_FLAGS)('%s passes the kit, is refused by the platform, and is named by the platform explainer', (flag) => {
    const wrong = signXConnectRequestWithDeviations(inputs[flag], [flag]);
    expect(verifyXConnectRequest(wrong, { lookupCredentials, now, acceptedVersions: [0, 1, 2] }).ok).toBe(true);
    expect(verifyXConnectRequest(wrong, { lookupCredentials, now, platform: 'moonstone' }).ok).toBe(false);
    expect(explainXConnectMismatch(wrong, credentials, { platform: 'moonstone' }).matches.map((m) => m.flags)).toContainEqual([flag]);
  });

  it('makes each platform mistake as described', () => {
    expect(signXConnectRequestWithDeviations(inputs.LowercaseMethod, ['LowercaseMethod']).method).toBe('get');
    expect(signXConnectRequestWithDeviations(inputs.FirewallRejectedPath, ['FirewallRejectedPath']).target).toBe('/api/v1/kronos/devices;jsessionid=0');
    expect(signXConnectRequestWithDeviations(inputs.UnparseableDate, ['UnparseableDate']).headers['x-arrow-date']).toBe('2016-04-12T14:28:36.050+0000');
    expect(signXConnectRequestWithDeviations({ ...base, method: 'GET', path: '/x', query: 'a=1' }, ['EmptyParameterName']).target).toBe('/x?a=1&=v');
    expect(() => signXConnectRequestWithDeviations({ ...base, method: 'POST', path: '/x', body: 'ok' }, ['NonUtf8Body'])).toThrow(/not valid UTF-8/);
    expect(() => signXConnectRequestWithDeviations(inputs.LowercaseMethod, ['LowercaseMethod', 'UppercaseHex'])).toThrow(/combines with nothing/);
  });

  it('reproduces a mistake byte-for-byte where it can be derived by hand', () => {
    // CrlfQueryLines: the canonical request with "\r\n" after the query line.
    const wrong = signXConnectRequestWithDeviations(inputs.CrlfQueryLines, ['CrlfQueryLines']);
    const right = signXConnectRequest(inputs.CrlfQueryLines);
    expect(wrong.trace.canonicalRequest).toBe(right.trace.canonicalRequest.replace('_page=0\n', '_page=0\r\n'));
    // UppercaseHex: the same signature, upper-cased.
    expect(signXConnectRequestWithDeviations(inputs.UppercaseHex, ['UppercaseHex']).headers['x-arrow-signature']).toBe(
      signXConnectRequest(inputs.UppercaseHex).headers['x-arrow-signature'].toUpperCase(),
    );
    // VersionHeaderMismatch: a version-2 signature under a version-1 header.
    expect(signXConnectRequestWithDeviations(inputs.VersionHeaderMismatch, ['VersionHeaderMismatch']).headers['x-arrow-signature']).toBe(
      signXConnectRequest({ ...inputs.VersionHeaderMismatch, version: 2 }).headers['x-arrow-signature'],
    );
  });

  it('refuses a mistake that changes nothing for the request', () => {
    expect(() => signXConnectRequestWithDeviations(inputs.BlankQueryLine, ['CrlfQueryLines'])).toThrow(/makes no difference/);
    expect(() => signXConnectRequestWithDeviations(inputs.UnsortedQuery, ['Nope' as XConnectDeviationFlag])).toThrow(/unknown deviation/);
  });

  it('explains a combination of two mistakes', () => {
    const wrong = signXConnectRequestWithDeviations(inputs.UnsortedQuery, ['UnsortedQuery', 'UppercaseHex']);
    expect(explainXConnectMismatch(wrong, credentials).matches.map((m) => m.flags)).toContainEqual(['UnsortedQuery', 'UppercaseHex']);
  });

  it('says so when the signature is right, and when nothing explains it', () => {
    expect(explainXConnectMismatch(signXConnectRequest(inputs.UppercaseHex), credentials).signatureMatches).toBe(true);
    const forged = { ...signXConnectRequest(inputs.UppercaseHex) };
    forged.headers = { ...forged.headers, 'x-arrow-signature': '0'.repeat(64) };
    const explanation = explainXConnectMismatch(forged, credentials);
    expect(explanation.matches).toEqual([]);
    expect(explanation.summary).toMatch(/no known mistake/);
  });

  it('lists the other spellings of a timestamp', () => {
    expect(timestampReformattings('2016-04-12T14:28:36.050Z')).toEqual(
      expect.arrayContaining(['2016-04-12T14:28:36.05Z', '2016-04-12T14:28:36Z', '2016-04-12T14:28:36.050+00:00']),
    );
    expect(timestampReformattings('2016-04-12T14:28:36Z')).toContain('2016-04-12T14:28:36.000Z');
  });
});

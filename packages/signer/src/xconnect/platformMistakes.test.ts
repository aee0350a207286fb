import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import { signXConnectRequestWithDeviations } from './deviations.js';
import { explainXConnectMismatch } from './explain.js';
import { findXConnectPlatformMistakes } from './platformMistakes.js';

const P = '/api/v1/kronos/devices';
const flags = (method: string, target: string, headers: Record<string, string> = {}, body?: Uint8Array | string) =>
  findXConnectPlatformMistakes({ method, target, headers, body: body ?? '' }).map((m) => m.flag);

describe('findXConnectPlatformMistakes', () => {
  it('finds nothing in an ordinary request', () => {
    expect(flags('GET', `${P}?a=1`, { 'x-arrow-date': '2016-04-12T14:28:36.218Z' }, '{"a":"é"}')).toEqual([]);
  });

  it('names each mistake the platform refused', () => {
    expect(flags('GET', `${P};jsessionid=1`)).toEqual(['FirewallRejectedPath']);
    expect(flags('GET', `${P}/%2Fx`)).toEqual(['FirewallRejectedPath']);
    expect(flags('get', P)).toEqual(['LowercaseMethod']);
    expect(flags('PROPFIND', P)).toEqual([]); // unknown, but not a lower-cased known method
    expect(flags('GET', `${P}?=v`)).toEqual(['EmptyParameterName']);
    expect(flags('GET', P, { 'x-arrow-date': '2016-04-12T14:28:36.218+0000' })).toEqual(['UnparseableDate']);
    expect(flags('POST', P, {}, Uint8Array.of(0xff))).toEqual(['NonUtf8Body']);
    expect(flags('get', `${P}?=v`, { 'x-arrow-date': 'yesterday' })).toEqual(['LowercaseMethod', 'EmptyParameterName', 'UnparseableDate']);
  });

  it('says what to do instead', () => {
    const [mistake] = findXConnectPlatformMistakes({ method: 'get', target: P, headers: {} });
    expect(mistake).toMatchObject({ flag: 'LowercaseMethod', status: 500 });
    expect(mistake!.message).toMatch(/"get".*upper case/);
  });

  it('stays silent on a request the container refused before anything else', () => {
    expect(flags('get', `${P}/a b`)).toEqual([]);
  });
});

describe("explainXConnectMismatch with platform: 'moonstone'", () => {
  const credentials = { apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey };
  const input = { ...credentials, method: 'GET', path: P, query: 'b=2&a=1', timestamp: GUIDE.timestamp };

  it('still names a signature mistake, searched against the platform reading', () => {
    const wrong = signXConnectRequestWithDeviations(input, ['UnsortedQuery']);
    expect(explainXConnectMismatch(wrong, credentials, { platform: 'moonstone' }).matches.map((m) => m.flags)).toEqual([['UnsortedQuery']]);
  });

  it('says when nothing is wrong', () => {
    const right = signXConnectRequestWithDeviations(input, ['UppercaseHex']);
    right.headers = { ...right.headers, 'x-arrow-signature': right.headers['x-arrow-signature'].toLowerCase() };
    expect(explainXConnectMismatch(right, credentials, { platform: 'moonstone' })).toMatchObject({ signatureMatches: true, matches: [] });
  });
});

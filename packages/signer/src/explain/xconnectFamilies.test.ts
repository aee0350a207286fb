import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnoseXConnect, stepOfCanonicalDifference } from './diagnoseXConnect.js';
import { computeXConnectTrace } from '../xconnect/trace.js';
import { signXConnectFamilyMember, timestampRespellings, timestampRulesBetween, type XConnectFamilyMember } from './xconnectFamilies.js';

// Keys and request of the guide's example (docs/spec/xconnect.md §1); every signature below is computed
// here, step by step from the spec, with the one mistake under test.
const apiKey = '5501f5ac1bbd5be3e9ba6a6bb3fefc0d2ab7a4a8fa6c04d64e33f3a8fc7c1e2b';
const secretKey = 'ARAzUzIXy8XUzZ8ZdJAdNvUg5i6EnSqd8EyQIhiRYC8=';
const timestamp = '2016-04-12T14:28:36.218Z';
const EMPTY = createHash('sha256').update('').digest('hex');
const hmac = (key: string | Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

interface Mistake {
  signedTimestamp?: string;
  raw?: [boolean, boolean, boolean];
  canonicalSeparator?: string;
  queryLineEnd?: string;
  stsSeparator?: string;
}

/** GET /api/v1/kronos/devices?_size=20, version 1, signed by docs/spec/xconnect.md §1.2–§1.3 but for `mistake`. */
function clientRequest(mistake: Mistake = {}) {
  const signed = mistake.signedTimestamp ?? timestamp;
  const lines = ['_size=20'];
  const canonical = mistake.canonicalSeparator !== undefined
    ? ['GET', '/api/v1/kronos/devices', ...lines, EMPTY].join(mistake.canonicalSeparator)
    : `GET\n/api/v1/kronos/devices\n${lines.map((l) => l + (mistake.queryLineEnd ?? '\n')).join('')}${EMPTY}`;
  const toSign = [sha(canonical), apiKey, signed, '1'].join(mistake.stsSeparator ?? '\n');
  const raw = mistake.raw ?? [false, false, false];
  const pass = (mac: Buffer, i: number) => (raw[i] ? mac : mac.toString('hex'));
  const k1 = hmac(apiKey, secretKey);
  const k2 = hmac(signed, pass(k1, 0));
  const k3 = hmac('1', pass(k2, 1));
  const signature = hmac(pass(k3, 2), toSign).toString('hex');
  return {
    method: 'GET', target: '/api/v1/kronos/devices?_size=20', body: '',
    headers: { 'x-arrow-apikey': apiKey, 'x-arrow-date': timestamp, 'x-arrow-version': '1', 'x-arrow-signature': signature },
  };
}

const diagnose = (mistake: Mistake) => diagnoseXConnect(clientRequest(mistake), { apiKey, secretKey, timestamp, version: 1 });
const names = (mistake: Mistake) => diagnose(mistake).deviations.map((d) => d.flags.join('+'));

describe('xConnect families, each proved by replay on the request sent', () => {
  it('the control: the right signature names nothing', () => {
    expect(names({})).toEqual([]);
  });

  it.each([
    ['+0000 for Z', '2016-04-12T14:28:36.218+0000'],
    ['-00:00 for Z', '2016-04-12T14:28:36.218-00:00'],
    ['nine fraction digits', '2016-04-12T14:28:36.218000000Z'],
    ['a space for T', '2016-04-12 14:28:36.218Z'],
    ['the same instant at +02:00', '2016-04-12T16:28:36.218+02:00'],
    ['the same instant at -05:30, no colon', '2016-04-12T08:58:36.218-0530'],
  ])('names TimestampReformatted for a timestamp signed with %s', (_what, signedTimestamp) => {
    expect(names({ signedTimestamp })).toEqual(['TimestampReformatted']);
  });

  it('names nothing for a timestamp of another instant (a re-spelling must parse to the same instant)', () => {
    expect(names({ signedTimestamp: '2016-04-12T14:28:36.000Z' })).toEqual([]);
    expect(names({ signedTimestamp: '2016-04-12T15:28:36.218+02:00' })).toEqual([]);
  });

  it.each([
    ['k1', [true, false, false], 'signing key'],
    ['k2', [false, true, false], 'signing key'],
    // k3 itself is right: only the last HMAC, keyed with its raw bytes, differs.
    ['k3', [false, false, true], 'signature'],
  ] as const)('names RawDigestKey for raw bytes at %s alone', (step, raw, firstStep) => {
    const d = diagnose({ raw: [...raw] });
    expect(d.deviations.map((m) => m.flags)).toEqual([['RawDigestKey']]);
    expect(d.deviations[0]!.description).toContain(step);
    expect(d.firstDifferingStep).toBe(firstStep);
  });

  it('names CRLF after the query lines CrlfQueryLines, and CRLF between every line WrongSeparator at "line separators", not "method"', () => {
    expect(names({ queryLineEnd: '\r\n' })).toEqual(['CrlfQueryLines']);
    const d = diagnose({ canonicalSeparator: '\r\n' });
    expect(d.deviations.map((m) => m.flags)).toEqual([['WrongSeparator']]);
    expect(d.firstDifferingStep).toBe('line separators');
  });

  it.each([[''], [' '], ['\r']])('names WrongSeparator for %j in place of "\\n" in the string to sign', (separator) => {
    const d = diagnose({ stsSeparator: separator });
    expect(d.deviations.map((m) => m.flags)).toEqual([['WrongSeparator']]);
    expect(d.firstDifferingStep).toBe('string to sign');
  });

  it('names nothing when the secret is wrong (no family reproduces it)', () => {
    const wire = clientRequest();
    const d = diagnoseXConnect(wire, { apiKey, secretKey: 'another secret', timestamp, version: 1 });
    expect(d.deviations).toEqual([]);
  });
});

/** The instant an ISO-8601 text names, read here by hand (fractions beyond milliseconds must be zeros). */
function instant(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d):?(\d\d)?)$/.exec(text);
  if (!m) return NaN;
  const fraction = (m[7] ?? '').padEnd(9, '0');
  if (!/^\d{3}0{6}$/.test(fraction)) return NaN;
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? '0'));
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(fraction.slice(0, 3))) - offset * 60_000;
}

describe('signXConnectFamilyMember, the replay of a member proved on one request', () => {
  const expected = computeXConnectTrace({ method: 'GET', path: '/api/v1/kronos/devices', rawQuery: '_size=20', body: new Uint8Array(), apiKey, secretKey, timestamp, version: 1 });
  const inputs = { expected, apiKey, secretKey, timestamp };
  const sentSignature = (mistake: Mistake) => clientRequest(mistake).headers['x-arrow-signature'];
  const memberOf = (mistake: Mistake) => diagnose(mistake).deviations[0]?.member as XConnectFamilyMember;

  it('gives the signature the search proved, for a raw key-chain step and a separator', () => {
    for (const mistake of [{ raw: [false, true, false] }, { stsSeparator: '\r\n' }, { canonicalSeparator: ' ' }] as Mistake[]) {
      const member = memberOf(mistake);
      expect(member.family).not.toBe('TimestampReformatted');
      if (member.family !== 'TimestampReformatted') expect(signXConnectFamilyMember(inputs, member)).toBe(sentSignature(mistake));
    }
  });

  it('gives the signature for each rule of a re-spelt timestamp, and nothing for a rule that leaves it as sent', () => {
    const member = memberOf({ signedTimestamp: '2016-04-12T14:28:36.218+0000' });
    expect(member).toEqual({ family: 'TimestampReformatted', signed: '2016-04-12T14:28:36.218+0000' });
    const rules = timestampRulesBetween(timestamp, '2016-04-12T14:28:36.218+0000');
    for (const rule of rules) expect(signXConnectFamilyMember(inputs, { family: 'TimestampReformatted', rule })).toBe(sentSignature({ signedTimestamp: '2016-04-12T14:28:36.218+0000' }));
    expect(signXConnectFamilyMember(inputs, { family: 'TimestampReformatted', rule: { ...rules[0]!, zone: 'keep' } })).toBeUndefined();
  });

  it('gives nothing for separators after query lines when there are none', () => {
    const bare = computeXConnectTrace({ method: 'GET', path: '/a', rawQuery: undefined, body: new Uint8Array(), apiKey, secretKey, timestamp, version: 1 });
    expect(signXConnectFamilyMember({ ...inputs, expected: bare }, { family: 'WrongSeparator', where: 'query lines', separator: ' ' })).toBeUndefined();
  });
});

describe('timestampRespellings', () => {
  it('spells one instant every way the families try, and never another instant', () => {
    const all = timestampRespellings('2016-04-12T14:28:36.2Z');
    expect(all).toEqual(expect.arrayContaining(['2016-04-12T14:28:36.200Z', '2016-04-12T14:28:36.200000000+00:00', '2016-04-12 14:28:36.2-0000', '2016-04-12T15:28:36.200+01:00']));
    expect(all).not.toContain('2016-04-12T14:28:36.2Z');
    expect(all).not.toContain('2016-04-12T14:28:36Z');
    for (const spelling of all) expect(instant(spelling), spelling).toBe(Date.parse('2016-04-12T14:28:36.200Z'));
  });

  it('re-spells nine fraction digits to the millisecond, as a client re-reading the time does', () => {
    expect(timestampRespellings('2016-12-31T23:59:59.999999999Z')).toContain('2016-12-31T23:59:59.999+0000');
  });

  it('converts an offset to UTC spelt any way', () => {
    expect(timestampRespellings('2016-04-13T04:28:36.218+14:00')).toEqual(expect.arrayContaining(['2016-04-12T14:28:36.218-00:00', '2016-04-12T14:28:36.218Z', '2016-04-12 14:28:36.218000000Z']));
  });

  it('reads a timestamp without seconds as zero seconds', () => {
    expect(timestampRespellings('2016-04-12T14:28Z')).toContain('2016-04-12T14:28:00.000+0000');
  });

  it('gives nothing for text that is no timestamp', () => {
    expect(timestampRespellings('yesterday')).toEqual([]);
  });
});

describe('stepOfCanonicalDifference', () => {
  const expected = { version: 1 as const, method: 'GET', path: '/a', queryLines: ['b=1'], payloadHash: EMPTY, canonicalRequest: `GET\n/a\nb=1\n${EMPTY}` };
  it('finds the step by where the text departs, not by cutting at "\\n"', () => {
    expect(stepOfCanonicalDifference(expected, `GET\r\n/a\r\nb=1\r\n${EMPTY}`)).toBe('line separators');
    expect(stepOfCanonicalDifference(expected, `GET\n/a\nb=1\r\n${EMPTY}`)).toBe('query lines');
    expect(stepOfCanonicalDifference(expected, `get\n/a\nb=1\n${EMPTY}`)).toBe('method');
    expect(stepOfCanonicalDifference(expected, `GET\n/ab\nb=1\n${EMPTY}`)).toBe('path');
    expect(stepOfCanonicalDifference(expected, `GET\n/a\nb=2\n${EMPTY}`)).toBe('query lines');
    expect(stepOfCanonicalDifference(expected, `GET\n/a\nb=1\n${EMPTY.toUpperCase()}`)).toBe('payload hash');
  });
});

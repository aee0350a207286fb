import { describe, expect, it } from 'vitest';
import { signXConnectRequest, signXConnectRequestWithDeviations } from '../index.js';
import { diagnoseXConnect, type SearchBudget } from './diagnoseXConnect.js';

const apiKey = 'pair-search-api-key';
const secretKey = 'pair-search-secret';
const timestamp = '2026-12-04T12:00:00.250Z';
const asked = { apiKey, secretKey };
const input = { method: 'GET', path: '/api/v1/kronos/devices', query: 'b=2&a=1', apiKey, secretKey, timestamp, version: 1 as const };
const wireOf = (signed: ReturnType<typeof signXConnectRequest>) => ({ method: signed.method, target: signed.target, headers: signed.headers as Record<string, string>, body: new Uint8Array() });

describe('the search budget of diagnoseXConnect', () => {
  it('names a pair of catalogued mistakes while the budget lasts, and only singles once it is spent', () => {
    const pair = wireOf(signXConnectRequestWithDeviations(input, ['UnsortedQuery', 'UppercaseHex']));
    const named = diagnoseXConnect(pair, asked, undefined, undefined, { pairs: 1, families: 1 });
    expect(named.deviations.map((d) => d.flags)).toContainEqual(['UnsortedQuery', 'UppercaseHex']);
    const spent = diagnoseXConnect(pair, asked, undefined, undefined, { pairs: 0, families: 1 });
    expect(spent.deviations.some((d) => d.flags.length === 2)).toBe(false);
  });

  it('is spent only by searches that found nothing: a named single or pair, or a matching signature, costs nothing', () => {
    const budget: SearchBudget = { pairs: 2, families: 2 };
    diagnoseXConnect(wireOf(signXConnectRequest(input)), asked, undefined, undefined, budget);
    diagnoseXConnect(wireOf(signXConnectRequestWithDeviations(input, ['UnsortedQuery'])), asked, undefined, undefined, budget);
    diagnoseXConnect(wireOf(signXConnectRequestWithDeviations(input, ['UnsortedQuery', 'UppercaseHex'])), asked, undefined, undefined, budget);
    expect(budget).toEqual({ pairs: 2, families: 2 });
    const garbage = wireOf(signXConnectRequest(input));
    garbage.headers['x-arrow-signature'] = '0'.repeat(64);
    diagnoseXConnect(garbage, asked, undefined, undefined, budget);
    expect(budget).toEqual({ pairs: 1, families: 1 });
  });

  it('searches the families while their budget lasts: a timestamp re-spelt is named, then no longer searched', () => {
    // Signed with +0000, sent with Z: the same instant, a spelling only the family tries.
    const sent = wireOf(signXConnectRequest({ ...input, timestamp: '2026-12-04T12:00:00.250+0000' }));
    sent.headers['x-arrow-date'] = timestamp;
    const named = diagnoseXConnect(sent, asked, undefined, undefined, { pairs: 0, families: 1 });
    expect(named.deviations.map((d) => d.flags)).toContainEqual(['TimestampReformatted']);
    const spent = diagnoseXConnect(sent, asked, undefined, undefined, { pairs: 0, families: 0 });
    expect(spent.deviations).toEqual([]);
  });

  it('remembers the timestamp rules it proved, and the hints change no diagnosis, only how soon the spelling is found', () => {
    const budget: SearchBudget = { pairs: 0, families: 4 };
    const respelt = (at: string) => {
      const sent = wireOf(signXConnectRequest({ ...input, timestamp: at.replace('Z', '+0000') }));
      sent.headers['x-arrow-date'] = at;
      return sent;
    };
    diagnoseXConnect(respelt('2026-12-04T12:00:00.250Z'), asked, undefined, undefined, budget);
    expect(budget.timestampRules?.length).toBeGreaterThan(0);
    const next = respelt('2026-12-05T08:30:01.007Z');
    const hinted = diagnoseXConnect(next, asked, undefined, undefined, budget);
    const plain = diagnoseXConnect(next, asked);
    expect(hinted.deviations).toEqual(plain.deviations);
    expect(hinted.deviations[0]?.member).toEqual({ family: 'TimestampReformatted', signed: '2026-12-05T08:30:01.007+0000' });
    // A hint that spells no member of the family (a cut fraction names another instant) is not tried.
    const cut = { ...budget.timestampRules![0]!, fraction: 'millis:1' as const };
    const other = diagnoseXConnect(next, asked, undefined, undefined, { pairs: 0, families: 1, timestampRules: [cut] });
    expect(other.deviations).toEqual(plain.deviations);
  });
});

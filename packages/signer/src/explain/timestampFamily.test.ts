import { describe, expect, it } from 'vitest';
import { respellTimestamp, timestampRespellings, timestampRulesBetween, type TimestampRule } from './timestampFamily.js';

const keep: TimestampRule = { frame: 'sent', seconds: 'keep', fraction: 'keep', separator: 'keep', zone: 'keep' };

describe('respellTimestamp', () => {
  it('replaces a sent Z and keeps every other zone, as text.replace would', () => {
    const rule: TimestampRule = { ...keep, zone: 'Z>+0000' };
    expect(respellTimestamp(rule, '2016-04-12T14:28Z')).toBe('2016-04-12T14:28+0000');
    expect(respellTimestamp(rule, '2016-04-12T14:28:36.218+05:45')).toBe('2016-04-12T14:28:36.218+05:45');
  });

  it('converts to UTC with the milliseconds padded to nine digits, as a client formatting the parsed instant does', () => {
    const rule: TimestampRule = { frame: 0, seconds: 'always', fraction: 'millis:9', separator: 'T', zone: 'Z|colon' };
    expect(respellTimestamp(rule, '2016-04-13T04:28:36.218+14:00')).toBe('2016-04-12T14:28:36.218000000Z');
    expect(respellTimestamp(rule, '2016-04-12T14:28Z')).toBe('2016-04-12T14:28:00.000000000Z');
  });

  it('gives undefined for text that is no timestamp', () => {
    expect(respellTimestamp(keep, 'yesterday')).toBeUndefined();
  });
});

describe('timestampRulesBetween', () => {
  it('finds every rule that turns the sent timestamp into the signed one, each replaying to it', () => {
    const sent = '2016-04-12T14:28:36.218Z';
    const rules = timestampRulesBetween(sent, '2016-04-12T14:28:36.218+0000');
    expect(rules.length).toBeGreaterThan(1);
    for (const rule of rules) expect(respellTimestamp(rule, sent)).toBe('2016-04-12T14:28:36.218+0000');
    // A Z replaced by text, and the zero offset formatted without a colon, are both among them.
    expect(rules).toEqual(expect.arrayContaining([{ ...keep, zone: 'Z>+0000' }, { ...keep, zone: '+0000|nocolon' }]));
  });

  it('tells rules apart on another timestamp: only the one that keeps a non-zero offset signs "+05:45" as sent', () => {
    const rules = timestampRulesBetween('2016-04-12T14:28:36.218Z', '2016-04-12T14:28:36.218+0000');
    const other = '2016-04-12T20:13:36.218+05:45';
    const spellings = new Set(rules.map((r) => respellTimestamp(r, other)));
    expect(spellings).toContain(other);
    expect(spellings).toContain('2016-04-12T20:13:36.218+0545');
    expect(spellings).toContain('2016-04-12T14:28:36.218+0000');
  });

  it('finds none between different instants, or from a timestamp to itself', () => {
    expect(timestampRulesBetween('2016-04-12T14:28:36.218Z', '2016-04-12T14:28:36.000Z')).toEqual([]);
    expect(timestampRulesBetween('2016-04-12T14:28:36.218Z', '2016-04-12T14:28:36.218Z')).toEqual([]);
  });
});

describe('timestampRespellings', () => {
  it('spells a timestamp without seconds with a replaced Z, its seconds still left out', () => {
    expect(timestampRespellings('2016-04-12T14:28Z')).toContain('2016-04-12T14:28+0000');
  });

  it('has a rule for every spelling it tries', () => {
    const sent = '2016-04-12T06:28:36-08:00';
    for (const spelling of timestampRespellings(sent)) expect(timestampRulesBetween(sent, spelling).length, spelling).toBeGreaterThan(0);
  });
});

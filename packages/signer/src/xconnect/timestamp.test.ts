import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXConnectTimestamp } from './timestamp.js';

describe('parseXConnectTimestamp', () => {
  it('parses the guide timestamp (epoch value computed independently: 2016-04-12 is day 16903)', () => {
    expect(parseXConnectTimestamp('2016-04-12T14:28:36.218Z')).toBe(16903 * 86_400_000 + (14 * 3600 + 28 * 60 + 36) * 1000 + 218);
  });
  it('applies zone offsets and accepts up to 9 fraction digits', () => {
    expect(parseXConnectTimestamp('2016-04-12T16:28:36.218123456+02:00')).toBe(parseXConnectTimestamp('2016-04-12T14:28:36.218Z'));
    expect(parseXConnectTimestamp('2016-04-12T09:28:36-0500')).toBe(parseXConnectTimestamp('2016-04-12T14:28:36Z'));
  });
  it('accepts minutes-only precision and leap days', () => {
    expect(parseXConnectTimestamp('2016-02-29T00:00Z')).toBe(Date.UTC(2016, 1, 29));
  });
  it.each(['2015-02-29T00:00:00Z', '2016-04-12T24:00:00Z', '2016-04-12T14:28:36+25:00', '2016-04-12T14:28:36.Z', '2016-04-12T14:28:36'])('rejects %s', (s) => {
    expect(() => parseXConnectTimestamp(s)).toThrow(/ISO-8601|out of range|zone/);
  });
});

describe('parseXConnectTimestamp at the edges of the calendar', () => {
  it('agrees with an independent day count for years below 100, century years and leap days', () => {
    // Day numbers from the proleptic Gregorian calendar, computed by hand: 0001-01-01 is day -719162.
    expect(parseXConnectTimestamp('0001-01-01T00:00:00Z')).toBe(-719162 * 86_400_000);
    expect(parseXConnectTimestamp('2000-02-29T00:00:00Z')).toBe(11016 * 86_400_000);
    expect(() => parseXConnectTimestamp('1900-02-29T00:00:00Z')).toThrow(/out of range/);
    expect(() => parseXConnectTimestamp('2023-04-31T00:00:00Z')).toThrow(/out of range/);
  });
});

describe('parseXConnectTimestamp reads the toISOString layout by position as the general pattern does', () => {
  // The instant Date reads, for a string Date's own parser accepts exactly (four-digit years);
  // undefined when JavaScript's reader refuses it or would read it differently.
  const dateReads = (value: string): number | undefined => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) || new Date(ms).toISOString() !== value ? undefined : ms;
  };
  const readOrUndefined = (value: string): number | undefined => {
    try {
      return parseXConnectTimestamp(value);
    } catch {
      return undefined;
    }
  };
  // Canonical timestamps with one to three characters replaced: digits (fields out of range), and
  // characters that break the layout.
  const mutated = fc
    .tuple(
      fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
      fc.array(fc.tuple(fc.nat({ max: 24 }), fc.constantFrom('0', '1', '2', '3', '5', '6', '9', '-', ':', '.', 'T', 'Z', ' ', '+', 'x', '١')), { minLength: 1, maxLength: 3 }),
    )
    .map(([date, edits]) => edits.reduce((text, [at, by]) => text.slice(0, at) + by + text.slice(at + 1), date.toISOString()));

  it('reads the same instant as Date for every canonical timestamp, and refuses what Date refuses', () => {
    fc.assert(
      fc.property(mutated, (value) => {
        const expected = dateReads(value);
        if (expected !== undefined) expect(readOrUndefined(value)).toBe(expected);
        else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) expect(readOrUndefined(value)).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
  });
});

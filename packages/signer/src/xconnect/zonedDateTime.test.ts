import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigkitDateError } from '../errors.js';
import { parseMoonstoneTimestamp } from './zonedDateTime.js';

// The guide's instant, counted by hand: 2016-04-12 is day 16903 after 1970-01-01.
const GUIDE_NANOS = (16903n * 86_400n + 14n * 3600n + 28n * 60n + 36n) * 1_000_000_000n + 218_000_000n;

describe('parseMoonstoneTimestamp: what Java 8 ZonedDateTime.parse accepted (docs/spec/xconnect.md §3b)', () => {
  it.each([
    ['2016-04-12T14:28:36.218Z', GUIDE_NANOS],
    ['2016-04-12t14:28:36.218z', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218+00:00', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218+00:00:00', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218-00:00', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218Z[UTC]', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218Z[Z]', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218Z[GMT]', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218Z[Etc/UTC]', GUIDE_NANOS],
    ['2016-04-12T16:28:36.218+02:00', GUIDE_NANOS],
    ['2016-04-12T16:28:36.218000000+02:00', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218000001Z', GUIDE_NANOS + 1n],
    ['2016-04-12T14:28:36.2Z', GUIDE_NANOS - 18_000_000n],
    ['2016-04-12T14:28:36Z', GUIDE_NANOS - 218_000_000n],
    ['2016-04-12T14:28Z', GUIDE_NANOS - 36_218_000_000n],
    // The zone in brackets is UTC+01:00: on Java 8 it, not the offset, places the local time.
    ['2016-04-12T15:28:36.218Z[UTC+01:00]', GUIDE_NANOS],
    ['2016-04-12T14:28:36.218+18:00', GUIDE_NANOS - 18n * 3600n * 1_000_000_000n],
    ['2016-04-12T14:28:36.218-17:59:59', GUIDE_NANOS + (17n * 3600n + 59n * 60n + 59n) * 1_000_000_000n],
  ])('reads %s', (text, nanos) => {
    expect(parseMoonstoneTimestamp(text)).toBe(nanos);
  });

  it('places the local time in a region given in brackets, ignoring the offset, as Java 8 did', () => {
    // Paris is at +02:00 in July 2016: 09:19:15 there is 07:19:15Z, whatever "+01:00" says.
    const utc = BigInt(Date.UTC(2016, 6, 12, 7, 19, 15)) * 1_000_000n;
    expect(parseMoonstoneTimestamp('2016-07-12T09:19:15+01:00[Europe/Paris]')).toBe(utc);
    // In January Paris is at +01:00, so the two agree.
    expect(parseMoonstoneTimestamp('2016-01-12T09:19:15+01:00[Europe/Paris]')).toBe(BigInt(Date.UTC(2016, 0, 12, 8, 19, 15)) * 1_000_000n);
  });

  it.each([
    ['+0000 (no colon)', '2016-04-12T14:28:36.218+0000'],
    ['+00 (hours only, refused by Java 8)', '2016-04-12T14:28:36.218+00'],
    ['a comma before the fraction', '2016-04-12T14:28:36,218Z'],
    ['ten fraction digits', '2016-04-12T14:28:36.2180000000Z'],
    ['an offset beyond +18:00', '2016-04-12T14:28:36+18:00:01'],
    ['an offset of 19 hours', '2016-04-12T14:28:36-19:00'],
    ['offset seconds of 60', '2016-04-12T14:28:36+00:00:60'],
    ['no zone', '2016-04-12T14:28:36.218'],
    ['a region without an offset', '2016-04-12T14:28:36.218[UTC]'],
    ['a lower-case zone id', '2016-04-12T14:28:36.218Z[utc]'],
    ['an unknown region', '2016-04-12T14:28:36.218Z[Bogus/Zone]'],
    ['UT as a suffix', '2016-04-12T14:28:36.218UT'],
    ['a space for T', '2016-04-12 14:28:36.218Z'],
    ['hour 24', '2016-04-12T24:00:00Z'],
    ['second 60', '2016-04-12T23:59:60Z'],
    ['February 30', '2016-02-30T00:00:00Z'],
    ['February 29 of a common year', '2015-02-29T00:00:00Z'],
    ['a five-digit year without a sign', '20160-04-12T14:28:36Z'],
    ['a plus before a four-digit year', '+2016-04-12T14:28:36Z'],
    ['trailing text', '2016-04-12T14:28:36ZX'],
    ['the empty string', ''],
  ])('refuses %s', (_why, text) => {
    expect(() => parseMoonstoneTimestamp(text)).toThrow(SigkitDateError);
  });

  it('names the accepted forms in its error', () => {
    try {
      parseMoonstoneTimestamp('2016-04-12T14:28:36,218Z');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SigkitDateError);
      expect((error as SigkitDateError).code).toBe('INVALID_TIMESTAMP');
      expect((error as SigkitDateError).expected).toMatch(/0 to 9 fraction digits.*±hh:mm\[:ss\].*\[UTC\]/);
    }
  });
});

// A hand-written grammar of the accepted form, with each instant counted by Date.UTC, not by the parser.
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const acceptedDate = fc
  .record({
    year: fc.integer({ min: 1000, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{0,9}$/), { nil: undefined }),
    t: fc.constantFrom('T', 't'),
    offsetSeconds: fc.option(fc.integer({ min: -18 * 3600, max: 18 * 3600 }), { nil: undefined }),
    zulu: fc.constantFrom('Z', 'z'),
    withSeconds: fc.boolean(),
    suffix: fc.constantFrom('', '[UTC]', '[Z]'),
  })
  .map((d) => {
    const second = d.second ?? 0;
    const fraction = d.second === undefined ? undefined : d.fraction;
    let zone: string;
    if (d.offsetSeconds === undefined) zone = d.zulu;
    else {
      const abs = Math.abs(d.offsetSeconds);
      const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
      zone = `${d.offsetSeconds < 0 ? '-' : '+'}${pad(h)}:${pad(m)}${s !== 0 || d.withSeconds ? `:${pad(s)}` : ''}`;
    }
    // With [UTC] or [Z] the local time is read in UTC (Java 8), so the offset does not count.
    const offset = d.suffix === '' ? (d.offsetSeconds ?? 0) : 0;
    const time = `${pad(d.hour)}:${pad(d.minute)}${d.second === undefined ? '' : `:${pad(second)}${fraction === undefined ? '' : `.${fraction}`}`}`;
    const text = `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}${d.t}${time}${zone}${d.suffix}`;
    const utcSeconds = BigInt(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, second) / 1000) - BigInt(offset);
    const nanos = fraction === undefined || fraction === '' ? 0n : BigInt(fraction.padEnd(9, '0'));
    return { text, expected: utcSeconds * 1_000_000_000n + nanos };
  });

describe('parseMoonstoneTimestamp against a hand-written grammar', () => {
  it('reads every accepted spelling as the instant Date.UTC gives', () => {
    fc.assert(fc.property(acceptedDate, ({ text, expected }) => {
      expect(parseMoonstoneTimestamp(text)).toBe(expected);
    }), { numRuns: 500 });
  });

  it('refuses each spelling once broken in one of the ways Java refused', () => {
    const breakers: Array<(text: string) => string | undefined> = [
      (t) => (/[+-]\d\d:\d\d/.test(t) ? t.replace(/([+-]\d\d):(\d\d)/, '$1$2') : undefined), // +hhmm
      (t) => (t.includes('.') ? t.replace('.', ',') : undefined), // comma fraction
      (t) => t.replace(/^(\d{4}-\d\d-\d\d)[Tt]/, '$1 '), // space for T
      (t) => t.replace(/(Z|z|[+-]\d\d:\d\d(:\d\d)?)(\[[^\]]*\])?$/, ''), // no zone
      (t) => `${t}x`, // trailing text
    ];
    fc.assert(fc.property(acceptedDate, fc.integer({ min: 0, max: breakers.length - 1 }), ({ text }, which) => {
      const broken = breakers[which]!(text);
      if (broken === undefined || broken === text) return;
      expect(() => parseMoonstoneTimestamp(broken)).toThrow(SigkitDateError);
    }), { numRuns: 500 });
  });
});

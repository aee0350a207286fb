import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigkitDateError } from '../errors.js';
import { formatRfc1123, parseRfc1123 } from './rfc1123.js';

// Python's own RFC 1123 writer and reader, as an independent oracle.
function pythonFormat(epochSeconds: number[]): string[] {
  const script = [
    'import sys, json, email.utils',
    'print(json.dumps([email.utils.formatdate(t, usegmt=True) for t in json.load(sys.stdin)]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(epochSeconds), encoding: 'utf8' })) as string[];
}

function pythonParse(dates: string[]): number[] {
  const script = [
    'import sys, json, calendar, datetime',
    "print(json.dumps([calendar.timegm(datetime.datetime.strptime(d, '%a, %d %b %Y %H:%M:%S GMT').timetuple()) for d in json.load(sys.stdin)]))",
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(dates), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })) as number[];
}

function dateError(fn: () => unknown): SigkitDateError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SigkitDateError);
    return error as SigkitDateError;
  }
  throw new Error('expected a throw');
}

// A spread of instants: the guide's example, leap days, century edges, and pseudo-random ones.
const instants: number[] = [
  Date.UTC(2019, 6, 26, 15, 59, 0),
  Date.UTC(2020, 1, 29, 23, 59, 59),
  Date.UTC(2000, 1, 29, 0, 0, 0),
  Date.UTC(1970, 0, 1, 0, 0, 0),
  Date.UTC(2038, 0, 19, 3, 14, 8),
  Date.UTC(2099, 11, 31, 23, 59, 59),
];
for (let i = 0, seed = 12345; i < 60; i++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  instants.push(Math.floor((seed / 2 ** 31) * Date.UTC(2200, 0, 1) / 1000) * 1000);
}

describe('formatRfc1123', () => {
  it("writes the guide's example", () => {
    expect(formatRfc1123(new Date(Date.UTC(2019, 6, 26, 15, 59, 0)))).toBe('Fri, 26 Jul 2019 15:59:00 GMT');
  });

  it("agrees with Python's email.utils.formatdate and with Date#toUTCString", () => {
    const expected = pythonFormat(instants.map((ms) => ms / 1000));
    expect(instants.map((ms) => formatRfc1123(new Date(ms)))).toEqual(expected);
    expect(instants.map((ms) => formatRfc1123(new Date(ms)))).toEqual(instants.map((ms) => new Date(ms).toUTCString()));
  });

  it('drops milliseconds rather than rounding', () => {
    expect(formatRfc1123(new Date(Date.UTC(2019, 6, 26, 15, 59, 0, 999)))).toBe('Fri, 26 Jul 2019 15:59:00 GMT');
  });

  it('writes four-digit years below 1000', () => {
    const date = new Date(0);
    date.setUTCFullYear(50, 0, 1);
    expect(formatRfc1123(date)).toBe(date.toUTCString());
    expect(formatRfc1123(date)).toMatch(/ 0050 /);
  });

  it.each([new Date(Number.NaN), 'Fri, 26 Jul 2019 15:59:00 GMT', 1564156740000])('refuses %j', (value) => {
    expect(dateError(() => formatRfc1123(value as Date)).code).toBe('INVALID_DATE');
  });

  it('refuses years that need more than four digits', () => {
    expect(dateError(() => formatRfc1123(new Date(Date.UTC(10000, 0, 1)))).code).toBe('INVALID_DATE');
  });
});

describe('parseRfc1123', () => {
  it("reads what Python writes, to the same instant Python reads", () => {
    const strings = pythonFormat(instants.map((ms) => ms / 1000));
    const pythonSeconds = pythonParse(strings);
    expect(strings.map((s) => parseRfc1123(s).getTime() / 1000)).toEqual(pythonSeconds);
  });

  it('round-trips with formatRfc1123', () => {
    for (const ms of instants) expect(parseRfc1123(formatRfc1123(new Date(ms))).getTime()).toBe(ms);
  });

  it('reads years below 100 literally, not as 19xx (Python: date(50, 1, 1) is a Saturday)', () => {
    expect(parseRfc1123('Sat, 01 Jan 0050 00:00:00 GMT').getUTCFullYear()).toBe(50);
  });

  it.each([
    ['the wrong weekday for the date', 'Thu, 26 Jul 2019 15:59:00 GMT'],
    ['an unknown weekday', 'Fry, 26 Jul 2019 15:59:00 GMT'],
    ['an unknown month', 'Fri, 26 Jly 2019 15:59:00 GMT'],
    ['a lowercase month', 'Fri, 26 jul 2019 15:59:00 GMT'],
    ['a day that month lacks', 'Thu, 31 Apr 2019 15:59:00 GMT'],
    ['29 February of a common year', 'Fri, 29 Feb 2019 15:59:00 GMT'],
    ['day 00', 'Sun, 00 Jul 2019 15:59:00 GMT'],
    ['hour 24', 'Fri, 26 Jul 2019 24:00:00 GMT'],
    ['minute 60', 'Fri, 26 Jul 2019 15:60:00 GMT'],
    ['a leap second', 'Fri, 26 Jul 2019 23:59:60 GMT'],
    ['a one-digit day', 'Fri, 6 Jul 2019 15:59:00 GMT'],
    ['a two-digit year', 'Fri, 26 Jul 19 15:59:00 GMT'],
    ["the guide's stray comma", 'Fri, 26, Jul 2019 15:59:00 GMT'],
    ['UTC instead of GMT', 'Fri, 26 Jul 2019 15:59:00 UTC'],
    ['a numeric zone', 'Fri, 26 Jul 2019 15:59:00 +0000'],
    ['no weekday', '26 Jul 2019 15:59:00 GMT'],
    ['a trailing space', 'Fri, 26 Jul 2019 15:59:00 GMT '],
    ['ISO 8601', '2019-07-26T15:59:00Z'],
    ['an empty string', ''],
  ])('refuses %s', (_, value) => {
    const error = dateError(() => parseRfc1123(value));
    expect(error.code).toBe('INVALID_RFC1123_DATE');
    expect(error.expected).toContain('EEE, dd MMM yyyy HH:mm:ss GMT');
  });

  it('refuses a value that is not a string', () => {
    expect(dateError(() => parseRfc1123(1564156740 as unknown as string)).code).toBe('INVALID_RFC1123_DATE');
  });

  it('accepts 29 February of a leap year and 31 December', () => {
    expect(parseRfc1123('Sat, 29 Feb 2020 12:00:00 GMT').toISOString()).toBe('2020-02-29T12:00:00.000Z');
    expect(parseRfc1123('Sat, 31 Dec 2022 23:59:59 GMT').toISOString()).toBe('2022-12-31T23:59:59.000Z');
  });
});

describe('parseRfc1123 over the whole range of years', () => {
  it('reads back every date formatRfc1123 writes, years 0 to 9999, and refuses the wrong weekday', () => {
    const min = new Date(0);
    min.setUTCFullYear(0, 0, 1);
    const max = new Date(0);
    max.setUTCFullYear(9999, 11, 31);
    fc.assert(
      fc.property(fc.date({ min, max, noInvalidDate: true }), (date) => {
        const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
        const text = formatRfc1123(whole);
        expect(parseRfc1123(text).getTime()).toBe(whole.getTime());
        const wrong = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][(whole.getUTCDay() + 1) % 7]!;
        expect(() => parseRfc1123(wrong + text.slice(3))).toThrow(SigkitDateError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseRfc1123 reads the layout exactly as the RFC 1123 pattern does', () => {
  // The pattern the reader once used, kept as an oracle for the character-by-character check.
  const PATTERN = /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
  const layoutRefused = (value: string): boolean => {
    try {
      parseRfc1123(value);
      return false;
    } catch (error) {
      return (error as Error).message.endsWith('is not an RFC 1123 date');
    }
  };
  // One to three characters of a real date replaced by characters near the format's own.
  const mutated = fc
    .tuple(
      fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
      fc.array(fc.tuple(fc.nat({ max: 30 }), fc.constantFrom('', ' ', ',', ':', '0', '9', '/', 'a', 'z', 'A', 'Z', '@', '[', '`', '{', 'GMT', '١', 'é')), { minLength: 1, maxLength: 3 }),
    )
    .map(([date, edits]) => edits.reduce((text, [at, by]) => text.slice(0, at) + by + text.slice(at + 1), formatRfc1123(date)));

  it('refuses the layout of exactly the strings the pattern refuses', () => {
    fc.assert(
      fc.property(mutated, (value) => {
        expect(layoutRefused(value)).toBe(!PATTERN.test(value));
      }),
      { numRuns: 5000 },
    );
  });
});

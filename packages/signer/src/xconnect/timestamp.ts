/** The `x-arrow-date` timestamp: ISO-8601 with a zone (docs/spec/xconnect.md §1.5, §3). */
import { SigkitDateError } from '../errors.js';
import { readDigits } from '../shared/digits.js';

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;
const EXPECTED = 'ISO-8601 with a zone, e.g. 2016-04-12T14:28:36.218Z';
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an `x-arrow-date` value to epoch milliseconds, or throws a SigkitDateError
 * (`INVALID_TIMESTAMP`) saying what was expected. A zone (`Z` or `±hh:mm`) is required.
 *
 * @example
 * ```ts
 * parseXConnectTimestamp('2016-04-12T14:28:36.218Z'); // 1460471316218
 * ```
 */
export function parseXConnectTimestamp(timestamp: string): number {
  if (typeof timestamp !== 'string') {
    throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp must be a string, got ${typeof timestamp}`, { expected: EXPECTED });
  }
  if (hasCanonicalSeparators(timestamp)) {
    // What toISOString writes, and nearly every client sends: read by position, no regex. A field
    // that is not all digits reads as -1, and such a timestamp takes the pattern below.
    const year = readDigits(timestamp, 0, 4);
    const month = readDigits(timestamp, 5, 2);
    const day = readDigits(timestamp, 8, 2);
    const hour = readDigits(timestamp, 11, 2);
    const minute = readDigits(timestamp, 14, 2);
    const second = readDigits(timestamp, 17, 2);
    const millis = readDigits(timestamp, 20, 3);
    if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && millis >= 0) {
      return epochMillis(timestamp, year, month, day, hour, minute, second, millis, 'Z');
    }
  }
  const m = ISO_8601.exec(timestamp);
  if (!m) throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp "${timestamp}" is not ISO-8601 with a zone`, { expected: EXPECTED });
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  return epochMillis(timestamp, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), second, millis, m[8]!);
}

/** The separators of `yyyy-mm-ddThh:mm:ss.sssZ`, at their places in a string of its length. */
function hasCanonicalSeparators(timestamp: string): boolean {
  return (
    timestamp.length === 24 &&
    timestamp.charCodeAt(4) === 45 && // -
    timestamp.charCodeAt(7) === 45 &&
    timestamp.charCodeAt(10) === 84 && // T
    timestamp.charCodeAt(13) === 58 && // :
    timestamp.charCodeAt(16) === 58 &&
    timestamp.charCodeAt(19) === 46 && // .
    timestamp.charCodeAt(23) === 90 // Z
  );
}

/** Checks the fields' ranges and counts the instant they name, `zone` being `Z` or `±hh[:]mm`. */
function epochMillis(timestamp: string, year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, zone: string): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp "${timestamp}" has a field out of range`, { expected: EXPECTED });
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 18 || minutes > 59) {
      throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp "${timestamp}" has an impossible zone offset`, { expected: EXPECTED });
    }
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // Date.UTC reads years 0–99 as 1900–1999, so only those take the slower exact path.
  let utc: number;
  if (year >= 100) utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  else {
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, millis);
    utc = date.getTime();
  }
  return utc - offsetMinutes * 60_000;
}

/** The timestamp format clients send: `Date.prototype.toISOString` (millisecond precision, `Z`). */
export function formatXConnectTimestamp(date: Date): string {
  return date.toISOString();
}

/** The `x-arrow-date` timestamp: ISO-8601 with a zone (spec xconnect §1.5, §3). */
import { SigkitDateError } from '../errors.js';

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;
const EXPECTED = 'ISO-8601 with a zone, e.g. 2016-04-12T14:28:36.218Z';

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
  const m = ISO_8601.exec(timestamp);
  if (!m) throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp "${timestamp}" is not ISO-8601 with a zone`, { expected: EXPECTED });
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new SigkitDateError('INVALID_TIMESTAMP', `timestamp "${timestamp}" has a field out of range`, { expected: EXPECTED });
  }
  const zone = m[8]!;
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
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offsetMinutes * 60_000;
}

/** The timestamp format clients send: `Date.prototype.toISOString` (millisecond precision, `Z`). */
export function formatXConnectTimestamp(date: Date): string {
  return date.toISOString();
}

/** RFC 1123 dates (`EEE, dd MMM yyyy HH:mm:ss GMT`), the only date format KX Connect requests carry. */
import { SigkitDateError } from '../errors.js';
import { readDigits } from '../shared/digits.js';
import { describeType } from '../shared/validate.js';

/** The format, for error messages. @internal */
export const RFC1123_FORMAT = 'EEE, dd MMM yyyy HH:mm:ss GMT, e.g. "Fri, 26 Jul 2019 15:59:00 GMT"';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// Exactly one space between fields, two-digit day, four-digit year, literal GMT (docs/spec/kx-connect.md §1):
// `^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$`. The guides' "EEE, dd, MMM"
// has a stray comma that their own example does not, so it is refused.

/**
 * Writes a date as RFC 1123 in GMT, to the second (milliseconds are dropped), exactly as
 * `Date.prototype.toUTCString` does for years 0000–9999.
 *
 * @throws SigkitDateError `INVALID_DATE` for an invalid Date or a year outside 0000–9999.
 *
 * @example
 * ```ts
 * formatRfc1123(new Date(Date.UTC(2019, 6, 26, 15, 59))); // 'Fri, 26 Jul 2019 15:59:00 GMT'
 * ```
 */
export function formatRfc1123(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new SigkitDateError('INVALID_DATE', `date must be a valid Date, got ${date instanceof Date ? 'an invalid Date' : describeType(date)}`, {
      expected: 'a valid Date',
    });
  }
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new SigkitDateError('INVALID_DATE', `year ${year} cannot be written as an RFC 1123 date`, { expected: 'a year between 0000 and 9999' });
  }
  return (
    `${WEEKDAYS[date.getUTCDay()]}, ${pad(date.getUTCDate(), 2)} ${MONTHS[date.getUTCMonth()]} ${pad(year, 4)} ` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)} GMT`
  );
}

/**
 * Reads an RFC 1123 date strictly: the exact shape `formatRfc1123` writes, a real calendar day,
 * hours 00–23, minutes and seconds 00–59, and the weekday that date falls on. Anything else is
 * refused rather than guessed, because the string is signed as sent and a lenient reader would
 * accept dates a stricter server refuses.
 *
 * @throws SigkitDateError `INVALID_RFC1123_DATE`, with the expected format.
 *
 * @example
 * ```ts
 * parseRfc1123('Fri, 26 Jul 2019 15:59:00 GMT').toISOString(); // '2019-07-26T15:59:00.000Z'
 * ```
 */
export function parseRfc1123(s: string): Date {
  return new Date(rfc1123Millis(s));
}

/**
 * `parseRfc1123` without the Date: the instant in milliseconds since the epoch. The fields are
 * read by position, since an RFC 1123 date has exactly one layout.
 * @internal
 */
export function rfc1123Millis(s: string): number {
  if (typeof s !== 'string') throw invalid(`an RFC 1123 date must be a string, got ${describeType(s)}`);
  // Each field is -1 when its characters are not all digits (or lie past the end).
  const day = readDigits(s, 5, 2);
  const year = readDigits(s, 12, 4);
  const hour = readDigits(s, 17, 2);
  const minute = readDigits(s, 20, 2);
  const second = readDigits(s, 23, 2);
  if (!hasRfc1123Separators(s) || day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
    throw invalid(`${JSON.stringify(s)} is not an RFC 1123 date`);
  }
  const month = monthIndex(s);
  if (month < 0) throw invalid(`${JSON.stringify(s)} has an unknown month "${s.slice(8, 11)}"`);
  if (day < 1 || day > daysInMonth(year, month)) throw invalid(`${JSON.stringify(s)} has no day ${s.slice(5, 7)} in ${s.slice(8, 11)} ${s.slice(12, 16)}`);
  if (hour > 23 || minute > 59 || second > 59) throw invalid(`${JSON.stringify(s)} has a time of day out of range`);
  // Counted from the civil date (no Date.UTC, which maps years 0–99 to 1900–1999).
  const days = daysSinceEpoch(year, month + 1, day);
  const actualWeekday = WEEKDAYS[(((days + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  if (!s.startsWith(actualWeekday)) throw invalid(`${JSON.stringify(s)} says ${s.slice(0, 3)} but that date is a ${actualWeekday}`);
  return days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000;
}

// `Www, dd Mmm yyyy hh:mm:ss GMT`, the pattern checked character by character (the regular
// expression with its captures cost as much as the rest of the check): everything but the digits,
// which the caller reads.
function hasRfc1123Separators(s: string): boolean {
  return (
    s.length === 29 &&
    isWord(s, 0) &&
    s.charCodeAt(3) === 44 && // ,
    s.charCodeAt(4) === 32 &&
    s.charCodeAt(7) === 32 &&
    isWord(s, 8) &&
    s.charCodeAt(11) === 32 &&
    s.charCodeAt(16) === 32 &&
    s.charCodeAt(19) === 58 && // :
    s.charCodeAt(22) === 58 &&
    s.endsWith(' GMT')
  );
}

/** Whether s[at..at+3) is an upper-case ASCII letter and two lower-case ones, as in `Mon` or `Jan`. */
function isWord(s: string, at: number): boolean {
  const first = s.charCodeAt(at);
  const second = s.charCodeAt(at + 1);
  const third = s.charCodeAt(at + 2);
  return first >= 65 && first <= 90 && second >= 97 && second <= 122 && third >= 97 && third <= 122;
}

function monthIndex(s: string): number {
  for (let month = 0; month < 12; month += 1) if (s.startsWith(MONTHS[month]!, 8)) return month;
  return -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), after H. Hinnant's days_from_civil. */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function invalid(message: string): SigkitDateError {
  return new SigkitDateError('INVALID_RFC1123_DATE', message, { expected: RFC1123_FORMAT });
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `x-arrow-date` read as the platform read it: Java's ISO zoned date-time, to the nanosecond (docs/spec/xconnect.md §3b). */
import { SigkitDateError } from '../errors.js';

/** The forms the platform accepted, for error messages and the explainer. */
export const MOONSTONE_DATE_FORMS =
  'yyyy-mm-ddThh:mm[:ss[.f…]] with 0 to 9 fraction digits after ".", then "Z" or an offset ±hh:mm[:ss] within ±18:00, ' +
  'optionally followed by a zone in brackets such as [UTC] or [Europe/Paris]; "T" and "Z" in either case ' +
  '(e.g. 2016-04-12T14:28:36.218Z, 2016-04-12T14:28:36.218+00:00, 2016-04-12T14:28:36.218Z[UTC])';

const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_OFFSET_SECONDS = 18 * 3600;

/**
 * Parses an `x-arrow-date` as the platform's `ZonedDateTime.parse` did, exact to the nanosecond, or
 * throws a SigkitDateError (`INVALID_TIMESTAMP`) whose `expected` lists the accepted forms. Accepts
 * what Java accepts (`2016-04-12T14:28:36.218Z`, 0–9 fraction digits, `+00:00`, `+00:00:00`, a
 * `[UTC]` or region suffix, lower-case `t`/`z`); refuses what it refuses (`+0000`, a `,` before the
 * fraction, an offset beyond ±18:00, a field out of range such as `24:00` or February 30).
 * With a region suffix the instant is the local date-time in that region, as on Java 8 (later Java
 * versions let the offset win; docs/spec/xconnect.md §3b).
 *
 * @example
 * ```ts
 * parseMoonstoneTimestamp('2016-04-12T14:28:36.218Z'); // 1460471316218000000n
 * parseMoonstoneTimestamp('2016-04-12t14:28:36.218123456z'); // 1460471316218123456n
 * parseMoonstoneTimestamp('2016-04-12T14:28:36.218+0000'); // throws INVALID_TIMESTAMP
 * ```
 */
export function parseMoonstoneTimestamp(text: string): bigint {
  if (typeof text !== 'string') throw invalid(String(text), 'it is not a string');
  const r = new Reader(text);
  // ISO_LOCAL_DATE: a year of 4 digits, or a sign and 4 to 10 ('+' only when more than 4).
  const year = r.year();
  r.literal('-');
  const month = r.digits(2);
  r.literal('-');
  const day = r.digits(2);
  r.literalIgnoringCase('T');
  const hour = r.digits(2);
  r.literal(':');
  const minute = r.digits(2);
  let second = 0;
  let nanos = 0;
  if (r.peek() === ':') {
    r.literal(':');
    second = r.digits(2);
    if (r.peek() === '.') {
      r.literal('.');
      const start = r.pos;
      while (r.pos - start < 9 && isDigit(r.peek())) r.pos += 1;
      const fraction = text.slice(start, r.pos);
      nanos = fraction === '' ? 0 : Number(fraction.padEnd(9, '0'));
    }
  }
  const offsetSeconds = r.offset();
  let zone: Zone | undefined;
  if (r.peek() === '[') {
    r.literal('[');
    zone = r.zoneRegion();
    r.literal(']');
  }
  if (r.pos !== text.length) throw invalid(text, `unexpected text at offset ${r.pos}`);

  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth! || hour > 23 || minute > 59 || second > 59) {
    throw invalid(text, 'a field is out of range');
  }
  if (Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) throw invalid(text, 'the offset is beyond ±18:00');
  const localSeconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second);
  const zoneOffset = zone === undefined ? offsetSeconds : zone.offsetForLocal(localSeconds);
  return (localSeconds - BigInt(zoneOffset)) * NANOS_PER_SECOND + BigInt(nanos);
}

/** A zone named in brackets: a fixed offset, or a region whose offset depends on the local time. */
interface Zone {
  offsetForLocal(localSeconds: bigint): number;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  fail(what: string): never {
    throw invalid(this.text, `expected ${what} at offset ${this.pos}`);
  }

  literal(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`"${c}"`);
    this.pos += 1;
  }

  literalIgnoringCase(c: string): void {
    if (this.text[this.pos]?.toUpperCase() !== c) this.fail(`"${c}"`);
    this.pos += 1;
  }

  digits(count: number): number {
    const s = this.text.slice(this.pos, this.pos + count);
    if (s.length !== count || ![...s].every(isDigit)) this.fail(`${count} digits`);
    this.pos += count;
    return Number(s);
  }

  year(): number {
    const sign = this.peek();
    if (sign === '+' || sign === '-') this.pos += 1;
    const start = this.pos;
    while (this.pos - start < 10 && isDigit(this.peek())) this.pos += 1;
    const digits = this.text.slice(start, this.pos);
    if (digits.length < 4) this.fail('a year of 4 digits');
    if (sign === '+' && digits.length <= 4) throw invalid(this.text, 'a "+" before a year of 4 digits');
    if (sign !== '+' && sign !== '-' && digits.length > 4) throw invalid(this.text, 'a year of more than 4 digits without a sign');
    const value = Number(digits);
    if (sign === '-' && value === 0) throw invalid(this.text, 'the year -0');
    if (value > 999_999_999) throw invalid(this.text, 'the year is out of range');
    return sign === '-' ? -value : value;
  }

  /** `Z` (either case) or `±hh:mm[:ss]`, each part 00–59 (the ±18:00 limit is checked by the caller). */
  offset(): number {
    const c = this.peek();
    if (c === 'Z' || c === 'z') {
      this.pos += 1;
      return 0;
    }
    if (c !== '+' && c !== '-') this.fail('"Z" or an offset such as +00:00');
    return this.signedOffset();
  }

  signedOffset(): number {
    const negative = this.peek() === '-';
    this.pos += 1;
    const hours = this.offsetPart(false);
    const minutes = this.offsetPart(true);
    let seconds = 0;
    if (this.peek() === ':' && isDigit(this.text[this.pos + 1] ?? '') && isDigit(this.text[this.pos + 2] ?? '') && Number(this.text.slice(this.pos + 1, this.pos + 3)) <= 59) {
      seconds = Number(this.text.slice(this.pos + 1, this.pos + 3));
      this.pos += 3;
    }
    const total = hours * 3600 + minutes * 60 + seconds;
    return negative ? -total : total;
  }

  offsetPart(withColon: boolean): number {
    if (withColon) this.literal(':');
    const s = this.text.slice(this.pos, this.pos + 2);
    if (s.length !== 2 || !isDigit(s[0]!) || !isDigit(s[1]!) || Number(s) > 59) this.fail('two digits of an offset (+hh:mm)');
    this.pos += 2;
    return Number(s);
  }

  /** A zone id inside brackets, read as Java's zone-region parser reads it (case-sensitive). */
  zoneRegion(): Zone {
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === '+' || c === '-') return fixed(this.offsetWithinLimit(() => this.signedOffset()));
    for (const prefix of ['UTC', 'GMT', 'UT']) {
      if (!rest.startsWith(prefix)) continue;
      this.pos += prefix.length;
      const next = this.peek();
      // A sign after the prefix starts an offset (UTC+01:00); anything else ends the id at the prefix.
      if ((next === '+' || next === '-') && /^[+-]\d\d:\d\d/.test(this.text.slice(this.pos))) {
        return fixed(this.offsetWithinLimit(() => this.signedOffset()));
      }
      return fixed(0);
    }
    const end = rest.indexOf(']');
    const id = end < 0 ? rest : rest.slice(0, end);
    const region = regionZone(id);
    if (region) {
      this.pos += id.length;
      return region;
    }
    if (c === 'Z') {
      this.pos += 1;
      return fixed(0);
    }
    return this.fail('a zone id such as UTC or Europe/Paris');
  }

  offsetWithinLimit(read: () => number): number {
    const seconds = read();
    if (Math.abs(seconds) > MAX_OFFSET_SECONDS) throw invalid(this.text, 'the zone offset is beyond ±18:00');
    return seconds;
  }
}

function fixed(offsetSeconds: number): Zone {
  return { offsetForLocal: () => offsetSeconds };
}

let knownRegions: Set<string> | undefined;

/** A region of the time-zone database, by its exact id (Java's lookup is case-sensitive), or undefined. */
function regionZone(id: string): Zone | undefined {
  knownRegions ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (!knownRegions.has(id) && !/^(?:[A-Z][A-Za-z0-9_+-]*)(?:\/[A-Z][A-Za-z0-9_+-]*)*$/.test(id)) return undefined;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch {
    return undefined;
  }
  const offsetAt = (epochSeconds: number): number => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(epochSeconds * 1000))) parts[p.type] = p.value;
    const y = Number(parts.year) * (parts.era === 'BC' || parts.era === 'B' ? -1 : 1) + (parts.era === 'BC' || parts.era === 'B' ? 1 : 0);
    const local = daysFromCivil(y, Number(parts.month), Number(parts.day)) * 86400 + Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
    return local - epochSeconds;
  };
  return {
    // Java's ZonedDateTime.ofLocal: in an overlap the earlier offset; in a gap the local time is moved
    // forward by the gap, which is the same instant as reading it with the offset before the gap.
    offsetForLocal(localSeconds: bigint): number {
      const local = Number(localSeconds);
      const before = offsetAt(local - 86400);
      const after = offsetAt(local + 86400);
      const valid = [before, after].filter((o) => offsetAt(local - o) === o);
      return valid.length > 0 ? valid[0]! : before;
    },
  };
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (any year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isDigit(c: string): boolean {
  return c.length === 1 && c >= '0' && c <= '9';
}

function invalid(text: string, why: string): SigkitDateError {
  return new SigkitDateError('INVALID_TIMESTAMP', `x-arrow-date ${JSON.stringify(text)} is not a date-time the platform could read: ${why}`, { expected: MOONSTONE_DATE_FORMS });
}

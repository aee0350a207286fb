/** Splits and decodes a raw query string the way a servlet container does (spec xconnect §1.1). */
import { SigkitInputError } from '../errors.js';

/** One parameter of a raw query, both as sent and decoded. */
export interface DecodedQueryParam {
  /** The name as it appeared on the wire. */
  rawName: string;
  /** The value as it appeared on the wire (`''` for a bare `?flag`). */
  rawValue: string;
  /** The name decoded (`%XX` as UTF-8, `+` as space). */
  name: string;
  /** The value decoded (`%XX` as UTF-8, `+` as space); `''` for a bare flag. */
  value: string;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Decodes one query component: `+` is a space and `%XX` runs are UTF-8 bytes (invalid UTF-8
 * becomes U+FFFD, as in Java). Throws on a `%` not followed by two hex digits.
 */
export function decodeQueryComponent(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '+') {
      out += ' ';
      i += 1;
    } else if (ch === '%') {
      const bytes: number[] = [];
      while (i < raw.length && raw[i] === '%') {
        const hex = raw.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
          throw new SigkitInputError('MALFORMED_QUERY', `malformed percent-escape "${raw.slice(i, i + 3)}" in query component "${raw}"`, {
            expected: '"%" followed by two hex digits',
          });
        }
        bytes.push(Number.parseInt(hex, 16));
        i += 3;
      }
      out += utf8.decode(Uint8Array.from(bytes));
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/**
 * Splits a raw query string (without the leading `?`) into parameters in wire order.
 * Empty segments (`a=1&&b=2`) and segments with an empty name (`=x`) are skipped, as Tomcat does;
 * a segment without `=` is a parameter with the value `''`.
 *
 * @example
 * ```ts
 * decodeQuery('a=1+2&flag&b=%C3%A9').map((p) => [p.name, p.value]);
 * // [['a', '1 2'], ['flag', ''], ['b', 'é']]
 * ```
 */
export function decodeQuery(rawQuery: string | undefined): DecodedQueryParam[] {
  if (rawQuery === undefined || rawQuery === '') return [];
  const params: DecodedQueryParam[] = [];
  for (const segment of rawQuery.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const name = decodeQueryComponent(rawName);
    if (name === '') continue;
    params.push({ rawName, rawValue, name, value: decodeQueryComponent(rawValue) });
  }
  return params;
}

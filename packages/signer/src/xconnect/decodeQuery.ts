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
  // One decoder call over all the bytes: the same result as decoding each run of escapes on its
  // own, since a run cut short by any other byte is replaced by U+FFFD either way.
  const bytes = new Uint8Array(raw.length * 3);
  let length = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (code === 0x2b) bytes[length++] = 0x20;
    else if (code === 0x25) {
      const high = hexValue(raw.charCodeAt(i + 1));
      const low = hexValue(raw.charCodeAt(i + 2));
      if (high < 0 || low < 0) {
        throw new SigkitInputError('MALFORMED_QUERY', `malformed percent-escape "${raw.slice(i, i + 3)}" in query component "${raw}"`, {
          expected: '"%" followed by two hex digits',
        });
      }
      bytes[length++] = high * 16 + low;
      i += 2;
    } else if (code < 0x80) bytes[length++] = code;
    else {
      const char = String.fromCodePoint(raw.codePointAt(i)!);
      length += Buffer.from(char, 'utf8').copy(bytes, length);
      i += char.length - 1;
    }
  }
  return utf8.decode(bytes.subarray(0, length));
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
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

/** Splits and decodes a raw query string the way a servlet container does (docs/spec/xconnect.md §1.1). */
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

// A byte-order mark is a character like any other here: Java's decoder keeps a leading one, and so must this.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes one query component: `+` is a space and `%XX` runs are UTF-8 bytes (invalid UTF-8
 * becomes U+FFFD, as in Java). Throws on a `%` not followed by two hex digits.
 */
export function decodeQueryComponent(raw: string): string {
  const hasPercent = raw.includes('%');
  if (!hasPercent && !raw.includes('+')) return raw;
  // Without escapes, decoding only turns '+' into ' ' (a well-formed text round-trips through UTF-8).
  if (!hasPercent && raw.isWellFormed()) return raw.replaceAll('+', ' ');
  // One UTF-8 encoding of the whole component, one pass over its bytes, one decoder call: the same
  // result as decoding each run of escapes on its own, since a run cut short by any other byte is
  // replaced by U+FFFD either way.
  return utf8.decode(queryComponentBytes(raw));
}

/**
 * The bytes a query component stands for: its UTF-8 encoding with `+` turned into a space and each
 * `%XX` into its byte, before any decoding as text. Throws `MALFORMED_QUERY` on a `%` not followed
 * by two hex digits. Shared with the platform's reading (`decodeMoonstoneQueryComponent`), which
 * decodes the same bytes the Java way. @internal
 */
export function queryComponentBytes(raw: string): Uint8Array {
  const bytes = Buffer.from(raw, 'utf8');
  let length = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]!;
    if (byte === 0x2b) bytes[length++] = 0x20;
    else if (byte === 0x25) {
      const high = hexValue(bytes[i + 1] ?? -1);
      const low = hexValue(bytes[i + 2] ?? -1);
      if (high < 0 || low < 0) throw malformedEscape(raw);
      bytes[length++] = high * 16 + low;
      i += 2;
    } else bytes[length++] = byte;
  }
  return bytes.subarray(0, length);
}

/** The error for the first '%' of `raw` not followed by two hex digits. */
function malformedEscape(raw: string): SigkitInputError {
  let at = raw.indexOf('%');
  while (at >= 0 && hexValue(raw.charCodeAt(at + 1)) >= 0 && hexValue(raw.charCodeAt(at + 2)) >= 0) at = raw.indexOf('%', at + 3);
  return new SigkitInputError('MALFORMED_QUERY', `malformed percent-escape "${raw.slice(at, at + 3)}" in query component "${raw}"`, {
    expected: '"%" followed by two hex digits',
  });
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
  return splitQuery(rawQuery, decodeQueryComponent, false);
}

/**
 * Splits a raw query (without `?`) into parameters: pieces between `&` (empty ones skipped), each
 * split at its first `=` (none: the value `''`), decoded with `decode`. A piece whose name decodes
 * to `''` is dropped, or kept when `keepEmptyNames` (the platform's reading). @internal
 */
export function splitQuery(rawQuery: string | undefined, decode: (raw: string) => string, keepEmptyNames: boolean): DecodedQueryParam[] {
  if (rawQuery === undefined || rawQuery === '') return [];
  const params: DecodedQueryParam[] = [];
  for (const segment of rawQuery.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const name = decode(rawName);
    if (name === '' && !keepEmptyNames) continue;
    params.push({ rawName, rawValue, name, value: decode(rawValue) });
  }
  return params;
}

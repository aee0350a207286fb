/** Form bodies as the platform read them: their fields became parameters and their bytes were never hashed (docs/spec/xconnect.md §3b). */
import { decodeUtf8LikeJava } from './javaUtf8.js';
import { decodeMoonstoneQuery } from './moonstoneQuery.js';

/** How the platform read a request's parameters and body before its signature filter. */
export interface MoonstoneFormReading {
  /** The method the filter saw and signed (a `_method` override applied). */
  method: string;
  /**
   * The parameters a form body added, in body order (`null` when the body was not read as a form:
   * then it is hashed as sent). When not null, the filter found the body already consumed and
   * hashed the empty string.
   */
  formParams: Array<readonly [name: string, value: string]> | null;
  /**
   * The form could not be parsed: `500` when that happened before the security layer (an
   * exception), `401` when it happened inside the signature filter (`Not Authorized`).
   */
  failure?: { status: 401 | 500; reason: string };
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads a request's form body as the platform's stack did, in its order: for a `POST` whose
 * content type starts with `application/x-www-form-urlencoded`, the container parses the body into
 * parameters (its own decoding rules); for a `PUT` or `PATCH` with that media type, Spring's form
 * filter does (`java.net.URLDecoder` rules, blank pieces dropped); a `POST` with `_method=put`,
 * `delete` or `patch` (query first, then form) is seen as that method. Either way the body is
 * consumed, so the signature filter hashes an empty payload.
 *
 * @example
 * ```ts
 * readMoonstoneForm('POST', '/api/v1/kronos/devices?a=0', 'application/x-www-form-urlencoded', Buffer.from('a=1'));
 * // { method: 'POST', formParams: [['a', '1']] }
 * ```
 */
export function readMoonstoneForm(method: string, target: string, contentType: string | undefined, body: Uint8Array): MoonstoneFormReading {
  const q = target.indexOf('?');
  let queryMethod: string | undefined;
  try {
    queryMethod = q < 0 ? undefined : decodeMoonstoneQuery(target.slice(q + 1)).find((p) => p.name === '_method')?.value;
  } catch {
    queryMethod = undefined;
  }
  if (method === 'POST' && contentType !== undefined && contentType.startsWith(FORM_TYPE)) {
    const override = hiddenMethod(queryMethod);
    // The hidden-method filter asked for `_method`; the container parsed the form then, unless the
    // query had one. A PUT or PATCH override from the query lets Spring's form filter read the body.
    if (queryMethod !== undefined && (override === 'PUT' || override === 'PATCH')) return springForm(override, contentType, body);
    let params: Array<readonly [string, string]>;
    try {
      // The platform's encoding filter forced UTF-8 on every request, over any charset of the content type.
      params = containerForm(body, 'UTF-8');
    } catch (error) {
      const reason = `the form body cannot be decoded: ${(error as Error).message}`;
      return { method: override ?? method, formParams: [], failure: { status: queryMethod === undefined ? 500 : 401, reason } };
    }
    const formMethod = queryMethod === undefined ? hiddenMethod(params.find(([n]) => n === '_method')?.[1]) : override;
    return { method: formMethod ?? method, formParams: params };
  }
  const effective = method === 'POST' ? (hiddenMethod(queryMethod) ?? method) : method;
  if ((effective === 'PUT' || effective === 'PATCH') && contentType !== undefined && isFormMediaType(contentType)) return springForm(effective, contentType, body);
  return { method: effective, formParams: null };
}

function hiddenMethod(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const upper = value.toUpperCase();
  return upper === 'PUT' || upper === 'DELETE' || upper === 'PATCH' ? upper : undefined;
}

function springForm(method: string, contentType: string, body: Uint8Array): MoonstoneFormReading {
  try {
    return { method, formParams: springFormParams(body, charsetOf(contentType) ?? 'UTF-8') };
  } catch (error) {
    return { method, formParams: [], failure: { status: 500, reason: `the form body cannot be decoded: ${(error as Error).message}` } };
  }
}

/**
 * Spring's media-type test: the type and subtype before any `;`, compared without case. A charset
 * Java does not know makes the content type unparseable, and Spring then reads no form at all.
 */
function isFormMediaType(contentType: string): boolean {
  if (contentType.split(';')[0]!.trim().toLowerCase() !== FORM_TYPE) return false;
  const charset = charsetOf(contentType);
  return charset === undefined || knownCharset(charset);
}

function knownCharset(charset: string): boolean {
  try {
    decodeCharset(new Uint8Array(0), charset);
    return true;
  } catch {
    return false;
  }
}

/** The `charset` parameter of a content type, unquoted, or undefined. */
function charsetOf(contentType: string): string | undefined {
  const at = contentType.toLowerCase().indexOf('charset=');
  if (at < 0) return undefined;
  let value = contentType.slice(at + 8);
  const end = value.indexOf(';');
  if (end >= 0) value = value.slice(0, end);
  value = value.trim();
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value;
}

/** Bytes to text in a Java charset the platform could be sent; others throw, as Java did. */
function decodeCharset(bytes: Uint8Array, charset: string): string {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return decodeUtf8LikeJava(bytes);
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'iso8859_1') return Buffer.from(bytes).toString('latin1');
  if (name === 'us-ascii' || name === 'ascii') return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\uFFFD')).join('');
  // Other charsets Java knows (windows-1252, UTF-16…): the runtime's decoder, whose replacement of
  // malformed input may differ from Java's in rare cases.
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    throw new Error(`unsupported charset ${JSON.stringify(charset)}`);
  }
}

/**
 * The container's form parser: pieces split at `&` (an empty piece between two `&` is a parameter
 * with an empty name), names and values decoded only when they hold `%` or `+`, each byte taken
 * as a character (a byte above 0x7F becomes U+FF80..U+FFFF, as Java's signed byte cast does).
 */
function containerForm(body: Uint8Array, charset: string): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  let builder = '';
  let name = '';
  let state = 0; // 0 name, 1 name to decode, 2 value, 3 value to decode
  const decode = (s: string) => containerDecode(s, charset);
  for (const byte of body) {
    const c = String.fromCharCode(byte < 0x80 ? byte : 0xff00 | byte);
    if (state === 0 || state === 1) {
      if (c === '=') {
        name = state === 1 ? decode(builder) : builder;
        builder = '';
        state = 2;
      } else if (c === '&') {
        out.push([state === 1 ? decode(builder) : builder, '']);
        builder = '';
        state = 0;
      } else {
        if (state === 0 && (c === '%' || c === '+')) state = 1;
        builder += c;
      }
    } else if (c === '&') {
      out.push([name, state === 3 ? decode(builder) : builder]);
      builder = '';
      state = 0;
    } else {
      if (state === 2 && (c === '%' || c === '+')) state = 3;
      builder += c;
    }
  }
  if (state === 2) out.push([name, builder]);
  else if (state === 3) out.push([name, decode(builder)]);
  else if (builder.length > 0) out.push([state === 1 ? decode(builder) : builder, '']);
  return out;
}

/**
 * The container's URL decoding (`+` a space): from the first `%` or non-ASCII character on, the rest
 * is one run of bytes decoded at once. A character above U+00FF writes its two bytes and, through a
 * quirk of the original loop, is then repeated for every position left.
 */
function containerDecode(s: string, charset: string): string {
  let prefix = '';
  let i = 0;
  while (i < s.length) {
    let c = s[i]!;
    if (c === '+') {
      prefix += ' ';
      i += 1;
      continue;
    }
    if (c !== '%' && c.charCodeAt(0) <= 127) {
      prefix += c;
      i += 1;
      continue;
    }
    const bytes: number[] = [];
    while (i < s.length) {
      if (c === '%') {
        if (i + 2 >= s.length) throw new Error(`incomplete escape in ${JSON.stringify(s)}`);
        const high = hex(s[i + 1]!.toLowerCase());
        const low = hex(s[i + 2]!.toLowerCase());
        if (high < 0 || low < 0) throw new Error(`malformed escape in ${JSON.stringify(s)}`);
        bytes.push(high * 16 + low);
        i += 3;
        if (i < s.length) c = s[i]!;
      } else if (c === '+') {
        bytes.push(0x20);
        i += 1;
        if (i < s.length) c = s[i]!;
      } else {
        i += 1;
        const code = c.charCodeAt(0);
        if (code >> 8 !== 0) bytes.push((code >> 8) & 0xff, code & 0xff);
        else {
          bytes.push(code);
          if (i < s.length) c = s[i]!;
        }
      }
    }
    return prefix + decodeCharset(Uint8Array.from(bytes), charset);
  }
  return prefix;
}

function hex(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  return -1;
}

/** Spring's form reading: the body as text, pieces split at `&`, trimmed, blank ones dropped, `URLDecoder` rules. */
function springFormParams(body: Uint8Array, charset: string): Array<readonly [string, string]> {
  const text = decodeCharset(body, charset);
  const out: Array<readonly [string, string]> = [];
  for (const raw of text.split('&')) {
    const piece = javaWhitespaceTrim(raw);
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq < 0) out.push([urlDecoderDecode(piece, charset), '']);
    else out.push([urlDecoderDecode(piece.slice(0, eq), charset), urlDecoderDecode(piece.slice(eq + 1), charset)]);
  }
  return out;
}

/** `java.net.URLDecoder.decode`: `+` a space, each run of `%XX` decoded on its own. */
function urlDecoderDecode(s: string, charset: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '+') {
      out += ' ';
      i += 1;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i + 2 < s.length && s[i] === '%') {
        const v = parseHexPair(s.slice(i + 1, i + 3));
        if (v === undefined) throw new Error('URLDecoder: Illegal hex characters in escape (%) pattern');
        if (v < 0) throw new Error('URLDecoder: Illegal hex characters in escape (%) pattern - negative value');
        bytes.push(v);
        i += 3;
      }
      if (i < s.length && s[i] === '%') throw new Error('URLDecoder: Incomplete trailing escape (%) pattern');
      out += decodeCharset(Uint8Array.from(bytes), charset);
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Java's `Integer.parseInt(pair, 16)` for two characters: a leading sign is allowed. */
function parseHexPair(pair: string): number | undefined {
  const sign = pair[0] === '-' ? -1 : pair[0] === '+' ? 1 : 0;
  const digits = sign === 0 ? pair : pair.slice(1);
  if (digits === '' || ![...digits].every((d) => hex(d.toLowerCase()) >= 0)) return undefined;
  const value = parseInt(digits, 16);
  return sign === -1 ? -value : value;
}

/** Spring's `StringUtils.trimWhitespace`: Java's `Character.isWhitespace` at both ends. */
function javaWhitespaceTrim(text: string): string {
  const ws = /[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/;
  let start = 0;
  let end = text.length;
  while (start < end && ws.test(text[start]!)) start += 1;
  while (end > start && ws.test(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

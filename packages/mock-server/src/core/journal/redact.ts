/** Keeps secrets out of the journal: credential headers and password-like fields in JSON or form bodies. */
import type { JsonValue } from '../http/types.js';
import { intern } from './intern.js';

/** Header names whose values are replaced by `[redacted]` in the journal. */
export const REDACTED_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token'];

/** Placeholder written instead of a secret. */
export const REDACTED = '[redacted]';

// Field names that carry passwords or secrets (KX Connect logins send a password; gateway configs a
// secretKey), compared with a field's name after JSON or percent decoding, in any case.
const SECRET_NAMES = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secretkey', 'secret_key', 'client_secret']);
const isSecretName = (name: string) => SECRET_NAMES.has(name.toLowerCase());
// A field of a JSON text that does not parse (cut at the journal's limit, malformed): its name as
// written, then a string value (one cut off is redacted to the end of the text) or a bare scalar
// (`"password": 12345678`, or a bare word in a body that is not JSON: `"password":hunter2`).
const JSON_FIELD = /"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|\\?$)|[^\s",}\]]+)/g;
// Every secret name (and `sessionId`) contains one of these, unless it is spelt with escapes
// (`pass\u0077ord`, `p%61ssword`): a text without any has nothing to redact, and one scan is
// cheaper than parsing every journaled body.
const SECRET_HINT = /pass|pwd|secret|sessionid|\\u|%/i;
// A KX sessionId is the key of every signature of its session (docs/spec/kx-connect.md §2): the
// journal never keeps it whole. Its value, found in a `sessionId` field (a login's answer, a
// diagnosis's `expected`), is masked wherever it appears in the same text (a string to sign too).
const SESSION_ID_FIELD = /"sessionId"\s*:\s*"([^"\\]{6,})"/gi;
const CUT_SESSION_ID_FIELD = /("sessionId"\s*:\s*)"[^"\\]*$/i;

/**
 * What the journal writes instead of a KX sessionId: a marker naming it, with only the last five
 * characters, which the client sends in clear in its Authorization identity anyway.
 *
 * @example
 * ```ts
 * maskSessionId('9e114bae0c2b4d6f8a1e3c5b7d9f7fb5e'); // '[redacted sessionId …7fb5e]'
 * ```
 */
export function maskSessionId(sessionId: string): string {
  return `[redacted sessionId …${Array.from(sessionId).slice(-5).join('')}]`;
}

/** Masks every sessionId named by a `"sessionId"` field of the text, wherever it occurs in it. */
function maskSessionIds(text: string): { text: string; redacted: boolean } {
  const ids = new Set<string>();
  for (const match of text.matchAll(SESSION_ID_FIELD)) if (!match[1]!.startsWith('[redacted')) ids.add(match[1]!);
  let out = text;
  // Longest first, so that an id containing another is masked whole.
  for (const id of [...ids].sort((a, b) => b.length - a.length)) {
    out = out.split(id).join(maskSessionId(id));
    // A text cut at the journal's limit may end in the first characters of the id (a string to sign).
    for (let k = id.length - 1; k >= 3; k -= 1) {
      if (out.endsWith(id.slice(0, k))) {
        out = out.slice(0, -k) + maskSessionId(id);
        break;
      }
    }
  }
  // A sessionId field cut off by the limit is masked to the end of the text.
  const cut = CUT_SESSION_ID_FIELD.exec(out);
  if (cut) out = `${out.slice(0, cut.index)}${cut[1]}"[redacted sessionId]"`;
  return { text: out, redacted: ids.size > 0 || cut !== null };
}

/** A JSON name as written between its quotes, decoded (`pass\u0077ord` is `password`). */
function decodeJsonName(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * Walks a parsed JSON value (with its own stack: bodies nested 20,000 deep are journaled too),
 * replacing every secret field's value by {@link REDACTED}; says whether any was not already so,
 * and collects the sessionIds it names.
 */
function redactValue(value: unknown): { changed: boolean; sessionIds: string[] } {
  let changed = false;
  const sessionIds: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const object = node as Record<string, unknown>;
    for (const name of Object.keys(object)) {
      const field = object[name];
      if (isSecretName(name)) {
        if (field !== REDACTED) changed = true;
        object[name] = REDACTED;
      } else if (name.toLowerCase() === 'sessionid' && typeof field === 'string' && field.length >= 6 && !field.startsWith('[redacted')) {
        sessionIds.push(field);
      } else stack.push(field);
    }
  }
  return { changed, sessionIds };
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Replaces the values of the fields of a JSON text whose decoded names are secret, keeping the rest as written. */
function scanJsonFields(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const out = text.replace(JSON_FIELD, (match, name: string, separator: string) => {
    if (!isSecretName(decodeJsonName(name))) return match;
    redacted = true;
    return `"${name}"${separator}"${REDACTED}"`;
  });
  return { text: out, redacted };
}

/**
 * Redacts a text that is JSON by its parsed fields, whatever escapes spell their names: the text
 * as written with the secret values replaced when that leaves none (checked by parsing it again),
 * else the value written again. Undefined when the text is not JSON.
 */
function redactParsedJson(text: string): { text: string; redacted: boolean; sessionIds: string[] } | undefined {
  const parsed = parseJson(text);
  if (!parsed) return undefined;
  const { changed, sessionIds } = redactValue(parsed.value);
  if (!changed) return { text, redacted: false, sessionIds };
  const scanned = scanJsonFields(text);
  const again = parseJson(scanned.text);
  if (again && !redactValue(again.value).changed) return { text: scanned.text, redacted: true, sessionIds };
  try {
    return { text: JSON.stringify(parsed.value), redacted: true, sessionIds };
  } catch {
    // Too deep to write again: nothing of it is kept rather than a secret.
    return { text: JSON.stringify(REDACTED), redacted: true, sessionIds };
  }
}

/** Redacts the secret fields of a form or query text by their percent-decoded names; undefined when it has none. */
function redactForm(text: string): string | undefined {
  let changed = false;
  const parts = text.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) return part;
    let name = part.slice(0, eq);
    try {
      name = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: the name as written.
    }
    if (!isSecretName(name.trim())) return part;
    changed = true;
    return `${part.slice(0, eq + 1)}${REDACTED}`;
  });
  return changed ? parts.join('&') : undefined;
}

/**
 * Replaces the values of password-like fields in a JSON or form-encoded text, and masks KX session
 * ids (see {@link maskSessionId}). A JSON text is redacted after parsing, by field name however it
 * is escaped; a form by its decoded names; a text cut off or malformed, by
 * scanning its fields.
 *
 * @example
 * ```ts
 * redactText('{"user":"a","password":"hunter2"}'); // { text: '{"user":"a","password":"[redacted]"}', redacted: true }
 * redactText('{"pass\\u0077ord":"hunter2"}');      // { text: '{"pass\\u0077ord":"[redacted]"}', redacted: true }
 * redactText('username=a&password=hunter2');       // { text: 'username=a&password=[redacted]', redacted: true }
 * redactText('{"sessionId":"9e114bae0c2b4d6f8a1e3c5b7d97fb5e"}').text; // '{"sessionId":"[redacted sessionId …7fb5e]"}'
 * ```
 */
export function redactText(text: string): { text: string; redacted: boolean } {
  if (!SECRET_HINT.test(text)) return { text, redacted: false };
  let redacted = false;
  let out = text;
  const parsed = redactParsedJson(text);
  if (parsed) {
    out = parsed.text;
    redacted = parsed.redacted;
    // Longest first, so that an id containing another is masked whole.
    for (const id of [...new Set(parsed.sessionIds)].sort((a, b) => b.length - a.length)) {
      if (out.includes(id)) {
        out = out.split(id).join(maskSessionId(id));
        redacted = true;
      }
    }
  } else {
    const scanned = scanJsonFields(text);
    out = scanned.text;
    redacted = scanned.redacted;
    const form = redactForm(out);
    if (form !== undefined) {
      out = form;
      redacted = true;
    }
  }
  const masked = maskSessionIds(out);
  return { text: masked.text, redacted: redacted || masked.redacted };
}

// A `name=value` pair of a query, a form, or a canonical request's query lines (one pair a line).
const PAIR = /(^|[\n&?;])([^=\n&?;#]*)=([^\n&;#]*)/g;

/** Redacts the value of every `name=value` pair whose percent-decoded name is secret, in a query, a form or text made of them. */
function redactPairs(text: string, marker: string = REDACTED): string {
  if (!text.includes('=') || !SECRET_HINT.test(text)) return text;
  return text.replace(PAIR, (match, start: string, rawName: string) => {
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: the name as written.
    }
    return isSecretName(name.trim()) ? `${start}${rawName}=${marker}` : match;
  });
}

/** {@link REDACTED} percent-encoded, as a redacted query value is written in a request-target (which a URL must stay). */
export const REDACTED_IN_QUERY = encodeURIComponent(REDACTED);

/**
 * The request-target as the journal keeps it: the query's secret fields redacted by their decoded
 * names (`?p%61ssword=…`), the rest as sent. The value written is {@link REDACTED_IN_QUERY}, which
 * decodes to {@link REDACTED}, so that the target stays a valid URL (HAR's `url`).
 *
 * @example
 * ```ts
 * redactTarget('/login?user=a&password=hunter2'); // '/login?user=a&password=%5Bredacted%5D'
 * ```
 */
export function redactTarget(target: string): string {
  const question = target.indexOf('?');
  if (question < 0) return target;
  const query = target.slice(question + 1);
  const redacted = redactPairs(query, REDACTED_IN_QUERY);
  return redacted === query ? target : `${target.slice(0, question + 1)}${redacted}`;
}

/**
 * What the journal and the answers write instead of the first link of the xConnect key chain,
 * HMAC(apiKey, secretKey): it signs any request forever, as the secret key does (issue #18). The
 * later links, bound to one timestamp, stay.
 */
export const REDACTED_FIRST_LINK = '[redacted: the first link of the key chain signs any request, as the secret key does]';

/**
 * One redaction pass over a diagnosis (or any JSON a verdict carries): secret fields by their name
 * after unescaping, KX sessionIds masked wherever they appear ({@link redactText}), secret pairs of
 * queries and canonical requests (`password=…` lines), and the first link of every key chain
 * (`signingKey[0]`, `k1`). Returns a redacted copy, or the value itself when it holds no secret.
 *
 * @example
 * ```ts
 * redactDiagnosis({ expected: { signingKey: ['k1…', 'k2…', 'k3…'] } }); // { expected: { signingKey: [REDACTED_FIRST_LINK, 'k2…', 'k3…'] } }
 * ```
 */
export function redactDiagnosis<T extends JsonValue | null>(diagnosis: T): T {
  if (diagnosis === null || typeof diagnosis !== 'object') return diagnosis;
  const text = JSON.stringify(diagnosis);
  const byName = redactText(text);
  // A fresh copy either way: the caller's value may be shared (a verdict built once, read twice).
  const out = JSON.parse(byName.text) as JsonValue;
  const stack: Array<JsonValue[] | { [key: string]: JsonValue }> = [out as JsonValue[] | { [key: string]: JsonValue }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      const value = (node as Record<string | number, JsonValue>)[key]!;
      if (typeof value === 'string') {
        if (key === 'k1') (node as Record<string, JsonValue>)[key] = REDACTED_FIRST_LINK;
        else {
          const clean = redactPairs(value);
          if (clean !== value) (node as Record<string | number, JsonValue>)[key] = clean;
        }
      } else if (value !== null && typeof value === 'object') {
        if (key === 'signingKey' && Array.isArray(value) && typeof value[0] === 'string') value[0] = REDACTED_FIRST_LINK;
        stack.push(value as JsonValue[] | { [key: string]: JsonValue });
      }
    }
  }
  return out as T;
}

// Headers whose values repeat from request to request: the journal keeps one copy of each value.
const REPEATED_HEADERS = new Set(['host', 'connection', 'user-agent', 'accept', 'accept-encoding', 'content-type', 'x-arrow-apikey', 'x-arrow-version']);

const keep = (name: string, value: string): string => (REPEATED_HEADERS.has(name) ? intern(value) : value);

/**
 * Whether a header (its name in lower case) holds a credential: one of {@link REDACTED_HEADERS}, or
 * one named as a secret field is, with or without `x-` and with `-` for `_` (`Password`,
 * `X-Secret-Key`, `x-client-secret`).
 */
export function isSecretHeader(lower: string): boolean {
  if (REDACTED_HEADERS.includes(lower)) return true;
  const bare = lower.startsWith('x-') ? lower.slice(2) : lower;
  return isSecretName(bare) || isSecretName(bare.replace(/-/g, '_')) || isSecretName(bare.replace(/-/g, ''));
}

/** A copy of the headers with credential headers redacted; a header sent once is a string, a repeated one an array. */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (isSecretHeader(lower)) out[lower] = REDACTED;
    else if (typeof value === 'string') out[lower] = keep(lower, value);
    else if (value.length === 1) out[lower] = keep(lower, value[0]!);
    else out[lower] = [...value];
  }
  return out;
}

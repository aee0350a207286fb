/** Keeps secrets out of the journal: credential headers and password-like fields in JSON or form bodies. */
import { intern } from './intern.js';

/** Header names whose values are replaced by `[redacted]` in the journal. */
export const REDACTED_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token'];

/** Placeholder written instead of a secret. */
export const REDACTED = '[redacted]';

// Field names that carry passwords or secrets (KX Connect logins send a password; gateway configs a secretKey).
const SECRET_NAME = '(?:password|passwd|pwd|passphrase|secret|secretkey|secret_key|client_secret)';
// A value that is cut off (malformed or truncated JSON) is redacted to the end of the text.
const JSON_FIELD = new RegExp(`("${SECRET_NAME}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*(?:"|\\\\?$)`, 'gi');
// A secret sent as a bare number or literal (`"password": 12345678`), or as a bare word in a body
// that is not JSON at all (`"password":hunter2`), is a secret all the same.
const JSON_SCALAR_FIELD = new RegExp(`("${SECRET_NAME}"\\s*:\\s*)[^\\s",}\\]]+`, 'gi');
const FORM_FIELD = new RegExp(`(^|&)(${SECRET_NAME}=)[^&]*`, 'gi');
// Every SECRET_NAME (and `sessionId`) contains one of these: a text without them has nothing to
// redact, and one scan is cheaper than several over every journaled body.
const SECRET_HINT = /pass|pwd|secret|sessionid/i;
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

/**
 * Replaces the values of password-like fields in a JSON or form-encoded text, and masks KX session
 * ids (see {@link maskSessionId}). Works on truncated text too, since it never parses.
 *
 * @example
 * ```ts
 * redactText('{"user":"a","password":"hunter2"}'); // { text: '{"user":"a","password":"[redacted]"}', redacted: true }
 * redactText('username=a&password=hunter2');       // { text: 'username=a&password=[redacted]', redacted: true }
 * redactText('{"sessionId":"9e114bae0c2b4d6f8a1e3c5b7d97fb5e"}').text; // '{"sessionId":"[redacted sessionId …7fb5e]"}'
 * ```
 */
export function redactText(text: string): { text: string; redacted: boolean } {
  if (!SECRET_HINT.test(text)) return { text, redacted: false };
  let redacted = false;
  const out = text
    .replace(JSON_FIELD, (_match, prefix: string) => {
      redacted = true;
      return `${prefix}"${REDACTED}"`;
    })
    .replace(JSON_SCALAR_FIELD, (_match, prefix: string) => {
      redacted = true;
      return `${prefix}"${REDACTED}"`;
    })
    .replace(FORM_FIELD, (_match, start: string, name: string) => {
      redacted = true;
      return `${start}${name}${REDACTED}`;
    });
  const masked = maskSessionIds(out);
  return { text: masked.text, redacted: redacted || masked.redacted };
}

// Headers whose values repeat from request to request: the journal keeps one copy of each value.
const REPEATED_HEADERS = new Set(['host', 'connection', 'user-agent', 'accept', 'accept-encoding', 'content-type', 'x-arrow-apikey', 'x-arrow-version']);

const keep = (name: string, value: string): string => (REPEATED_HEADERS.has(name) ? intern(value) : value);

/** A copy of the headers with credential headers redacted; a header sent once is a string, a repeated one an array. */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (REDACTED_HEADERS.includes(lower)) out[lower] = REDACTED;
    else if (typeof value === 'string') out[lower] = keep(lower, value);
    else if (value.length === 1) out[lower] = keep(lower, value[0]!);
    else out[lower] = [...value];
  }
  return out;
}

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
// A secret sent as a bare number or literal (`"password": 12345678`) is a secret all the same.
const JSON_SCALAR_FIELD = new RegExp(`("${SECRET_NAME}"\\s*:\\s*)(?:-?\\d[\\d.eE+-]*|true|false)`, 'gi');
const FORM_FIELD = new RegExp(`(^|&)(${SECRET_NAME}=)[^&]*`, 'gi');
// Every SECRET_NAME contains one of these: a text without them has nothing to redact, and one scan
// is cheaper than three over every journaled body.
const SECRET_HINT = /pass|pwd|secret/i;

/**
 * Replaces the values of password-like fields in a JSON or form-encoded text. Works on truncated
 * text too, since it never parses.
 *
 * @example
 * ```ts
 * redactText('{"user":"a","password":"hunter2"}'); // { text: '{"user":"a","password":"[redacted]"}', redacted: true }
 * redactText('username=a&password=hunter2');       // { text: 'username=a&password=[redacted]', redacted: true }
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
  return { text: out, redacted };
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

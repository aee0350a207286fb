/** Writes a request the sigkit mock journaled as a curl command line that sends it again, byte for byte where the journal allows. */
import { ConformanceError } from '../errors.js';
import type { JournalEntryJson } from './fetchJournalEntry.js';

/** A curl command line, and why it may not reproduce the request exactly. */
export interface CurlCommand {
  /** One line for a POSIX shell (bash for a binary body). */
  command: string;
  /** Sentences on what keeps it from reproducing the request (redacted headers, a cut or redacted body, a binary body). */
  notes: string[];
}

// curl writes these itself from the URL and the body; sending the recorded ones could contradict it.
const DROPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive']);
const REDACTED = '[redacted]';

/** Quotes a word for a POSIX shell: single quotes, each `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The curl command that sends a journaled request to `baseUrl` again: its method, the raw target
 * exactly as sent (`--path-as-is`, `--globoff`: curl neither squashes `/../` nor reads `[]{}`),
 * every header the client sent (curl's own Host, Content-Length and Connection instead of the
 * recorded ones; an empty `Content-Type:` and `Expect:` so curl adds none the client did not send)
 * and the body with `--data-binary`. A header or body the journal redacted is written as recorded
 * (`[redacted]`) and named in `notes`: that request cannot be replayed as is.
 *
 * @example
 * ```ts
 * journalEntryToCurl(await fetchJournalRecord(12), 'http://127.0.0.1:8080').command;
 * // "curl -X GET --path-as-is --globoff 'http://127.0.0.1:8080/api/v1/kronos/devices?_page=0' -H 'x-arrow-apikey: 5501…' …"
 * ```
 */
export function journalEntryToCurl(entry: JournalEntryJson, baseUrl: string): CurlCommand {
  if (!/^https?:\/\//i.test(baseUrl)) throw new ConformanceError('INVALID_OPTIONS', `the base URL must be http:// or https://, got ${JSON.stringify(baseUrl)}`, { expected: 'the mock URL, e.g. http://127.0.0.1:8080' });
  if (!entry.target.startsWith('/')) {
    throw new ConformanceError('CAPTURE_UNREADABLE', `journal entry ${String(entry.id)} has the target ${JSON.stringify(entry.target)}, which is not a path`, { expected: 'an origin-form target such as /api/v1/kronos/devices' });
  }
  const notes: string[] = [];
  const words = ['curl', '-X', shellQuote(entry.method), '--path-as-is', '--globoff', shellQuote(`${baseUrl.replace(/\/+$/, '')}${entry.target}`)];
  const sent = new Set<string>();
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(entry.headers)) {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === REDACTED) redacted.push(lower);
      sent.add(lower);
      // `-H 'name:'` would remove a header; curl sends an empty one as `name;`.
      words.push('-H', shellQuote(one === '' ? `${name};` : `${name}: ${one}`));
    }
  }
  if (redacted.length > 0) notes.push(`the journal redacted the ${[...new Set(redacted)].join(', ')} header${redacted.length > 1 ? 's' : ''}: replace "${REDACTED}" with the real value before sending it again`);
  const body = entry.body;
  if (body && body.size !== undefined && Number(body.size) > 0) {
    if (!sent.has('content-type')) words.push('-H', shellQuote('Content-Type:'));
    if (!sent.has('expect')) words.push('-H', shellQuote('Expect:'));
    const data = typeof body.data === 'string' ? body.data : '';
    const bytes = body.encoding === 'base64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
    if (body.truncated === true) notes.push(`the journal kept only the first ${bytes.length} of the body's ${String(body.size)} bytes`);
    if ((body as { redacted?: unknown }).redacted === true) notes.push(`the journal redacted secrets in the body (written "${REDACTED}")`);
    if (body.encoding === 'base64' || bytes.includes(0)) {
      // A shell word cannot hold a NUL byte or arbitrary bytes portably: the body is decoded on the way.
      words.push('--data-binary', `@<(printf %s ${shellQuote(bytes.toString('base64'))} | base64 -d)`);
      notes.push('the body is binary: the command needs bash (process substitution) and base64');
    } else {
      const text = bytes.toString('utf8');
      // --data-binary reads a file for a value starting with @; --data-raw sends any text as is.
      words.push(text.startsWith('@') ? '--data-raw' : '--data-binary', shellQuote(text));
    }
  }
  return { command: words.join(' '), notes };
}

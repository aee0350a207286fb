/** Writes journal entries as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/), redacted as the journal is. */
import type { JournalEntry } from './journal.js';
import type { RecordedBody } from './recordBody.js';
import { REDACTED, REDACTED_IN_QUERY } from './redact.js';

/** A HAR 1.2 name/value pair. */
export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

/** One HAR 1.2 entry, with the journal's id and verdict under `_sigkit` (HAR's custom fields start with `_`). */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; encoding?: 'base64'; comment?: string };
    headersSize: number;
    bodySize: number;
    comment?: string;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64'; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    comment?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _sigkit: { journalId: number; platform: string | null; route: string | null; verdict: JournalEntry['verdict']; fault: JournalEntry['fault']; error: string | null };
}

/** A HAR 1.2 document. */
export interface HarLog {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[]; comment?: string };
}

// The journal does not record the protocol version or whether the socket was TLS: the mock's
// adapters speak HTTP/1.1, and the URL is rebuilt from the Host header with `origin` (default http).
const HTTP_VERSION = 'HTTP/1.1';

const REDACTION_NOTE = `values shown as "${REDACTED}" (credential headers, password-like fields and query parameters) and "[redacted sessionId …xxxxx]" were removed by the mock's journal; a request holding them cannot be replayed as is`;

function headerPairs(headers: Readonly<Record<string, string | readonly string[]>>): HarNameValue[] {
  const pairs: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const one of typeof value === 'string' ? [value] : value) pairs.push(one === REDACTED ? { name, value: one, comment: 'redacted by the journal' } : { name, value: one });
  }
  return pairs;
}

function firstHeader(headers: Readonly<Record<string, string | readonly string[]>>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** The query of a raw target as HAR name/value pairs, decoded where it decodes (HAR's queryString is informative; `url` keeps the raw target). */
function queryPairs(target: string): HarNameValue[] {
  const mark = target.indexOf('?');
  if (mark < 0) return [];
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  return target
    .slice(mark + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { name: decode(pair), value: '' } : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
    });
}

function bodyNote(body: RecordedBody): string | undefined {
  const notes: string[] = [];
  if (body.truncated) notes.push(`only the first bytes of the ${body.size}-byte body were kept by the journal`);
  if (body.redacted) notes.push(`secrets in it were replaced by "${REDACTED}" or "[redacted sessionId …]"`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** A HAR entry of one journal entry; `origin` (`http://127.0.0.1:8080`) is used when the request had no Host header. */
export function harEntry(entry: JournalEntry, origin = 'http://127.0.0.1'): HarEntry {
  const host = firstHeader(entry.headers, 'host');
  const base = host !== undefined ? `${new URL(origin).protocol}//${host}` : origin.replace(/\/+$/, '');
  const contentType = firstHeader(entry.headers, 'content-type') ?? 'application/octet-stream';
  const request: HarEntry['request'] = {
    method: entry.method,
    // The raw target as sent, never re-encoded: a signature covers its exact bytes.
    url: `${base}${entry.target.startsWith('/') ? '' : '/'}${entry.target}`,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: headerPairs(entry.headers),
    queryString: queryPairs(entry.target),
    headersSize: -1,
    bodySize: entry.body.size,
  };
  if (entry.body.size > 0) {
    request.postData = { mimeType: contentType, text: entry.body.data, ...(entry.body.encoding === 'base64' && { encoding: 'base64' as const }) };
    const note = bodyNote(entry.body);
    if (note) request.postData.comment = note;
  }
  // A query parameter redacted by name (`?password=[redacted]`) makes the request unreplayable as well.
  const redactedQuery = entry.target.includes(`=${REDACTED_IN_QUERY}`);
  if (Object.values(entry.headers).some((v) => v === REDACTED || (Array.isArray(v) && v.includes(REDACTED))) || entry.body.redacted || redactedQuery) request.comment = REDACTION_NOTE;
  const body = entry.response.body;
  const responseHeaders = entry.response.headers;
  const content: HarEntry['response']['content'] = { size: body?.size ?? 0, mimeType: responseHeaders['content-type'] ?? (body && body.size > 0 ? 'application/octet-stream' : 'x-unknown') };
  if (body && body.size > 0) {
    content.text = body.data;
    if (body.encoding === 'base64') content.encoding = 'base64';
    const note = bodyNote(body);
    if (note) content.comment = note;
  }
  const response: HarEntry['response'] = {
    // HAR writes 0 for a request that got no answer (the connection was closed).
    status: entry.response.status ?? 0,
    statusText: entry.response.destroyed ? '' : statusText(entry.response.status ?? 0),
    httpVersion: entry.response.destroyed ? '' : HTTP_VERSION,
    cookies: [],
    headers: headerPairs(responseHeaders),
    content,
    redirectURL: responseHeaders['location'] ?? '',
    headersSize: -1,
    bodySize: entry.response.destroyed ? -1 : (body?.size ?? 0),
  };
  if (entry.response.destroyed) response.comment = 'the mock closed the connection without an answer (a destroy fault)';
  const time = Math.max(0, entry.durationMs);
  const verdict = entry.verdict;
  const out: HarEntry = {
    startedDateTime: entry.time,
    time,
    request,
    response,
    cache: {},
    // The mock measures one duration, from the request read to the answer written: all of it is "wait".
    timings: { send: 0, wait: time, receive: 0 },
    _sigkit: { journalId: entry.id, platform: entry.platform, route: entry.route, verdict, fault: entry.fault, error: entry.error },
  };
  out.comment = `sigkit journal entry ${entry.id}${verdict ? `: ${verdict.scheme} ${verdict.code}` : ''}`;
  return out;
}

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/**
 * The journal entries as a HAR 1.2 log, oldest first as HAR tools expect. Headers and bodies are
 * the journal's, so they are redacted exactly as the journal redacts them (a redacted value reads
 * `[redacted]`, and the request's `comment` says so); binary bodies are base64 with `encoding`.
 *
 * @example
 * ```ts
 * const har = journalToHar(core.journal.list({ order: 'asc' }).entries, { version: '0.1.0' });
 * har.log.entries[0]?.request.url; // 'http://127.0.0.1:8080/api/v1/kronos/devices?_page=0'
 * ```
 */
export function journalToHar(entries: readonly JournalEntry[], options: { version?: string; origin?: string } = {}): HarLog {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  return {
    log: {
      version: '1.2',
      creator: { name: 'sigkit mock', version: options.version ?? 'unknown' },
      entries: sorted.map((entry) => harEntry(entry, options.origin)),
      comment: 'exported from the journal of a sigkit mock (GET /__sigkit/journal?format=har); _sigkit holds each entry\'s journal id and verdict',
    },
  };
}

/** Recorded answers read from a HAR file, found by method, path and canonical query, served in the order recorded. */
import { MockInputError } from '../input/readInput.js';
import { replayMatchKey } from './canonicalMatchKey.js';

/** A recorded answer, ready to serve. */
export interface ReplayAnswer {
  status: number;
  /** Header names in lower case; framing headers (length, transfer encoding, connection) are left to the server. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** Which HAR entry it is (0-based index in `log.entries`). */
  entryIndex: number;
}

/** The answers of a HAR file. */
export interface ReplaySource {
  /**
   * The next recorded answer for a request, or undefined. Exchanges recorded more than once (a
   * list read before and after a write) are served in the order recorded; the last is served again
   * once the others are used.
   */
  next(method: string, target: string): ReplayAnswer | undefined;
  /** How many answers can be served, and how many entries were left out (redacted or cut answers, no answer). */
  readonly stats: { answers: number; skipped: number };
}

// Framing belongs to the server that sends the answer, not to the recording.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function fail(where: string, what: string): never {
  throw new MockInputError(`${where}: ${what}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The origin-form target of a recorded URL (its raw path and query, as sent). */
function targetOf(url: string): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  const rest = match ? url.slice(match[0].length) : url;
  return rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
}

/**
 * Reads a HAR 1.2 log (as `sigkit proxy --record` writes it, or any HAR) into a replay source.
 * Entries whose answer was redacted or cut short (as the content comment of the journal's HAR
 * writer says, or `_sigkit.redacted`/`_sigkit.truncated`) or that got no answer (status 0) are skipped: serving them would hand
 * a client a masked sessionId or half a body. Throws a `MockInputError` naming the first unusable field.
 *
 * @example
 * ```ts
 * const replay = readReplaySource(JSON.parse(readFileSync('session.har', 'utf8')), 'session.har');
 * replay.next('GET', '/api/v1/kronos/devices?_size=5')?.status; // 200
 * ```
 */
export function readReplaySource(har: unknown, name = 'the HAR file'): ReplaySource {
  if (!isObject(har) || !isObject(har.log) || !Array.isArray(har.log.entries)) fail(name, 'not a HAR log: expected { "log": { "entries": [...] } }');
  const queues = new Map<string, { answers: ReplayAnswer[]; served: number }>();
  let answers = 0;
  let skipped = 0;
  har.log.entries.forEach((entry: unknown, index: number) => {
    const where = `${name}: log.entries[${index}]`;
    if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) fail(where, 'expected an object with request and response');
    const { request, response } = entry;
    if (typeof request.method !== 'string' || typeof request.url !== 'string') fail(where, 'request.method and request.url must be strings');
    if (typeof response.status !== 'number') fail(where, 'response.status must be a number');
    const note = isObject(entry._sigkit) ? entry._sigkit : {};
    const content = isObject(response.content) ? response.content : {};
    const cut = typeof content.comment === 'string' && /redacted|only the first bytes/.test(content.comment);
    if (response.status === 0 || note.redacted === true || note.truncated === true || cut) {
      skipped += 1;
      return;
    }
    const headers: Record<string, string> = {};
    for (const pair of Array.isArray(response.headers) ? response.headers : []) {
      if (!isObject(pair) || typeof pair.name !== 'string' || typeof pair.value !== 'string') fail(where, 'response.headers must be { name, value } pairs');
      const lower = pair.name.toLowerCase();
      // A header the recording redacted (a cookie) is left out rather than served as "[redacted]".
      if (FRAMING.has(lower) || pair.value === '[redacted]') continue;
      headers[lower] = headers[lower] === undefined ? pair.value : `${headers[lower]}, ${pair.value}`;
    }
    const text = typeof content.text === 'string' ? content.text : '';
    // atob, not Buffer: the core runs without Node (MSW in a browser).
    const body = content.encoding === 'base64' ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
    const key = replayMatchKey(request.method, targetOf(request.url));
    let queue = queues.get(key);
    if (queue === undefined) queues.set(key, (queue = { answers: [], served: 0 }));
    queue.answers.push({ status: response.status, headers, body, entryIndex: index });
    answers += 1;
  });
  return {
    stats: { answers, skipped },
    next(method, target) {
      const queue = queues.get(replayMatchKey(method, target));
      if (queue === undefined) return undefined;
      const answer = queue.answers[Math.min(queue.served, queue.answers.length - 1)]!;
      queue.served += 1;
      return answer;
    },
  };
}

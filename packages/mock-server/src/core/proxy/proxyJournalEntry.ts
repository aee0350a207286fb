/** The journal entry of a request that passed through the proxy: the same shape as the mock's, so the admin API and `sigkit explain --journal` read it alike. */
import type { JsonObject } from '../http/types.js';
import { intern } from '../journal/intern.js';
import type { JournalEntry } from '../journal/journal.js';
import { recordBody, repeatedBodyRecorder, type RecordedBody } from '../journal/recordBody.js';
import { isSecretHeader, REDACTED, redactTarget } from '../journal/redact.js';
import type { LocalVerdict, PassingRequest } from './localVerdict.js';
import type { TargetComparison } from './targetComparison.js';
import { isoTime } from '../clock/isoTime.js';

/** A journal entry with the proxy's note: where the request went and what the comparison found. */
export type ProxyJournalEntry = JournalEntry & { proxy: JsonObject };

/** What the proxy knows once an exchange is over. */
export interface ProxyExchange {
  request: PassingRequest;
  /** The body's whole size (the journal keeps at most its limit of it). */
  requestBodySize: number;
  receivedAt: number;
  durationMs: number;
  remoteAddress: string | null;
  local: LocalVerdict;
  comparison: TargetComparison;
  targetUrl: string;
  /** The answer the client got: the target's, or the proxy's own (413, 502, 504); null status when the connection was dropped. */
  response: { status: number | null; headers: Record<string, string>; body: Uint8Array | null; bodySize: number };
  /** Why the proxy answered itself (the target down, slow, reset), else null. */
  failure: string | null;
}

// Whether a header name is a credential, by `isSecretHeader`, remembered: a proxy sees the same few
// dozen names on every request, and the test costs three pattern matches a name.
const secretByName = new Map<string, boolean>();
const MAX_REMEMBERED_NAMES = 1024;
function isSecret(lower: string): boolean {
  let secret = secretByName.get(lower);
  if (secret === undefined) {
    secret = isSecretHeader(lower);
    if (secretByName.size >= MAX_REMEMBERED_NAMES) secretByName.clear();
    secretByName.set(lower, secret);
  }
  return secret;
}

// As `redactHeaders` does: these values repeat from request to request, and the journal keeps one copy of each.
const REPEATED_HEADERS = new Set(['host', 'connection', 'user-agent', 'accept', 'accept-encoding', 'content-type', 'x-arrow-apikey', 'x-arrow-version']);

/**
 * The request's headers (lower-case names, as Node hands them over) as the journal keeps them: the
 * result of `redactHeaders`, credential headers redacted by the same rule, with the rule's answer
 * per name remembered.
 */
function redactedRequestHeaders(headers: PassingRequest['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (isSecret(lower)) out[lower] = REDACTED;
    else if (typeof value === 'string' || value.length === 1) {
      const one = typeof value === 'string' ? value : value[0]!;
      out[lower] = REPEATED_HEADERS.has(lower) ? intern(one) : one;
    } else out[lower] = [...value];
  }
  return out;
}

/** The answer's headers (flat, lower-case names), credential headers redacted. */
function redactedResponseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = isSecret(name) ? REDACTED : headers[name]!;
  return out;
}

// One string per target, not one per request (a proxy has one target: the last is remembered).
let lastRoute = { targetUrl: '', route: '' };
function routeOf(targetUrl: string): string {
  if (lastRoute.targetUrl !== targetUrl) lastRoute = { targetUrl, route: `proxied to ${targetUrl}` };
  return lastRoute.route;
}

// Answers often repeat from request to request (the same page polled): their entries share one record.
const recordAnswer = repeatedBodyRecorder();

/** A recorded body whose `size` is the whole body's, though only the first bytes were kept. */
function recordPrefix(bytes: Uint8Array, size: number, limit: number, record: (bytes: Uint8Array, limit: number) => RecordedBody = recordBody): RecordedBody {
  const recorded = record(bytes, limit);
  if (size <= recorded.size) return recorded;
  // The same answer's prefix again (a shared record, the same whole size): the same frozen record.
  if (lastPrefix !== undefined && recorded === lastPrefix.recorded && size === lastPrefix.size) return lastPrefix.prefix;
  const prefix = Object.freeze({ ...recorded, size, truncated: true });
  lastPrefix = { recorded, size, prefix };
  return prefix;
}

let lastPrefix: { recorded: RecordedBody; size: number; prefix: RecordedBody } | undefined;

/**
 * The entry's `proxy` note: the comparison with the target (as `comparisonJson` writes it), why the
 * request was not verified, why the proxy answered itself, and whether the body was held whole.
 * Written out field by field: spreading the comparison into it built a slow dictionary object, on
 * every request.
 */
function proxyNote(exchange: ProxyExchange): JsonObject {
  const { comparison, request } = exchange;
  const note: JsonObject = {
    target: exchange.targetUrl, targetStatus: comparison.targetStatus, targetRejected: comparison.targetRejected, finding: comparison.finding,
    unverifiedBecause: exchange.local.unverifiedBecause, failure: exchange.failure,
  };
  // A body forwarded without being held whole was verified by its digests, and is explained with less.
  if (request.streamed !== undefined) note.bodyHeld = { whole: false, size: request.streamed.size, held: request.body.length };
  return note;
}

/**
 * Builds the journal entry of a proxied exchange, redacted as the mock's journal is (credential
 * headers, passwords, KX session ids).
 */
export function proxyJournalEntry(exchange: ProxyExchange, limits: { body: number; responseBody: number }): ProxyJournalEntry {
  const { request, response } = exchange;
  const path = request.target.split('?', 1)[0]!;
  const failure = exchange.failure;
  return {
    id: request.journalId,
    time: isoTime(exchange.receivedAt),
    durationMs: Math.round(exchange.durationMs * 1000) / 1000,
    remoteAddress: exchange.remoteAddress,
    method: request.method.toUpperCase(),
    target: intern(redactTarget(request.target)),
    path: intern(path),
    headers: redactedRequestHeaders(request.headers),
    body: recordPrefix(request.body, exchange.requestBodySize, limits.body),
    platform: exchange.local.platform,
    route: failure === null ? routeOf(exchange.targetUrl) : `answered by the proxy: ${failure}`,
    verdict: exchange.local.verdict,
    fault: null,
    response: {
      status: response.status,
      destroyed: response.status === null,
      headers: redactedResponseHeaders(response.headers),
      body: response.body === null ? null : recordPrefix(response.body, response.bodySize, limits.responseBody, recordAnswer),
    },
    error: null,
    proxy: proxyNote(exchange),
  };
}

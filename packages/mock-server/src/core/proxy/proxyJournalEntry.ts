/** The journal entry of a request that passed through the proxy: the same shape as the mock's, so the admin API and `sigkit explain --journal` read it alike. */
import type { JsonObject } from '../http/types.js';
import { intern } from '../journal/intern.js';
import type { JournalEntry } from '../journal/journal.js';
import { recordBody } from '../journal/recordBody.js';
import { redactHeaders } from '../journal/redact.js';
import type { LocalVerdict, PassingRequest } from './localVerdict.js';
import type { TargetComparison } from './targetComparison.js';

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

function flatHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = typeof value === 'string' ? value : value.join(', ');
  return out;
}

/** A recorded body whose `size` is the whole body's, though only the first bytes were kept. */
function recordPrefix(bytes: Uint8Array, size: number, limit: number) {
  const recorded = recordBody(bytes, limit);
  return size > recorded.size ? { ...recorded, size, truncated: true } : recorded;
}

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
    time: new Date(exchange.receivedAt).toISOString(),
    durationMs: Math.round(exchange.durationMs * 1000) / 1000,
    remoteAddress: exchange.remoteAddress,
    method: request.method.toUpperCase(),
    target: intern(request.target),
    path: intern(path),
    headers: redactHeaders(request.headers),
    body: recordPrefix(request.body, exchange.requestBodySize, limits.body),
    platform: exchange.local.platform,
    route: failure === null ? `proxied to ${exchange.targetUrl}` : `answered by the proxy: ${failure}`,
    verdict: exchange.local.verdict,
    fault: null,
    response: {
      status: response.status,
      destroyed: response.status === null,
      headers: flatHeaders(redactHeaders(response.headers)),
      body: response.body === null ? null : recordPrefix(response.body, response.bodySize, limits.responseBody),
    },
    error: null,
    proxy: proxyNote(exchange),
  };
}

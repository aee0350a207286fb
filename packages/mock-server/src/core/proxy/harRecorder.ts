/** Records what passed through the proxy as a HAR 1.2 log with the journal's HAR writer, keeping whole bodies (up to a limit) so that `sigkit mock --replay` can serve them. */
import { harEntry, type HarEntry, type HarLog } from '../journal/har.js';
import { proxyJournalEntry, type ProxyExchange } from './proxyJournalEntry.js';

/** Largest body (request or answer) a recording keeps whole by default. */
export const DEFAULT_RECORD_BODY_LIMIT = 1024 * 1024;

/** The HAR recorder of a proxy. */
export interface HarRecorder {
  /** Adds a finished exchange answered by the target (the proxy's own 413/502/504 are not recorded). */
  add(exchange: ProxyExchange): void;
  /** The log so far, oldest first. */
  har(): HarLog;
  readonly size: number;
}

/**
 * Creates a HAR recorder. Each exchange becomes a journal entry with the recording's body limit
 * (the journal keeps only 2 KiB of an answer; a replay needs all of it) written by the journal's
 * own HAR writer (`harEntry`), so it is redacted exactly as the journal is: credential headers
 * (Authorization, cookies, x-auth-token), password-like fields, KX session ids. xConnect
 * signatures stay: each signs one request at one time and is no secret. URLs are the target's.
 *
 * @example
 * ```ts
 * const recorder = createHarRecorder('https://platform.example');
 * recorder.add(exchange);
 * writeFileSync('session.har', JSON.stringify(recorder.har(), null, 2));
 * ```
 */
export function createHarRecorder(targetUrl: string, options: { bodyLimit?: number; version?: string } = {}): HarRecorder {
  const limit = options.bodyLimit ?? DEFAULT_RECORD_BODY_LIMIT;
  const target = new URL(targetUrl);
  const entries: HarEntry[] = [];
  return {
    get size() {
      return entries.length;
    },
    add(exchange) {
      if (exchange.failure !== null || exchange.response.status === null) return;
      const entry = proxyJournalEntry(exchange, { body: limit, responseBody: limit });
      // The request went to the target under the target's Host (see createProxy): the URL is the target's.
      entry.headers = { ...entry.headers, host: target.host };
      entries.push(harEntry(entry, target.origin));
    },
    har() {
      return {
        log: {
          version: '1.2',
          creator: { name: 'sigkit proxy', version: options.version ?? 'unknown' },
          entries: [...entries],
          comment: `recorded by sigkit proxy in front of ${target.origin}; redacted as the journal is (credential headers, passwords, KX session ids); _sigkit holds each entry's journal id and the proxy's local verdict`,
        },
      };
    },
  };
}

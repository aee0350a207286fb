/** The journal as server-sent events (`GET /__sigkit/events`): a snapshot, then one event per entry as it is recorded, evicted or cleared. */
import type { MockEventStream, MockHttpResponse } from '../http/types.js';
import type { Journal, JournalChange, JournalEntry } from '../journal/journal.js';
import type { EntrySummary } from './entrySummary.js';

export type { EntrySummary } from './entrySummary.js';

/** The deviation flags of a verdict's diagnosis (both schemes name them `deviation.flags`). */
export function mistakesOf(entry: JournalEntry): string[] {
  const diagnosis = entry.verdict?.diagnosis;
  if (!diagnosis || typeof diagnosis !== 'object' || Array.isArray(diagnosis)) return [];
  const deviation = diagnosis.deviation;
  if (!deviation || typeof deviation !== 'object' || Array.isArray(deviation)) return [];
  const flags = deviation.flags;
  return Array.isArray(flags) ? flags.filter((flag): flag is string => typeof flag === 'string') : [];
}

/**
 * The summary of an entry. A rejected entry's diagnosis is built (through `journal.get`) to name its
 * mistake; accepted ones keep theirs unbuilt.
 */
export function summarizeEntry(journal: Journal, entry: JournalEntry): EntrySummary {
  const settled = entry.verdict && !entry.verdict.ok ? (journal.get(entry.id) ?? entry) : entry;
  return {
    id: entry.id,
    time: entry.time,
    scheme: entry.verdict?.scheme ?? entry.platform,
    method: entry.method,
    path: entry.path,
    target: entry.target,
    status: entry.response.status,
    ok: entry.verdict ? entry.verdict.ok : null,
    code: entry.verdict ? entry.verdict.code : null,
    mistakes: mistakesOf(settled),
    fault: entry.fault ? (entry.fault.label ?? entry.fault.id) : null,
    durationMs: entry.durationMs,
  };
}

/** Most entries the stream's first snapshot carries (the journal's default capacity). */
export const SNAPSHOT_LIMIT = 10_000;

/** How often a comment line keeps an idle stream open through proxies, ms. */
const KEEPALIVE_MS = 15_000;

function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function journalState(journal: Journal) {
  const { journal: state } = journal.stats();
  return state;
}

/**
 * The event stream of the journal. Events: `hello` (the journal's size, capacity, evictions),
 * `entry` (an {@link EntrySummary}; first the newest {@link SNAPSHOT_LIMIT} already recorded, oldest
 * first, then each as it is recorded), `evicted` (`{id}`: the ring dropped its oldest),
 * `cleared` (`{reason}`: `DELETE /__sigkit/journal` or a reset).
 *
 * @example
 * ```ts
 * const response = journalEventStream(core.journal);
 * const stop = response.stream!.open((chunk) => process.stdout.write(chunk));
 * ```
 */
export function journalEventStream(journal: Journal): MockHttpResponse {
  const stream: MockEventStream = {
    open(write) {
      write(`retry: 2000\n${sseEvent('hello', journalState(journal))}`);
      const entries = journal.list({ limit: SNAPSHOT_LIMIT, order: 'desc' }).entries.reverse();
      // One write for the snapshot: thousands of small writes would each be a syscall.
      write(entries.map((entry) => sseEvent('entry', summarizeEntry(journal, entry), entry.id)).join(''));
      const unsubscribe = journal.subscribe((change: JournalChange) => {
        if (change.kind === 'cleared') {
          write(sseEvent('cleared', { reason: change.reason, ...journalState(journal) }));
          return;
        }
        let chunk = '';
        // No counters here: stats() walks the journal, too slow for every request under load.
        for (const id of change.evictedIds) chunk += sseEvent('evicted', { id });
        chunk += sseEvent('entry', summarizeEntry(journal, change.entry), change.entry.id);
        write(chunk);
      });
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      (keepalive as { unref?: () => void }).unref?.();
      return () => {
        unsubscribe();
        clearInterval(keepalive);
      };
    },
  };
  return {
    kind: 'response',
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    // What an adapter that cannot stream (MSW) sends: the stream's first event says so.
    body: new TextEncoder().encode(sseEvent('unsupported', { message: 'this adapter cannot stream: use GET /__sigkit/journal' })),
    stream,
  };
}

/** The request journal: a ring buffer of recent requests with verdicts, plus counters that never drop. */
import type { JsonValue } from '../http/types.js';
import { compilePathPattern } from '../faults/pathPattern.js';
import type { RecordedBody } from './recordBody.js';
import { redactDiagnosis } from './redact.js';
import { Listeners } from '../listeners.js';

/** How a platform module judged a request's authentication (scheme-neutral). */
export interface JournalVerdict {
  /** The signing scheme that judged it, e.g. `xconnect`. */
  scheme: string;
  ok: boolean;
  /** The deciding check, e.g. `signature_mismatch`, `ok`, `exempt`. */
  code: string;
  /** A sentence for a human. */
  message: string;
  /** What the production server answered for this outcome. */
  serverMessage: string;
  /** Scheme-specific details: expected canonical request, provided values, the deviation found… */
  diagnosis: JsonValue | null;
}

/**
 * A journal verdict whose `diagnosis` is built when the entry is first read from the journal (by
 * the admin API, say), not on every request: most entries are never read, and building the
 * diagnosis's plain JSON was a tenth of the mock's time per request. Until then `diagnosis` is
 * `null`; the diagnosis it is built from must not change afterwards.
 * @internal
 */
export function lazyJournalVerdict(
  scheme: string,
  ok: boolean,
  code: string,
  message: string,
  serverMessage: string,
  diagnosis: DiagnosisSource,
): JournalVerdict {
  return new LazyJournalVerdict(scheme, ok, code, message, serverMessage, diagnosis);
}

/** What builds a verdict's diagnosis when it is read. @internal */
export interface DiagnosisSource {
  build(): JsonValue | null;
}

// A class, so that every lazy verdict has the same fast shape and keeps its builder in a private
// field that JSON, spreading and test matchers do not see. (A getter made per verdict put each one
// in dictionary mode: 450 bytes more per journal entry.)
// The fields are JournalVerdict's (this interface merges into the class), assigned in that order by
// the constructor, so that JSON and spreading list them as a plain verdict does.
interface LazyJournalVerdict extends JournalVerdict {}
class LazyJournalVerdict {
  #source: DiagnosisSource | undefined;

  constructor(scheme: string, ok: boolean, code: string, message: string, serverMessage: string, source: DiagnosisSource) {
    this.scheme = scheme;
    this.ok = ok;
    this.code = code;
    this.message = message;
    this.serverMessage = serverMessage;
    this.diagnosis = null;
    this.#source = source;
  }

  /** Builds the diagnosis if it is still to be built, once. */
  settle(): void {
    const source = this.#source;
    if (source === undefined) return;
    this.#source = undefined;
    // One redaction pass over whatever the platform put in it (issue #18): names, session ids, key chains.
    this.diagnosis = redactDiagnosis(source.build());
  }
}

/** The entry, its diagnosis built if it was still to be built. */
function settled(entry: JournalEntry): JournalEntry {
  if (entry.verdict instanceof LazyJournalVerdict) entry.verdict.settle();
  return entry;
}

/** One request as the journal keeps it. */
export interface JournalEntry {
  id: number;
  /** When it arrived (real time, ISO-8601). */
  time: string;
  durationMs: number;
  remoteAddress: string | null;
  method: string;
  /** The raw request-target as sent. */
  target: string;
  path: string;
  /** Headers, credential headers redacted. */
  headers: Record<string, string | string[]>;
  body: RecordedBody;
  /** The platform module that served it (`xconnect`), or null when none did. */
  platform: string | null;
  /** The route pattern that served it (`GET /devices/{hid}`), when one did. */
  route: string | null;
  verdict: JournalVerdict | null;
  /** The fault applied, if any. */
  fault: { id: string; label: string | null; latencyMs: number; action: 'latency' | 'respond' | 'destroy' } | null;
  response: {
    /** Null when the connection was destroyed. */
    status: number | null;
    destroyed: boolean;
    headers: Record<string, string>;
    body: RecordedBody | null;
  };
  /** Set when the mock itself failed (a bug): the error message. */
  error: string | null;
}

/** Filters for {@link Journal.list}; every given field must match. */
export interface JournalFilter {
  method?: string;
  /** Path glob (`*` one segment, `**` anything). */
  path?: string;
  status?: number;
  /** Verdict code, e.g. `signature_mismatch`. */
  code?: string;
  /** Verdict ok (true) or rejected (false); entries without a verdict never match. */
  ok?: boolean;
  platform?: string;
  /** Only entries with an id greater than this. */
  since?: number;
  /** At most this many entries (default 100). */
  limit?: number;
  /** `desc` (newest first, default) or `asc`. */
  order?: 'asc' | 'desc';
}

/** Counters since start (or the last reset); eviction never lowers them. */
export interface JournalStats {
  requests: number;
  verified: number;
  rejected: number;
  unverified: number;
  faulted: number;
  destroyed: number;
  errors: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  byPlatform: Record<string, number>;
  journal: {
    size: number;
    capacity: number;
    evicted: number;
    oldestId: number | null;
    newestId: number | null;
    /** Approximate memory the entries kept take, in bytes (see {@link approximateEntryBytes}). */
    bytes: number;
    /** The byte cap: beyond it the oldest entries are evicted, as beyond `capacity`. */
    maxBytes: number;
  };
}

/** The journal. */
export interface Journal {
  /** Reserves the id of a request that has just arrived. */
  nextId(): number;
  /** Stores a finished request, evicting the oldest when full. */
  record(entry: JournalEntry): void;
  get(id: number): JournalEntry | undefined;
  /** True when `id` was recorded once but has since been evicted or cleared. */
  wasDropped(id: number): boolean;
  list(filter?: JournalFilter): { total: number; entries: JournalEntry[] };
  /** Empties the buffer; counters and ids carry on. */
  clear(): number;
  stats(): JournalStats;
  readonly capacity: number;
  /** Approximate bytes the journal keeps at most (the newest entry is kept whatever its size). */
  readonly maxBytes: number;
  /** Empties the buffer and zeroes the counters (ids still carry on, so old ids never come back). */
  reset(): void;
  /**
   * Calls `listener` on every change as it happens (the inspector's live stream); returns the
   * function that stops it. A listener that throws is dropped, never the request.
   */
  subscribe(listener: (change: JournalChange) => void): () => void;
  /**
   * Calls `flush` before every read (`get`, `list`, `stats`, `wasDropped`) and before `clear` and
   * `reset`; returns the function that stops it. A writer that records in batches (the proxy
   * journals its exchanges once per turn of the event loop) flushes there, so that a read sees
   * every request that had finished. A `flush` that throws is dropped, never the read.
   */
  beforeRead(flush: () => void): () => void;
}

/**
 * A change of the journal: an entry recorded (with the ids it evicted: `evictedId` the first or
 * null, `evictedIds` all of them, as the byte cap may evict several), or everything dropped.
 */
export type JournalChange =
  | { kind: 'recorded'; entry: JournalEntry; evictedId: number | null; evictedIds: readonly number[] }
  | { kind: 'cleared'; reason: 'clear' | 'reset' };

/** Default ring-buffer capacity. */
export const DEFAULT_JOURNAL_SIZE = 10_000;
/**
 * Default byte cap of the journal (64 MiB, approximate). 10,000 entries of the usual size fit well
 * within it; 10,000 maximal ones (16 KiB bodies, large headers) took 365 MiB before there was a cap.
 */
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

// What an entry costs beyond its strings: the objects, their fields, the indexes. Measured roughly;
// the cap is there to bound memory, not to account for it to the byte.
const ENTRY_OVERHEAD_BYTES = 512;
const VERDICT_OVERHEAD_BYTES = 1024;

function headerBytes(headers: Record<string, string | string[]>): number {
  let bytes = 0;
  for (const name in headers) {
    const value = headers[name]!;
    bytes += name.length + 32;
    if (typeof value === 'string') bytes += value.length;
    else for (const one of value) bytes += one.length + 16;
  }
  return bytes;
}

/**
 * An approximate size in bytes of what keeping `entry` costs: its strings (a character a byte, as
 * V8 stores Latin-1 text) plus a fixed overhead per object. Cheap enough to run on every request.
 */
export function approximateEntryBytes(entry: JournalEntry): number {
  let bytes = ENTRY_OVERHEAD_BYTES + entry.method.length + entry.target.length + entry.path.length + (entry.remoteAddress?.length ?? 0);
  bytes += headerBytes(entry.headers) + headerBytes(entry.response.headers);
  bytes += entry.body.data.length + (entry.response.body?.data.length ?? 0);
  if (entry.verdict) bytes += VERDICT_OVERHEAD_BYTES + entry.verdict.message.length + entry.verdict.serverMessage.length;
  if (entry.error) bytes += entry.error.length;
  return bytes;
}

function emptyCounters() {
  return { requests: 0, verified: 0, rejected: 0, unverified: 0, faulted: 0, destroyed: 0, errors: 0, evicted: 0,
    byStatus: {} as Record<string, number>, byCode: {} as Record<string, number>, byPlatform: {} as Record<string, number> };
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Creates a journal holding the last `capacity` requests, and no more than about `maxBytes`
 * (the oldest go first; the newest is kept whatever its size).
 *
 * @example
 * ```ts
 * const journal = createJournal(3);
 * journal.list({ code: 'signature_mismatch', limit: 10 }).entries;
 * journal.stats().requests; // every request ever recorded, evicted or not
 * ```
 */
export function createJournal(capacity: number = DEFAULT_JOURNAL_SIZE, maxBytes: number = DEFAULT_JOURNAL_MAX_BYTES): Journal {
  // Ring buffer in insertion (completion) order, plus an index by id for O(1) lookups.
  const ring: Array<JournalEntry | undefined> = new Array(capacity);
  // The approximate size of each entry kept, at the same index as in the ring, and their total.
  const sizes = new Float64Array(capacity);
  let bytes = 0;
  const byId = new Map<number, JournalEntry>();
  let head = 0;
  let size = 0;
  let lastId = 0;
  let counters = emptyCounters();
  // Most mocks have no listener: the record path then only checks the size.
  const listeners = new Listeners<[JournalChange]>();
  // Most journals have no batch writer: reads then only check the size.
  const flushes = new Listeners();

  const inOrder = (): JournalEntry[] => {
    const out: JournalEntry[] = [];
    for (let i = 0; i < size; i += 1) out.push(ring[(head - size + i + capacity) % capacity]!);
    return out;
  };

  return {
    capacity,
    maxBytes,
    nextId: () => (lastId += 1),
    record(entry) {
      const evictedIds: number[] = [];
      // Drops the oldest entry kept.
      const evictOldest = () => {
        const at = (head - size + capacity) % capacity;
        const oldest = ring[at];
        if (oldest) {
          byId.delete(oldest.id);
          evictedIds.push(oldest.id);
        }
        ring[at] = undefined;
        bytes -= sizes[at]!;
        sizes[at] = 0;
        size -= 1;
        counters.evicted += 1;
      };
      if (size === capacity) evictOldest();
      const entryBytes = approximateEntryBytes(entry);
      while (size > 0 && bytes + entryBytes > maxBytes) evictOldest();
      ring[head] = entry;
      sizes[head] = entryBytes;
      bytes += entryBytes;
      head = (head + 1) % capacity;
      size += 1;
      byId.set(entry.id, entry);
      counters.requests += 1;
      if (entry.verdict === null) counters.unverified += 1;
      else if (entry.verdict.ok) counters.verified += 1;
      else counters.rejected += 1;
      if (entry.verdict) bump(counters.byCode, entry.verdict.code);
      if (entry.fault) counters.faulted += 1;
      if (entry.response.destroyed) counters.destroyed += 1;
      if (entry.error) counters.errors += 1;
      bump(counters.byStatus, entry.response.status === null ? 'destroyed' : String(entry.response.status));
      bump(counters.byPlatform, entry.platform ?? 'none');
      if (listeners.size > 0) listeners.call({ kind: 'recorded', entry, evictedId: evictedIds[0] ?? null, evictedIds });
    },
    get: (id) => {
      if (flushes.size > 0) flushes.call();
      const entry = byId.get(id);
      return entry && settled(entry);
    },
    wasDropped: (id) => {
      if (flushes.size > 0) flushes.call();
      return Number.isInteger(id) && id >= 1 && id <= lastId && !byId.has(id);
    },
    list(filter = {}) {
      if (flushes.size > 0) flushes.call();
      const matchesPath = filter.path === undefined ? undefined : compilePathPattern(filter.path);
      const method = filter.method?.toUpperCase();
      const matching = inOrder().filter(
        (e) =>
          (method === undefined || e.method.toUpperCase() === method) &&
          (matchesPath === undefined || matchesPath(e.path)) &&
          (filter.status === undefined || e.response.status === filter.status) &&
          (filter.code === undefined || e.verdict?.code === filter.code) &&
          (filter.ok === undefined || (e.verdict !== null && e.verdict.ok === filter.ok)) &&
          (filter.platform === undefined || e.platform === filter.platform) &&
          (filter.since === undefined || e.id > filter.since),
      );
      // Concurrent requests finish out of order; lists are by id.
      matching.sort((a, b) => (filter.order === 'asc' ? a.id - b.id : b.id - a.id));
      return { total: matching.length, entries: matching.slice(0, filter.limit ?? 100).map(settled) };
    },
    clear() {
      if (flushes.size > 0) flushes.call();
      const cleared = size;
      ring.fill(undefined);
      sizes.fill(0);
      bytes = 0;
      byId.clear();
      head = 0;
      size = 0;
      if (listeners.size > 0) listeners.call({ kind: 'cleared', reason: 'clear' });
      return cleared;
    },
    stats() {
      if (flushes.size > 0) flushes.call();
      const { evicted, ...counts } = counters;
      let oldestId: number | null = null;
      let newestId: number | null = null;
      for (const id of byId.keys()) {
        if (oldestId === null || id < oldestId) oldestId = id;
        if (newestId === null || id > newestId) newestId = id;
      }
      return {
        ...counts,
        byStatus: { ...counts.byStatus },
        byCode: { ...counts.byCode },
        byPlatform: { ...counts.byPlatform },
        journal: {
          size,
          capacity,
          evicted,
          oldestId,
          newestId,
          bytes,
          maxBytes,
        },
      };
    },
    reset() {
      if (flushes.size > 0) flushes.call();
      ring.fill(undefined);
      sizes.fill(0);
      bytes = 0;
      byId.clear();
      head = 0;
      size = 0;
      counters = emptyCounters();
      if (listeners.size > 0) listeners.call({ kind: 'cleared', reason: 'reset' });
    },
    subscribe: (listener) => listeners.add(listener),
    beforeRead: (flush) => flushes.add(flush),
  };
}

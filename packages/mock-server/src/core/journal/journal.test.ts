import { describe, expect, it } from 'vitest';
import { createJournal, lazyJournalVerdict, type JournalEntry } from './journal.js';

function entry(id: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id, time: '2024-01-01T00:00:00.000Z', durationMs: 1, remoteAddress: null, method: 'GET', target: '/a', path: '/a', headers: {},
    body: { size: 0, truncated: false, encoding: 'utf8', data: '', redacted: false },
    platform: 'xconnect', route: null, verdict: null, fault: null,
    response: { status: 200, destroyed: false, headers: {}, body: null }, error: null,
    ...overrides,
  };
}

const verdict = (ok: boolean, code: string) => ({ scheme: 'xconnect', ok, code, message: '', serverMessage: '', diagnosis: null });

describe('journal', () => {
  it('builds a lazy diagnosis when the entry is first read, once, and shows it as a plain field', () => {
    const journal = createJournal(10);
    let builds = 0;
    const lazy = lazyJournalVerdict('xconnect', false, 'signature_mismatch', 'm', 'Not Authorized', {
      build: () => {
        builds += 1;
        return { code: 'signature_mismatch', deviation: { flags: ['UnsortedQuery'] } };
      },
    });
    journal.record(entry(journal.nextId(), { verdict: lazy }));
    journal.record(entry(journal.nextId()));
    expect(builds).toBe(0);
    const read = journal.get(1)!;
    expect(read.verdict).toEqual({ scheme: 'xconnect', ok: false, code: 'signature_mismatch', message: 'm', serverMessage: 'Not Authorized', diagnosis: { code: 'signature_mismatch', deviation: { flags: ['UnsortedQuery'] } } });
    expect(JSON.parse(JSON.stringify(journal.list({ order: 'asc' }).entries[0]!.verdict)).diagnosis.deviation.flags).toEqual(['UnsortedQuery']);
    expect(builds).toBe(1);
  });

  it('keeps the last N entries and counts every one, evicted or not', () => {
    const journal = createJournal(3);
    for (let i = 0; i < 5; i += 1) journal.record(entry(journal.nextId()));
    expect(journal.list({ order: 'asc' }).entries.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(journal.get(1)).toBeUndefined();
    expect(journal.wasDropped(1)).toBe(true);
    expect(journal.wasDropped(99)).toBe(false);
    expect(journal.stats()).toMatchObject({ requests: 5, journal: { size: 3, capacity: 3, evicted: 2, oldestId: 3, newestId: 5 } });
  });

  it('filters by method, path glob, status, verdict and id, newest first by default', () => {
    const journal = createJournal(10);
    journal.record(entry(1, { method: 'POST', path: '/api/devices', verdict: verdict(true, 'ok') }));
    journal.record(entry(2, { path: '/api/devices/x', verdict: verdict(false, 'signature_mismatch'), response: { status: 401, destroyed: false, headers: {}, body: null } }));
    journal.record(entry(3, { path: '/other' }));
    expect(journal.list({ method: 'post' }).entries.map((e) => e.id)).toEqual([1]);
    expect(journal.list({ path: '/api/**' }).entries.map((e) => e.id)).toEqual([2, 1]);
    expect(journal.list({ status: 401 }).entries.map((e) => e.id)).toEqual([2]);
    expect(journal.list({ code: 'signature_mismatch' }).total).toBe(1);
    expect(journal.list({ ok: false }).entries.map((e) => e.id)).toEqual([2]);
    expect(journal.list({ since: 1, order: 'asc', limit: 1 })).toMatchObject({ total: 2, entries: [{ id: 2 }] });
  });

  it('lists by id even when requests finish out of order', () => {
    const journal = createJournal(10);
    const first = journal.nextId();
    const second = journal.nextId();
    journal.record(entry(second));
    journal.record(entry(first));
    expect(journal.list({ order: 'asc' }).entries.map((e) => e.id)).toEqual([1, 2]);
  });

  it('counts verdicts, faults, destroyed connections and statuses', () => {
    const journal = createJournal(2);
    journal.record(entry(1, { verdict: verdict(true, 'ok') }));
    journal.record(entry(2, { verdict: verdict(false, 'clock_skew'), response: { status: 401, destroyed: false, headers: {}, body: null } }));
    journal.record(entry(3, { fault: { id: 'fault-1', label: null, latencyMs: 0, action: 'destroy' }, response: { status: null, destroyed: true, headers: {}, body: null } }));
    expect(journal.stats()).toMatchObject({
      requests: 3, verified: 1, rejected: 1, unverified: 1, faulted: 1, destroyed: 1,
      byStatus: { '200': 1, '401': 1, destroyed: 1 }, byCode: { ok: 1, clock_skew: 1 },
    });
  });

  it('clear empties the buffer but keeps counters and ids; reset zeroes counters', () => {
    const journal = createJournal(5);
    journal.record(entry(journal.nextId()));
    expect(journal.clear()).toBe(1);
    expect(journal.list().total).toBe(0);
    expect(journal.stats().requests).toBe(1);
    expect(journal.nextId()).toBe(2);
    journal.reset();
    expect(journal.stats().requests).toBe(0);
    expect(journal.nextId()).toBe(3);
  });

  it('lets a batch writer flush before every read, so that reads see what it has pending', () => {
    const journal = createJournal(5);
    const pending: JournalEntry[] = [];
    let flushes = 0;
    const stop = journal.beforeRead(() => {
      flushes += 1;
      for (const e of pending.splice(0)) journal.record(e);
    });
    const write = () => pending.push(entry(journal.nextId()));
    write();
    expect(journal.get(1)?.id).toBe(1);
    write();
    expect(journal.list().entries.map((e) => e.id)).toEqual([2, 1]);
    write();
    expect(journal.stats().requests).toBe(3);
    write();
    expect(journal.wasDropped(4)).toBe(false);
    write();
    expect(journal.clear()).toBe(5);
    write();
    journal.reset();
    expect(journal.stats().requests).toBe(0);
    expect(flushes).toBe(7);
    // Once stopped, reads no longer flush; a flush that throws is dropped, never the read.
    stop();
    write();
    expect(journal.list().total).toBe(0);
    journal.beforeRead(() => {
      throw new Error('broken writer');
    });
    expect(journal.list().total).toBe(0);
    expect(journal.stats().requests).toBe(0);
  });
});

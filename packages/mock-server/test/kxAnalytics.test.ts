import { describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { callAnalytic, kxServer, login, minuteIso, NOW, type Session } from './kxHelpers.js';

const SERVERS = ['alpha', 'beta', 'gamma'];
const GIB = 1024 ** 3;
const MEMORY = ['used', 'heap', 'peak', 'wmax', 'mmap', 'mphy', 'syms', 'symw'] as const;
type Row = Record<string, number | string>;

async function setup(options: Parameters<typeof kxServer>[0] = {}): Promise<{ server: MockServer; session: Session; rows: (method: string, params?: Record<string, unknown>) => Promise<Row[]> }> {
  const server = kxServer({ kx: { servers: SERVERS }, ...options });
  const session = await login(server);
  const rows = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await callAnalytic(server, session, method, params);
    if (response.status !== 200) throw new Error(`${method}: ${response.status} ${response.body.error}`);
    return response.body.msg as Row[];
  };
  return { server, session, rows };
}

const epochMinute = (iso: unknown) => Date.parse(String(iso)) / 60_000;
const nowMinute = Math.floor(NOW / 60_000);

describe('monPublic.getMem', () => {
  it('answers one row per server per minute of the range, both ends included, ordered by time then configured server', async () => {
    const { rows } = await setup();
    const answer = await rows('getMem', { startTime: minuteIso(-30), endTime: minuteIso(-20) });
    expect(answer).toHaveLength(11 * 3);
    const expectedKeys = ['time', 'sym', ...MEMORY];
    answer.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(expectedKeys);
      expect(row.time).toBe(minuteIso(-30 + Math.floor(i / 3)));
      expect(row.sym).toBe(SERVERS[i % 3]);
    });
    // A start inside a minute begins at the next whole minute; a zone offset is honoured.
    const shifted = await rows('getMem', { startTime: new Date(Date.parse(minuteIso(-30)) + 30_000).toISOString(), endTime: minuteIso(-29) });
    expect(shifted.map((r) => r.time)).toEqual(Array(3).fill(minuteIso(-29)));
    const local = new Date(Date.parse(minuteIso(-30)) + 3_600_000).toISOString().replace('Z', '+01:00').replace('.000', '');
    expect((await rows('getMem', { startTime: local, endTime: minuteIso(-30) })).map((r) => r.time)).toEqual(Array(3).fill(minuteIso(-30)));
  });

  it('keeps the invariants of .Q.w[]: used <= heap <= peak, heap in 64 MiB blocks, symw = syms x a width per server', async () => {
    const { rows } = await setup();
    const answer = await rows('getMem', { startTime: minuteIso(-120), endTime: minuteIso(0) });
    const widths = new Map<string, number>();
    for (const row of answer) {
      const r = row as Record<(typeof MEMORY)[number], number> & { sym: string };
      expect(r.used).toBeGreaterThan(0);
      expect(r.used).toBeLessThanOrEqual(r.heap);
      expect(r.heap).toBeLessThanOrEqual(r.peak);
      expect(r.heap % (64 * 1024 * 1024)).toBe(0);
      expect([16, 32, 64, 128].map((g) => g * GIB)).toContain(r.mphy);
      expect(r.symw % r.syms).toBe(0);
      const width = r.symw / r.syms;
      expect(widths.get(r.sym) ?? width).toBe(width);
      widths.set(r.sym, width);
    }
    // The heap follows the day: it is not one constant.
    expect(new Set(answer.filter((r) => r.sym === 'alpha').map((r) => r.used)).size).toBeGreaterThan(10);
  });

  it('defaults to the last hour of the server clock and never answers minutes after it', async () => {
    const { rows } = await setup();
    const lastHour = await rows('getMem');
    expect(lastHour).toHaveLength(60 * 3);
    expect(epochMinute(lastHour[0]!.time)).toBe(Math.ceil((NOW - 3_600_000) / 60_000));
    expect(epochMinute(lastHour.at(-1)!.time)).toBe(nowMinute);
    const future = await rows('getMem', { startTime: minuteIso(-2), endTime: minuteIso(120) });
    expect(future.map((r) => epochMinute(r.time))).toEqual([nowMinute - 2, nowMinute - 1, nowMinute].flatMap((m) => [m, m, m]));
    expect(await rows('getMem', { startTime: minuteIso(5), endTime: minuteIso(10) })).toEqual([]);
    // Only startTime: up to now.
    expect(await rows('getMem', { startTime: minuteIso(-1) })).toHaveLength(2 * 3);
  });

  it('filters by syms (a list, or one name)', async () => {
    const { rows } = await setup();
    const range = { startTime: minuteIso(-5), endTime: minuteIso(0) };
    const all = await rows('getMem', range);
    const beta = await rows('getMem', { ...range, syms: ['beta'] });
    expect(beta).toEqual(all.filter((r) => r.sym === 'beta'));
    expect(await rows('getMem', { ...range, syms: 'beta' })).toEqual(beta);
    expect((await rows('getMem', { ...range, syms: ['gamma', 'alpha'] })).map((r) => r.sym).slice(0, 2)).toEqual(['alpha', 'gamma']);
    expect(await rows('getMem', { ...range, syms: [] })).toEqual(all);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const { server, session } = await setup({ kx: { servers: SERVERS, maxRows: 100 } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ start_time: minuteIso(-5) }, 'start_time is not a parameter of monPublic.getMem (it takes startTime, endTime, syms)'],
      [{ startTime: 'yesterday' }, 'startTime must be an ISO-8601 time such as "2025-03-14T15:00:00Z", got "yesterday"'],
      [{ endTime: 1741964400000 }, 'endTime must be an ISO-8601 time such as "2025-03-14T15:00:00Z", got 1741964400000'],
      [{ startTime: '2025-02-30T00:00:00Z' }, 'startTime must be an ISO-8601 time such as "2025-03-14T15:00:00Z", got "2025-02-30T00:00:00Z"'],
      [{ startTime: minuteIso(-1), endTime: minuteIso(-2) }, 'startTime must not be after endTime'],
      [{ syms: ['alpha', 'omega'] }, 'syms names unknown servers "omega" (known: alpha, beta, gamma)'],
      [{ syms: [1] }, 'syms must be a list of server names'],
      [{ startTime: minuteIso(-40), endTime: minuteIso(-6) }, 'startTime/endTime cover 105 rows; at most 100 per call'],
    ];
    for (const [params, error] of cases) {
      const response = await callAnalytic(server, session, 'getMem', params);
      expect({ params, status: response.status }).toEqual({ params, status: 400 });
      expect(response.body).toMatchObject({ type: 'getMemResp', success: false, msg: [] });
      expect(response.body.error).toContain(error);
    }
    expect((await callAnalytic(server, session, 'getMem', { startTime: minuteIso(-40), endTime: minuteIso(-8) })).status).toBe(200);
  });
});

describe('monPublic.getMemBucket', () => {
  /** The bucketed averages computed here directly from getMem's samples. */
  function bucketAverages(samples: Row[], bucket: number): Row[] {
    const groups = new Map<string, Row[]>();
    for (const row of samples) {
      const start = Math.floor(epochMinute(row.time) / bucket) * bucket;
      const key = `${start}|${row.sym}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return [...groups.entries()].map(([key, members]) => {
      const [start, sym] = key.split('|') as [string, string];
      const average: Row = { time: new Date(Number(start) * 60_000).toISOString(), sym };
      for (const column of MEMORY) average[column] = members.reduce((sum, r) => sum + Number(r[column]), 0) / members.length;
      return average;
    });
  }

  it('averages each server\'s samples per bucket, aligned to multiples of the bucket, cut buckets averaging what is in range', async () => {
    const { rows } = await setup();
    for (const [bucket, from, to] of [[15, -47, -3], [7, -20, 0], [1, -4, -1], [60, -200, -1]] as const) {
      const range = { startTime: minuteIso(from), endTime: minuteIso(to) };
      const expected = bucketAverages(await rows('getMem', range), bucket);
      const answer = await rows('getMemBucket', { ...range, bucket });
      expect({ bucket, answer }).toEqual({ bucket, answer: expected });
      for (const row of answer) expect(epochMinute(row.time) % bucket).toBe(0);
    }
  });

  it('defaults to 10-minute buckets over the last hour', async () => {
    const { rows } = await setup();
    expect(await rows('getMemBucket')).toEqual(bucketAverages(await rows('getMem'), 10));
  });

  it('answers a bad bucket with 400 naming bucket, and takes a whole number sent as text', async () => {
    const { server, session, rows } = await setup();
    for (const bucket of [0, 10_081, 2.5, 'x', true]) {
      const response = await callAnalytic(server, session, 'getMemBucket', { bucket });
      expect({ bucket, status: response.status }).toEqual({ bucket, status: 400 });
      expect(response.body.error).toMatch(/^bucket must be a whole number of minutes from 1 to 10080, got /);
    }
    expect(await rows('getMemBucket', { bucket: '15' })).toEqual(await rows('getMemBucket', { bucket: 15 }));
  });

  it('refuses a range with more samples than it will average, naming the range', async () => {
    const { server, session } = await setup({ kx: { servers: SERVERS, maxRows: 100 } });
    // 20 samples per allowed row: 2000 samples, i.e. 666 minutes of 3 servers.
    const ok = await callAnalytic(server, session, 'getMemBucket', { startTime: minuteIso(-665), endTime: minuteIso(0), bucket: 60 });
    expect(ok.status).toBe(200);
    const tooMany = await callAnalytic(server, session, 'getMemBucket', { startTime: minuteIso(-666), endTime: minuteIso(0), bucket: 60 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toBe('startTime/endTime cover 2001 samples to average; at most 2000 per call: narrow startTime/endTime or syms');
  });
});

describe('monPublic.getCPU, getDisk and getAvgLoad', () => {
  it('answers time, sym, usage in percent with two decimals for CPU and disk', async () => {
    const { rows } = await setup();
    for (const method of ['getCPU', 'getDisk']) {
      const answer = await rows(method, { startTime: minuteIso(-90), endTime: minuteIso(0) });
      expect(answer).toHaveLength(91 * 3);
      for (const row of answer) {
        expect(Object.keys(row)).toEqual(['time', 'sym', 'usage']);
        expect(row.usage).toBeGreaterThanOrEqual(0);
        expect(row.usage).toBeLessThanOrEqual(100);
        expect(Math.round(Number(row.usage) * 100) / 100).toBe(row.usage);
      }
      expect(new Set(answer.map((r) => r.usage)).size).toBeGreaterThan(20);
    }
  });

  it('averages CPU, virtual memory, physical memory share and disk over the five minutes ending at each minute', async () => {
    const { rows } = await setup();
    const wide = { startTime: minuteIso(-24), endTime: minuteIso(-5) };
    const [cpu, disk, mem] = [await rows('getCPU', wide), await rows('getDisk', wide), await rows('getMem', wide)];
    const at = (list: Row[], minute: number, sym: string) => list.find((r) => epochMinute(r.time) === minute && r.sym === sym)!;
    const answer = await rows('getAvgLoad', { startTime: minuteIso(-20), endTime: minuteIso(-5) });
    expect(answer).toHaveLength(16 * 3);
    const close = (actual: unknown, expected: number) => expect(Math.abs(Number(actual) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
    for (const row of answer) {
      expect(Object.keys(row)).toEqual(['time', 'sym', 'avgCPU', 'avgMemV', 'avgMemP', 'avgDisk']);
      const minute = epochMinute(row.time);
      const window = [4, 3, 2, 1, 0].map((back) => minute - back);
      const mean = (pick: (m: number) => number) => window.reduce((sum, m) => sum + pick(m), 0) / 5;
      const sym = String(row.sym);
      close(row.avgCPU, mean((m) => Number(at(cpu, m, sym).usage)));
      close(row.avgDisk, mean((m) => Number(at(disk, m, sym).usage)));
      close(row.avgMemV, mean((m) => Number(at(mem, m, sym).heap) + Number(at(mem, m, sym).mmap)));
      close(row.avgMemP, mean((m) => (100 * Number(at(mem, m, sym).used)) / Number(at(mem, m, sym).mphy)));
    }
  });
});

describe('monitoring data is deterministic', () => {
  const calls: Array<[string, Record<string, unknown>]> = [
    ['getMem', { startTime: minuteIso(-30), endTime: minuteIso(0) }],
    ['getMemBucket', { startTime: minuteIso(-600), endTime: minuteIso(0), bucket: 30 }],
    ['getCPU', { startTime: minuteIso(-30), endTime: minuteIso(0) }],
    ['getDisk', { startTime: minuteIso(-30), endTime: minuteIso(0) }],
    ['getAvgLoad', { startTime: minuteIso(-30), endTime: minuteIso(0) }],
  ];
  const answers = async (seed: number, now = NOW) => {
    const server = kxServer({ seed, now: () => now });
    const session = await login(server, undefined, new Date(now));
    const out: unknown[] = [];
    for (const [method, params] of calls) {
      const response = await callAnalytic(server, session, method, params);
      out.push(response.status === 200 ? response.body.msg : response.body);
    }
    return out;
  };
  // Calls are signed at the fixed time, so a later clock only works within the 900 s window.
  it('gives identical rows from two servers with one seed, whenever they are asked', async () => {
    const first = await answers(7);
    expect(await answers(7)).toEqual(first);
    expect(await answers(7, NOW + 600_000)).toEqual(first);
  });

  it('gives other rows for another seed', async () => {
    const [a, b] = [await answers(7), await answers(8)];
    a.forEach((rows, i) => expect(rows).not.toEqual(b[i]));
  });
});

/**
 * Faults campaign (issue 7): every fault kind, injected through the admin API over HTTP, is observed
 * by real clients over real sockets: latency (at least the injected delay, and not absurdly more),
 * a canned status with its body and headers, a dropped connection, a fraction of requests, a number
 * of times. 5xx answers are exactly the injected ones, and the journal records every request once.
 */
import { request as httpRequest } from 'node:http';
import { signXConnectRequest } from '@sigkit/signer';
import { createKxConnectClient, createXConnectClient, PlatformError, PlatformUnreachableError, type FetchLike } from '@sigkit/signer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_KEY, CAMPAIGN_SEED, CAMPAIGN_TIMEOUT_MS, FULL, NOW, SECRET_KEY, count5xx, reportCampaign, startMock, type RunningMock } from './campaignKit.js';
import { parseRawResponses, socketExchange } from './rawHttp.js';

/** Requests per fault kind. */
const N = FULL ? 300 : 36;
/** Injected latency. */
const LATENCY_MS = 150;
/** "Not absurdly more": an answer later than latency + this is a failure (a loaded CI machine stays far inside it). */
const LATENCY_SLACK_MS = 5_000;
/** Statuses injected in turn. */
const STATUSES = [500, 502, 503, 504, 429, 418] as const;

interface FaultAnswer {
  fault: { id: string; applied: number; remaining: number | null };
}

describe('faults campaign', () => {
  let mock: RunningMock;
  let started = 0;
  let requests = 0;
  let answered2xx = 0;
  const injected = { latency: 0, respond: 0, destroy: 0, fraction: 0, status5xx: 0 };

  /** fetch bounded in time, counting the requests the mock journals. */
  const countingFetch: FetchLike = async (url, init) => {
    requests += 1;
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(LATENCY_MS + LATENCY_SLACK_MS + 10_000) });
    if (response.ok) answered2xx += 1;
    return response;
  };
  const xconnect = () => createXConnectClient({ baseUrl: mock.url, apiKey: API_KEY, secretKey: SECRET_KEY, fetch: countingFetch, now: () => NOW });
  const kx = () => createKxConnectClient({ baseUrl: mock.url, username: 'kxSupport', password: '12345678', fetch: countingFetch, now: () => NOW });

  async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${mock.url}/__sigkit${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(response.status, `${method} /__sigkit${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  }
  const addFault = (rule: Record<string, unknown>) => admin<FaultAnswer>('POST', '/faults', rule);

  /** Times one call. */
  async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
    const t0 = performance.now();
    try {
      const value = await call();
      return { ms: performance.now() - t0, value };
    } catch (error) {
      return { ms: performance.now() - t0, error };
    }
  }

  function expectLatency(ms: number, what: string): void {
    // Timers may fire up to a millisecond early against performance.now.
    expect(ms, `${what}: answered before the injected ${LATENCY_MS} ms`).toBeGreaterThanOrEqual(LATENCY_MS - 1);
    expect(ms, `${what}: answered absurdly later than the injected ${LATENCY_MS} ms`).toBeLessThan(LATENCY_MS + LATENCY_SLACK_MS);
  }

  beforeAll(async () => {
    started = performance.now();
    mock = await startMock();
  });
  afterAll(() => mock.close());

  it(`delays ${N} xConnect and ${N} KX Connect calls by the injected latency, then answers them`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const hids = mock.core.state.xconnect.gateways().map((g) => g.hid);
    const rule = await addFault({ method: 'GET', path: `${API}/gateways/*`, latencyMs: LATENCY_MS, label: 'campaign latency' });
    const client = xconnect();
    const outcomes = await Promise.all(Array.from({ length: N }, (_, i) => timed(() => client.gateways.get(hids[i % hids.length]!))));
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.error, `xConnect call ${i}`).toBeUndefined();
      expect(outcome.value?.hid).toBe(hids[i % hids.length]);
      expectLatency(outcome.ms, `xConnect call ${i}`);
    }
    // A client that ends its side once its request is sent (a half close) still gets the delayed answer.
    const halfClosed = await Promise.all(
      Array.from({ length: Math.ceil(N / 4) }, (_, i) => {
        const signed = signXConnectRequest({ method: 'GET', path: `${API}/gateways/${hids[i % hids.length]}`, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
        const head = `GET ${signed.target} HTTP/1.1\r\nHost: x\r\n${Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
        return timed(() => socketExchange(mock.port, [head], { halfClose: true }));
      }),
    );
    for (const [i, outcome] of halfClosed.entries()) {
      requests += 1;
      expect(parseRawResponses(outcome.value!.received).map((r) => r.status), `half-closed request ${i}`).toEqual([200]);
      answered2xx += 1;
      expectLatency(outcome.ms, `half-closed request ${i}`);
    }
    injected.latency += halfClosed.length;
    await admin('DELETE', `/faults/${rule.fault.id}`);

    const kxRule = await addFault({ path: '/connect/api/monPublic/*', latencyMs: LATENCY_MS });
    const kxClient = kx();
    await kxClient.login();
    const kxOutcomes = await Promise.all(Array.from({ length: N }, () => timed(() => kxClient.call('monPublic', 'getCPU', { syms: ['ds_tp_ops_a'] }))));
    for (const [i, outcome] of kxOutcomes.entries()) {
      expect(outcome.error, `KX call ${i}`).toBeUndefined();
      expect((outcome.value as { msg: unknown[] }).msg.length).toBeGreaterThan(0);
      expectLatency(outcome.ms, `KX call ${i}`);
    }
    await admin('DELETE', `/faults/${kxRule.fault.id}`);
    injected.latency += 2 * N;
    const delayed = mock.core.journal.list({ limit: 1_000_000 }).entries.filter((e) => e.fault?.action === 'latency');
    expect(delayed.length).toBe(injected.latency);
    for (const entry of delayed) expect(entry.durationMs).toBeGreaterThanOrEqual(LATENCY_MS - 1);
  });

  it(`answers ${N} requests with each injected status, body and header in turn, then the real answer`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const per = Math.ceil(N / STATUSES.length);
    await admin('PUT', '/faults', STATUSES.map((status) => ({ method: 'GET', path: `${API}/devices`, respond: { status, body: { message: `injected ${status}` }, headers: { 'retry-after': '7' } }, times: per })));
    const signed = () => signXConnectRequest({ method: 'GET', path: `${API}/devices`, query: '_size=1', apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
    const client = xconnect();
    for (const [turn, status] of STATUSES.entries()) {
      for (let i = 0; i < per; i += 1) {
        if (i % 2 === 0) {
          const request = signed();
          const response = await countingFetch(mock.url + request.target, { method: 'GET', headers: request.headers as Record<string, string> });
          expect({ status: response.status, retryAfter: (response as Response).headers.get('retry-after'), body: JSON.parse(await response.text()) }, `turn ${turn}, request ${i}`).toEqual({
            status,
            retryAfter: '7',
            body: { message: `injected ${status}` },
          });
        } else {
          const outcome = await timed(() => client.devices.list({ _size: 1 }));
          expect(outcome.error, `turn ${turn}, request ${i}`).toBeInstanceOf(PlatformError);
          expect({ status: (outcome.error as PlatformError).status, message: (outcome.error as PlatformError).platformMessage }).toEqual({ status, message: `injected ${status}` });
        }
        injected.respond += 1;
        if (status >= 500) injected.status5xx += 1;
      }
    }
    expect((await client.devices.list({ _size: 1 })).data.length).toBe(1);
    // Each rule retired after its turn; the listing says so.
    const rules = (await admin<{ faults: Array<{ applied: number; remaining: number | null }> }>('GET', '/faults')).faults;
    expect(rules.map((r) => [r.applied, r.remaining])).toEqual(STATUSES.map(() => [per, 0]));
    await admin('DELETE', '/faults');

    // A login answered by a fault opens no session, and the client sees the fault.
    await addFault({ path: '/connect/api/auth/login', respond: { status: 503, body: { error: 'login is down' } }, times: 3 });
    for (let i = 0; i < 3; i += 1) {
      const outcome = await timed(() => kx().login());
      expect((outcome.error as PlatformError).status, `login ${i}`).toBe(503);
      injected.respond += 1;
      injected.status5xx += 1;
    }
    expect((await admin<{ sessions: unknown[] }>('GET', '/kx/sessions')).sessions.length, 'a faulted login opened a session').toBe(1);
    expect(await kx().login()).toMatch(/^[0-9a-f]{32}$/);
  });

  it(`drops ${N} connections without an answer, as three kinds of client see it`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const hid = mock.core.state.xconnect.devices()[0]!.hid;
    await addFault({ method: 'GET', path: `${API}/devices/*`, destroy: true, times: N });
    const client = xconnect();
    for (let i = 0; i < N; i += 1) {
      const kind = i % 3;
      if (kind === 0) {
        const outcome = await timed(() => client.devices.get(hid));
        expect(outcome.error, `request ${i}`).toBeInstanceOf(PlatformUnreachableError);
      } else if (kind === 1) {
        const request = signXConnectRequest({ method: 'GET', path: `${API}/devices/${hid}`, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
        const outcome = await timed(() => countingFetch(mock.url + request.target, { method: 'GET', headers: request.headers as Record<string, string> }));
        expect(outcome.error, `request ${i}`).toBeInstanceOf(TypeError);
      } else {
        const error = await rawGet(`${API}/devices/${hid}`);
        requests += 1;
        expect(error, `request ${i}`).toMatchObject({ code: 'ECONNRESET' });
      }
      injected.destroy += 1;
    }
    expect((await client.devices.get(hid)).hid).toBe(hid);

    // Latency, then the drop.
    await addFault({ method: 'GET', path: `${API}/devices/*`, latencyMs: LATENCY_MS, destroy: true, times: 3 });
    for (let i = 0; i < 3; i += 1) {
      const outcome = await timed(() => client.devices.get(hid));
      expect(outcome.error).toBeInstanceOf(PlatformUnreachableError);
      expectLatency(outcome.ms, `delayed drop ${i}`);
      injected.destroy += 1;
    }
    // A KX Connect call dropped: the client sees no answer, and its session still works.
    const kxClient = kx();
    await kxClient.login();
    await addFault({ path: '/connect/api/monPublic/getDisk', destroy: true, times: 1 });
    expect((await timed(() => kxClient.call('monPublic', 'getDisk'))).error).toBeInstanceOf(PlatformUnreachableError);
    injected.destroy += 1;
    expect((await kxClient.call('monPublic', 'getDisk', { syms: 'ds_tp_ops_a' })).success).toBe(true);
  });

  it(`applies a fraction of a fault to ${4 * N} requests, the ones its seed draws`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const rule = await addFault({ method: 'GET', path: `${API}/gateways`, respond: { status: 503, body: { message: 'sometimes' } }, fraction: 0.25 });
    const client = xconnect();
    let seen = 0;
    for (let i = 0; i < 4 * N; i += 1) {
      const outcome = await timed(() => client.gateways.list({ _size: 1 }));
      if (outcome.error) {
        expect((outcome.error as PlatformError).status, `request ${i}`).toBe(503);
        seen += 1;
      }
    }
    const listed = (await admin<{ faults: Array<{ id: string; applied: number }> }>('GET', '/faults')).faults.find((f) => f.id === rule.fault.id);
    expect(listed?.applied).toBe(seen);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(4 * N);
    injected.fraction += seen;
    injected.status5xx += seen;
    await admin('DELETE', '/faults');
  });

  it('journals every request once; the only 5xx are the injected ones', () => {
    const stats = mock.core.journal.stats();
    const faulted = injected.latency + injected.respond + injected.destroy + injected.fraction;
    const status5xx = count5xx(stats.byStatus);
    expect(stats).toMatchObject({ requests, faulted, destroyed: injected.destroy, errors: 0, journal: { size: requests, evicted: 0 } });
    expect(status5xx).toBe(injected.status5xx);
    const entries = mock.core.journal.list({ limit: 1_000_000 }).entries;
    for (const entry of entries.filter((e) => e.fault !== null)) {
      // Verification runs before the fault, so even a faulted request's entry has its verdict.
      expect(entry.verdict?.ok, `journal entry ${entry.id}`).toBe(true);
      expect(entry.response.destroyed).toBe(entry.fault!.action === 'destroy');
    }
    reportCampaign({
      campaign: 'faults',
      full: FULL,
      seed: CAMPAIGN_SEED,
      requests,
      accepted: answered2xx,
      rejected: requests - answered2xx - injected.destroy,
      status5xx,
      journalEntries: stats.journal.size,
      durationMs: performance.now() - started,
      injected,
    });
  });

  /** A GET over node:http that must fail: resolves with the error. */
  function rawGet(path: string): Promise<NodeJS.ErrnoException | undefined> {
    const signed = signXConnectRequest({ method: 'GET', path, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
    return new Promise((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: mock.port, path: signed.target, headers: signed.headers as Record<string, string>, agent: false, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(undefined));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer and no reset'), { code: 'TIMEOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error));
      req.end();
    });
  }
});

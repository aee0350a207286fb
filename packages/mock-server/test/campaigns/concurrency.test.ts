/**
 * Concurrency campaign (issue 7): 200 KX Connect logins at once, each then calling with its own
 * session, interleaved with xConnect writes from concurrent writers. Every session stays isolated
 * (its answers are its own, another's credentials never pass, logging one out leaves the others),
 * nothing written is lost (everything posted is read back), and the journal's counters are exact.
 */
import { signKxRequest } from '@sigkit/signer';
import { createKxConnectClient, createXConnectClient, type FetchLike, type KxConnectClient } from '@sigkit/signer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, CAMPAIGN_SEED, CAMPAIGN_TIMEOUT_MS, FULL, NOW, SECRET_KEY, count5xx, randomFor, reportCampaign, startMock, type RunningMock } from './campaignKit.js';

/** Concurrent KX logins: one session each. */
const SESSIONS = 200;
/** KX users the sessions belong to (several sessions per user, under the per-user cap of 10). */
const USERS = 40;
/** Calls each session makes after logging in. */
const CALLS_PER_SESSION = FULL ? 25 : 4;
/** xConnect writes, spread over concurrent writers. */
const WRITES = FULL ? 4000 : 600;
const WRITERS = 20;

/** What the campaign sent, by platform and route, to hold the journal's counters against. */
interface Ledger {
  requests: number;
  byPlatform: Record<string, number>;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
}

type TelemetryMap = Record<string, string>;

describe('concurrency campaign', () => {
  let mock: RunningMock;
  let started = 0;
  const ledger: Ledger = { requests: 0, byPlatform: {}, byStatus: {}, byRoute: {} };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

  /** fetch, counting every request by platform and answer; bounded in time. */
  const countingFetch: FetchLike = async (url, init) => {
    const { pathname } = new URL(url);
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    ledger.requests += 1;
    bump(ledger.byPlatform, pathname.startsWith('/connect/api') ? 'kx' : 'xconnect');
    bump(ledger.byStatus, String(response.status));
    return response;
  };

  const users = Array.from({ length: USERS }, (_, i) => ({ username: `campaign${String(i).padStart(2, '0')}`, password: `pw-${i}-${CAMPAIGN_SEED}` }));
  let clients: Array<{ client: KxConnectClient; username: string; index: number; sessionId: string }> = [];
  const xconnect = () => createXConnectClient({ baseUrl: mock.url, apiKey: API_KEY, secretKey: SECRET_KEY, fetch: countingFetch, now: () => NOW });

  beforeAll(async () => {
    started = performance.now();
    mock = await startMock({ kx: { users } });
    // Echoes who called and the caller's token, after a random pause, so answers finish out of order.
    mock.core.kx.registerAnalytic('campaign', 'whoami', async ({ params, username }) => {
      await new Promise((resolve) => setTimeout(resolve, Number(params.pauseMs ?? 0)));
      return [{ username, token: params.token ?? null }];
    });
  });
  afterAll(() => mock.close());

  it(`logs in ${SESSIONS} sessions at once, each calling with its own while xConnect writers post ${WRITES} writes`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    clients = Array.from({ length: SESSIONS }, (_, index) => {
      const user = users[index % USERS]!;
      return { client: createKxConnectClient({ baseUrl: mock.url, ...user, fetch: countingFetch, now: () => NOW }), username: user.username, index, sessionId: '' };
    });

    // Every login in flight at once.
    const sessionIds = await Promise.all(clients.map((c) => c.client.login()));
    clients.forEach((c, i) => (c.sessionId = sessionIds[i]!));
    ledger.byRoute['POST /connect/api/auth/login'] = SESSIONS;
    expect(new Set(sessionIds).size, 'two logins were given the same session').toBe(SESSIONS);

    const sessionWork = clients.map(async ({ client, username, index, sessionId }) => {
      const r = randomFor('concurrency-kx', index);
      for (let call = 0; call < CALLS_PER_SESSION; call += 1) {
        if (r.chance(0.7)) {
          const token = `${index}/${call}/${r.int(1e9)}`;
          const answer = await client.call<{ username: string; token: string }>('campaign', 'whoami', { token, pauseMs: r.int(4) });
          bump(ledger.byRoute, 'POST /connect/api/campaign/whoami');
          expect(answer.msg, `session ${index}: call ${call} got someone else's answer`).toEqual([{ username, token }]);
        } else {
          const end = new Date((Math.floor(NOW / 60_000) - r.int(600)) * 60_000);
          const answer = await client.call('monPublic', r.pick(['getMem', 'getCPU', 'getDisk']), { startTime: new Date(end.getTime() - 10 * 60_000).toISOString(), endTime: end.toISOString(), syms: ['ds_rdb_ops_a'] });
          bump(ledger.byRoute, 'POST /connect/api/monPublic/*');
          expect(answer.msg.length, `session ${index}: call ${call}`).toBe(11);
        }
        // The client logs in again by itself when its session is gone; it never should be.
        expect(client.sessionId, `session ${index} was replaced during call ${call}`).toBe(sessionId);
      }
    });

    const posted = { devices: [] as Array<{ uid: string; gatewayHid: string }>, gateways: [] as string[], telemetry: new Map<string, TelemetryMap[]>() };
    const store = mock.core.state.xconnect;
    const gatewayHids = store.gateways().map((g) => g.hid);
    const deviceHids = store.devices().map((d) => d.hid);
    let next = 0;
    const writerWork = Array.from({ length: WRITERS }, async (_, writer) => {
      const client = xconnect();
      while (next < WRITES) {
        const write = next;
        next += 1;
        const r = randomFor('concurrency-xconnect', write);
        const kind = r.int(4);
        if (kind === 0) {
          const device = { uid: `concurrent-device-${write}`, gatewayHid: r.pick(gatewayHids), name: `device ${write}`, type: 'asset-tag' };
          const answer = await client.devices.register(device);
          expect(answer.message, `write ${write}`).toBe('device was registered successfully');
          posted.devices.push(device);
          bump(ledger.byRoute, 'POST /api/v1/kronos/devices');
        } else if (kind === 1) {
          const uid = `concurrent-gateway-${write}`;
          await client.gateways.create({ uid, name: `gateway ${write}`, osName: 'Linux', softwareName: 'sigkit', softwareVersion: '1', type: 'Local' });
          posted.gateways.push(uid);
          bump(ledger.byRoute, 'POST /api/v1/kronos/gateways');
        } else {
          // Telemetry whose (device, name, timestamp) no other write uses, so nothing replaces it.
          const hid = r.pick(deviceHids);
          const item = (k: number): TelemetryMap => ({ '_|timestamp': String(NOW - 3_600_000 + write * 10 + k), [`i|w${writer}`]: String(write * 10 + k), [`s|note${writer}`]: `write ${write}.${k}` });
          const items = kind === 2 ? [item(0)] : Array.from({ length: 1 + r.int(5) }, (_, k) => item(k));
          if (kind === 2) await client.telemetry.upload(hid, items[0]!);
          else await client.telemetry.uploadBatch(hid, items);
          posted.telemetry.set(hid, [...(posted.telemetry.get(hid) ?? []), ...items]);
          bump(ledger.byRoute, kind === 2 ? 'POST /api/v1/kronos/telemetries/devices/{hid}' : 'POST /api/v1/kronos/telemetries/devices/{hid}/batch');
        }
      }
    });

    await Promise.all([...sessionWork, ...writerWork]);

    // No write lost: everything posted reads back, through the API.
    const reader = xconnect();
    const devices = new Map<string, string | undefined>();
    for await (const device of reader.devices.all({ _size: 200 })) devices.set(device.uid, device.gatewayHid);
    for (const device of posted.devices) expect(devices.get(device.uid), `device ${device.uid} was lost`).toBe(device.gatewayHid);
    expect(devices.size).toBe(deviceHids.length + posted.devices.length);
    const gateways = new Set<string>();
    for await (const gateway of reader.gateways.all({ _size: 200 })) gateways.add(gateway.uid);
    for (const uid of posted.gateways) expect(gateways.has(uid), `gateway ${uid} was lost`).toBe(true);
    expect(gateways.size).toBe(gatewayHids.length + posted.gateways.length);
    for (const [hid, items] of posted.telemetry) {
      const names = [...new Set(items.flatMap((item) => Object.keys(item).filter((k) => !k.startsWith('_|')).map((k) => k.slice(k.indexOf('|') + 1))))];
      const read: Array<{ name: string; timestamp: number; intValue?: number; strValue?: string }> = [];
      for await (const item of reader.telemetry.deviceAll(hid, { fromTimestamp: new Date(NOW - 3_600_000).toISOString(), toTimestamp: new Date(NOW).toISOString(), telemetryNames: names.join(','), _size: 200 })) {
        read.push(item as (typeof read)[number]);
      }
      const expected = items.flatMap((item) => Object.entries(item).filter(([k]) => !k.startsWith('_|')).map(([k, v]) => `${Number(item['_|timestamp'])} ${k.slice(k.indexOf('|') + 1)} ${v}`));
      const actual = read.map((i) => `${i.timestamp} ${i.name} ${i.intValue ?? i.strValue}`);
      expect(actual.sort(), `telemetry of ${hid}`).toEqual(expected.sort());
    }
  });

  it('keeps sessions apart: another user\'s sessionId never signs, and logging out one session leaves the rest', { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const signedStatus = async (username: string, sessionId: string, identity?: string) => {
      const signed = signKxRequest({ group: 'campaign', method: 'whoami', username, sessionId, date: new Date(NOW) });
      const authorization = identity === undefined ? signed.headers.Authorization : `${identity}:${signed.headers.Authorization.split(':')[1]}`;
      const response = await countingFetch(`${mock.url}${signed.path}`, { method: 'POST', headers: { ...signed.headers, Authorization: authorization }, body: signed.body });
      const body = JSON.parse(await response.text()) as { sigkit?: { code?: string } };
      return { status: response.status, code: body.sigkit?.code };
    };
    // Each session's id under the next user's name, at once: all refused, before any signature is checked.
    const crossed = await Promise.all(
      clients.map((c, i) => {
        const other = clients[(i + 1) % SESSIONS]!;
        return signedStatus(other.username === c.username ? clients[(i + 2) % SESSIONS]!.username : other.username, c.sessionId);
      }),
    );
    for (const [i, outcome] of crossed.entries()) expect(outcome, `session ${i} signed for another user`).toEqual({ status: 401, code: 'unknown_session' });

    // Logging out every other session, at once, while the rest keep calling.
    const leaving = clients.filter((c) => c.index % 2 === 0);
    const staying = clients.filter((c) => c.index % 2 === 1);
    await Promise.all([
      ...leaving.map(async (c) => {
        await c.client.logout();
        bump(ledger.byRoute, 'POST /connect/api/auth/logout');
      }),
      ...staying.map(async (c) => {
        const answer = await c.client.call<{ username: string; token: string }>('campaign', 'whoami', { token: `still ${c.index}` });
        expect(answer.msg).toEqual([{ username: c.username, token: `still ${c.index}` }]);
      }),
    ]);
    const after = await Promise.all(clients.map((c) => signedStatus(c.username, c.sessionId)));
    for (const c of clients) {
      expect(after[c.index], `session ${c.index} after every other session logged out`).toEqual(c.index % 2 === 0 ? { status: 401, code: 'unknown_session' } : { status: 200, code: undefined });
    }
    const listed = (await (await fetch(`${mock.url}/__sigkit/kx/sessions`)).json()) as { sessions: Array<{ session: string; expired: boolean }> };
    // The admin list names each session by its last five characters only (issue #18).
    expect(listed.sessions.map((s) => s.session).sort()).toEqual(staying.map((c) => `[redacted sessionId …${c.sessionId.slice(-5)}]`).sort());
    expect(listed.sessions.every((s) => !s.expired)).toBe(true);
  });

  it('journals every request once, and its counters are exact', async () => {
    const stats = (await (await fetch(`${mock.url}/__sigkit/stats`)).json()) as ReturnType<RunningMock['core']['journal']['stats']>;
    const refused = ledger.byStatus['401'] ?? 0;
    expect(stats).toMatchObject({
      requests: ledger.requests,
      verified: ledger.requests - refused,
      rejected: refused,
      unverified: 0,
      faulted: 0,
      destroyed: 0,
      errors: 0,
      byStatus: ledger.byStatus,
      byPlatform: ledger.byPlatform,
      journal: { size: ledger.requests, evicted: 0 },
    });
    expect(stats.byCode).toEqual({ login: SESSIONS, ok: ledger.requests - refused - SESSIONS, unknown_session: refused });
    const entries = mock.core.journal.list({ limit: 1_000_000, order: 'asc' }).entries;
    expect(entries.map((e) => e.id)).toEqual(Array.from({ length: entries.length }, (_, i) => entries[0]!.id + i));
    const byRoute = (route: string) => entries.filter((e) => e.route === route).length;
    expect(byRoute('POST /connect/api/auth/login')).toBe(SESSIONS);
    expect(byRoute('POST /connect/api/auth/logout')).toBe(ledger.byRoute['POST /connect/api/auth/logout']);
    expect(byRoute('POST /api/v1/kronos/devices')).toBe(ledger.byRoute['POST /api/v1/kronos/devices']);
    expect(byRoute('POST /api/v1/kronos/gateways')).toBe(ledger.byRoute['POST /api/v1/kronos/gateways']);
    expect(byRoute('POST /api/v1/kronos/telemetries/devices/{hid}')).toBe(ledger.byRoute['POST /api/v1/kronos/telemetries/devices/{hid}']);
    expect(byRoute('POST /api/v1/kronos/telemetries/devices/{hid}/batch')).toBe(ledger.byRoute['POST /api/v1/kronos/telemetries/devices/{hid}/batch']);
    expect(entries.every((e) => e.remoteAddress === '127.0.0.1' || e.remoteAddress === '::ffff:127.0.0.1')).toBe(true);
    const status5xx = count5xx(stats.byStatus);
    expect(status5xx).toBe(0);
    reportCampaign({
      campaign: 'concurrency',
      full: FULL,
      seed: CAMPAIGN_SEED,
      requests: ledger.requests,
      accepted: stats.verified,
      rejected: stats.rejected,
      status5xx,
      journalEntries: stats.journal.size,
      durationMs: performance.now() - started,
      sessions: SESSIONS,
      kxCalls: SESSIONS * CALLS_PER_SESSION,
      xconnectWrites: WRITES,
    });
  });
});

/**
 * Tamper campaign (issue 7): random valid signed requests sent over real HTTP are all accepted; the
 * same requests with one random mutation of what is signed are all rejected with 401 and the check
 * named in `sigkit`; the journal holds exactly one entry per request.
 */
import { kxLoginRequest, signKxRequest, signXConnectRequest } from '@sigkit/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, CAMPAIGN_SEED, CAMPAIGN_TIMEOUT_MS, FULL, NOW, SECRET_KEY, count5xx, randomFor, replay, reportCampaign, runBounded, startMock, type RunningMock } from './campaignKit.js';
import { randomKxCall, kxWire, tamperKx } from './kxTampering.js';
import { sendExact, sendWithFetch, type ExactAnswer } from './rawHttp.js';
import type { Tampered, Wire, World } from './tampering.js';
import { randomTimestamp, randomXConnectRequest, tamperXConnect, xconnectWire } from './xconnectTampering.js';

/** Valid requests per scheme; each is sent once as signed and once with one mutation. */
const N = FULL ? 5000 : 300;
/** Requests in flight at once. */
const CONCURRENCY = 8;

/** One exchange of the campaign, checked against the journal at the end. */
interface Exchange {
  label: string;
  wire: Wire;
  answer: ExactAnswer;
  accepted: boolean;
  code: string;
}

describe('tamper campaign', () => {
  let mock: RunningMock;
  let world: World;
  const exchanges: Exchange[] = [];
  /** Mutations sent, by scheme and kind. */
  const byMutation: Record<'xconnect' | 'kx', Record<string, number>> = { xconnect: {}, kx: {} };
  let logins = 0;
  let started = 0;

  beforeAll(async () => {
    started = performance.now();
    mock = await startMock();
    const store = mock.core.state.xconnect;
    world = { gateways: store.gateways().map((g) => g.hid), devices: store.devices().map((d) => d.hid), application: store.application.hid, sessions: [] };
    // Three sessions, two of them the same user's, for the calls to pick from.
    for (const [username, password] of [['kxSupport', '12345678'], ['Administrator', 'password'], ['kxSupport', '12345678']] as const) {
      const login = kxLoginRequest(username, password, { date: new Date(NOW) });
      const answer = await sendWithFetch(mock.url, { method: 'POST', target: login.path, headers: login.headers, body: login.body });
      expect(answer.status).toBe(200);
      logins += 1;
      world.sessions.push({ username, sessionId: (answer.json as { msg: Array<{ sessionId: string }> }).msg[0]!.sessionId });
    }
  });
  afterAll(() => mock.close());

  /**
   * Sends the valid request the way a client does (fetch), then its tampered twin byte for byte
   * (node:http, as fetch would normalise a mutated path), and checks both verdicts.
   */
  async function exchangePair(scheme: 'xconnect' | 'kx', label: string, wire: Wire, tampered: Tampered): Promise<void> {
    const answer = await sendWithFetch(mock.url, wire);
    expect(answer.status, `${label}: the valid request ${wire.method} ${wire.target} was refused: ${answer.text.slice(0, 600)}`).toBe(200);
    exchanges.push({ label, wire, answer, accepted: true, code: 'ok' });

    const refused = await sendExact(mock.port, tampered.wire);
    const diagnosis = (refused.json as { sigkit?: { code?: string; message?: string } } | undefined)?.sigkit;
    const what = `${label}: the ${tampered.kind} mutation ${tampered.wire.method} ${tampered.wire.target}`;
    expect(refused.status, `${what} was not refused with 401: ${refused.text.slice(0, 600)}`).toBe(401);
    expect(tampered.expectedCodes, `${what} was refused for an unexpected reason: ${diagnosis?.message}`).toContain(diagnosis?.code);
    expect(diagnosis?.message, `${what}: the diagnosis has no message`).toEqual(expect.any(String));
    byMutation[scheme][tampered.kind] = (byMutation[scheme][tampered.kind] ?? 0) + 1;
    exchanges.push({ label, wire: tampered.wire, answer: refused, accepted: false, code: diagnosis!.code! });
  }

  it(`accepts ${N} random signed xConnect requests and refuses each with one mutation`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    await runBounded(Array.from({ length: N }, (_, i) => i), CONCURRENCY, CAMPAIGN_TIMEOUT_MS - 5_000, async (index) => {
      const r = randomFor('tamper-xconnect', index);
      const request = randomXConnectRequest(r, world, index);
      const wire = xconnectWire(signXConnectRequest({ ...request, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: randomTimestamp(r) }));
      await exchangePair('xconnect', replay('tamper-xconnect', index), wire, tamperXConnect(r, wire));
    });
  });

  it(`accepts ${N} random signed KX Connect calls and refuses each with one mutation`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    await runBounded(Array.from({ length: N }, (_, i) => i), CONCURRENCY, CAMPAIGN_TIMEOUT_MS - 5_000, async (index) => {
      const r = randomFor('tamper-kx', index);
      const call = randomKxCall(r, world);
      const signed = signKxRequest({ group: 'monPublic', method: call.method, username: call.session.username, sessionId: call.session.sessionId, body: call.body });
      const wire = kxWire(signed);
      await exchangePair('kx', replay('tamper-kx', index), wire, tamperKx(r, wire, call.session.username, signed.trace.date));
    });
  });

  it('journals exactly one entry per request, with the verdict the client saw', () => {
    const ids = exchanges.map((e) => Number(e.answer.headers['x-sigkit-journal-id']));
    expect(new Set(ids).size).toBe(exchanges.length);
    for (const [i, exchange] of exchanges.entries()) {
      const entry = mock.core.journal.get(ids[i]!);
      expect(entry, `${exchange.label}: no journal entry ${ids[i]}`).toBeDefined();
      expect({ method: entry!.method, target: entry!.target, status: entry!.response.status, ok: entry!.verdict?.ok, code: entry!.verdict?.code }, exchange.label).toEqual({
        method: exchange.wire.method,
        target: exchange.wire.target,
        status: exchange.answer.status,
        ok: exchange.accepted,
        code: exchange.code,
      });
    }
    const requests = exchanges.length + logins;
    const accepted = exchanges.filter((e) => e.accepted).length;
    const rejected = exchanges.length - accepted;
    expect({ accepted, rejected }).toEqual({ accepted: 2 * N, rejected: 2 * N });
    const stats = mock.core.journal.stats();
    expect(stats).toMatchObject({ requests, verified: accepted + logins, rejected, unverified: 0, errors: 0, journal: { size: requests, evicted: 0 } });
    const status5xx = count5xx(stats.byStatus);
    expect(status5xx).toBe(0);
    reportCampaign({
      campaign: 'tamper',
      full: FULL,
      seed: CAMPAIGN_SEED,
      requests,
      accepted: accepted + logins,
      rejected,
      status5xx,
      journalEntries: stats.journal.size,
      durationMs: performance.now() - started,
      byMutation,
      byCode: stats.byCode,
    });
  });
});

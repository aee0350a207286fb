import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { adminRouteSummary, ADMIN_ROUTE_SUMMARY } from '../src/index.js';
import { callAnalytic, kxAdmin, kxServer, login, NOW, post, sendSigned, signCall } from './kxHelpers.js';

describe('KX Connect in the journal, faults and clock', () => {
  it('journals every KX request with platform kx, its route and verdict, and counts them apart', async () => {
    const server = kxServer();
    const session = await login(server);
    await callAnalytic(server, session, 'getCPU');
    await sendSigned(server, signCall(session, { method: 'getCPU' }, ['HexSignature']));
    await request(server.app).get('/connect/api/monPublic/getCPU');
    const entries = server.core.journal.list({ platform: 'kx', order: 'asc' }).entries;
    expect(entries.map((e) => [e.route, e.verdict?.code ?? null, e.response.status])).toEqual([
      ['POST /connect/api/auth/login', 'login', 200],
      ['POST /connect/api/monPublic/getCPU', 'ok', 200],
      [null, 'signature_mismatch', 401],
      [null, null, 405],
    ]);
    expect(entries[2]!.verdict?.diagnosis).toMatchObject({ deviation: { flags: ['HexSignature'] } });
    expect(server.core.journal.stats()).toMatchObject({ byPlatform: { kx: 4 }, verified: 2, rejected: 1, unverified: 1 });
    const filtered = await request(server.app).get('/__sigkit/journal?platform=kx&code=signature_mismatch');
    expect(filtered.body.entries.map((e: { id: number }) => e.id)).toEqual([entries[2]!.id]);
  });

  it('applies faults to KX paths: a canned answer, latency, a dropped connection; the verdict is still journaled', async () => {
    const sleeps: number[] = [];
    const server = kxServer({ sleep: async (ms) => void sleeps.push(ms) });
    const session = await login(server);
    server.core.faults.add({ path: '/connect/api/monPublic/*', respond: { status: 503, body: { success: false, error: 'maintenance' } }, latencyMs: 250, times: 1 });
    const faulted = await callAnalytic(server, session, 'getMem');
    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual({ success: false, error: 'maintenance' });
    expect(sleeps).toEqual([250]);
    expect(server.core.journal.get(Number(faulted.headers['x-sigkit-journal-id']))).toMatchObject({ fault: { action: 'respond' }, verdict: { code: 'ok' } });
    expect((await callAnalytic(server, session, 'getMem')).status).toBe(200);
    server.core.faults.add({ path: '/connect/api/auth/login', destroy: true, times: 1 });
    const { url } = await server.listen(0, '127.0.0.1');
    try {
      await expect(fetch(`${url}/connect/api/auth/login`, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(server.core.journal.list({ limit: 1 }).entries[0]).toMatchObject({ response: { destroyed: true }, verdict: { code: 'malformed_login' } });
      // A login answered by a fault opens no session.
      expect(server.core.kx.sessions.list()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('checks dates against the server clock, offset included, set through the admin API', async () => {
    const server = kxServer();
    const session = await login(server);
    await request(server.app).put('/__sigkit/clock').set('content-type', 'application/json').send({ offsetSeconds: 1000 }).expect(200);
    expect((await callAnalytic(server, session, 'getCPU')).body.sigkit).toMatchObject({ code: 'clock_skew', serverTime: new Date(NOW + 1_000_000).toISOString() });
    const shifted = await sendSigned(server, signCall(session, { method: 'getCPU', date: new Date(NOW + 1_000_000) }));
    expect(shifted.status).toBe(200);
    // The default range follows the server clock too.
    expect(Date.parse(shifted.body.msg.at(-1).time)).toBe(Math.floor((NOW + 1_000_000) / 60_000) * 60_000);
  });
});

describe('KX admin API', () => {
  it('answers every KX admin route it lists (none is 404 or 405)', async () => {
    const server = kxServer();
    const session = await login(server);
    const kxRoutes = adminRouteSummary(server.core.platforms).slice(ADMIN_ROUTE_SUMMARY.length);
    expect(kxRoutes.length).toBeGreaterThanOrEqual(12);
    const bodies: Record<string, unknown> = {
      'PUT /__sigkit/kx/profile': 'default',
      'POST /__sigkit/kx/users': { username: 'u', password: 'p' },
      'POST /__sigkit/kx/sessions': { username: 'kxSupport' },
      'PUT /__sigkit/kx/analytics/{group}/{method}': { rows: [] },
    };
    // Deleting routes last, one thing before everything, so each finds what it names.
    const rank = (route: string) => (route.startsWith('DELETE') ? (route.includes('{') ? 1 : 2) : 0);
    const ordered = [...kxRoutes].sort(([a], [b]) => rank(a) - rank(b));
    for (const [route] of ordered) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path
        .replace('/__sigkit/kx', '')
        .replace('{sessionId}', session.sessionId)
        .replace('{username}', 'u')
        .replace('{group}/{method}', 'monPublic/getDisk');
      const response = await kxAdmin(server, method.toLowerCase() as 'get', concrete, bodies[route]);
      expect({ route, status: response.status }).toEqual({ route, status: method === 'POST' && !route.endsWith('/expire') ? 201 : 200 });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('indexes the KX platform: profile, limits, servers and counts', async () => {
    const server = kxServer({ kx: { profile: 'Md5Base64', maxRows: 500, servers: ['a', 'b'] } });
    await login(server);
    expect((await kxAdmin(server, 'get', '')).body).toMatchObject({
      profileName: 'Md5Base64', profile: { bodyDigest: 'md5Base64', clockWindowSeconds: 900 }, sessionIdleMinutes: 30, maxSessionsPerUser: 10,
      maxRows: 500, servers: ['a', 'b'], users: 2, sessions: 1, analytics: 5,
    });
    const listed = await kxAdmin(server, 'get', '/sessions?username=kxSupport');
    const sessions = listed.body.sessions;
    // The list masks each sessionId to its last five characters (issue #18): it is the session's key.
    expect(listed.text).not.toMatch(/[0-9a-f]{32}/);
    expect(sessions).toEqual([{ session: expect.stringMatching(/^\[redacted sessionId …[0-9a-f]{5}\]$/), username: 'kxSupport', createdAt: new Date(NOW).toISOString(), lastUsedAt: new Date(NOW).toISOString(), expiresAt: new Date(NOW + 30 * 60_000).toISOString(), expired: false }]);
  });

  it('opens a session without a password for tests, and refuses unknown users', async () => {
    const server = kxServer();
    const opened = await kxAdmin(server, 'post', '/sessions', { username: 'Administrator' });
    expect(opened.status).toBe(201);
    const session = { username: 'Administrator', sessionId: opened.body.session.sessionId as string };
    expect((await callAnalytic(server, session, 'getCPU')).status).toBe(200);
    expect((await kxAdmin(server, 'post', '/sessions', { username: 'nobody' })).status).toBe(404);
    expect((await kxAdmin(server, 'post', '/sessions', { user: 'x' })).status).toBe(400);
  });

  it('resets users, sessions, profile and admin tables to the startup state', async () => {
    const server = kxServer();
    const session = await login(server);
    await kxAdmin(server, 'post', '/users', { username: 'temp', password: 'p' });
    await kxAdmin(server, 'put', '/profile', 'NoSeparator');
    await request(server.app).post('/__sigkit/reset').expect(200);
    expect((await kxAdmin(server, 'get', '')).body).toMatchObject({ profileName: 'default', users: 2, sessions: 0 });
    expect((await callAnalytic(server, session, 'getCPU')).body.sigkit.code).toBe('unknown_session');
  });
});

describe('KX bad input never yields a 5xx', () => {
  it('answers any body, Authorization and path under /connect/api with JSON and a 2xx or 4xx, and journals each', async () => {
    const server = kxServer();
    const session = await login(server);
    const valid = signCall(session, { method: 'getCPU' });
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constant(valid.body),
      fc.record({ type: fc.string(), msg: fc.anything(), id: fc.anything(), date: fc.oneof(fc.string(), fc.constant(valid.body.match(/"date":"([^"]+)"/)![1]!)) }).map((o) => JSON.stringify(o)),
    );
    const authorizations = fc.oneof(fc.constant(valid.headers.Authorization), fc.string({ maxLength: 60 }).filter((s) => !/[\r\n\0]/.test(s) && /^[\x20-\x7e]*$/.test(s)), fc.constant(undefined));
    const paths = fc.constantFrom('/connect/api/monPublic/getCPU', '/connect/api/auth/login', '/connect/api/auth/logout', '/connect/api/x', '/connect/api/%zz/y', '/connect/api/monPublic/getMemBucket');
    let sent = 1;
    await fc.assert(
      fc.asyncProperty(bodies, authorizations, paths, async (body, authorization, path) => {
        const response = await post(server, path, { 'content-type': 'application/json', authorization }, body);
        sent += 1;
        expect(response.status).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(typeof response.body).toBe('object');
        expect(response.body.success === true || typeof response.body.error === 'string').toBe(true);
      }),
      { numRuns: 150, seed: 4 },
    );
    expect(server.core.journal.stats().requests).toBe(sent);
    expect(server.core.journal.stats().errors).toBe(0);
  });

  it('does the same for a mock reading the date from a Date header', async () => {
    const server = kxServer({ kx: { profile: 'DateHeader' } });
    const session = await login(server);
    const identity = `${session.username}${session.sessionId.slice(-5)}`;
    const printable = fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
    await fc.assert(
      fc.asyncProperty(printable, fc.oneof(fc.json(), printable), async (date, body) => {
        const response = await post(server, '/connect/api/monPublic/getCPU', { 'content-type': 'application/json', authorization: `${identity}:c2ln`, date }, body);
        expect(response.status).toBe(401);
        expect(typeof response.body.sigkit.code).toBe('string');
      }),
      { numRuns: 100, seed: 9 },
    );
    expect(server.core.journal.stats().errors).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { KxParamError, type KxAnalyticContext } from '../src/index.js';
import { callAnalytic, kxAdmin, kxServer, login, NOW } from './kxHelpers.js';

describe('registering analytics to simulate a deployment', () => {
  it('serves an analytic registered from code, with the call\'s parameters, user, server time and seed', async () => {
    const server = kxServer({ seed: 11 });
    const seen: KxAnalyticContext[] = [];
    const listing = server.core.kx.registerAnalytic('trade', 'getVwap', (context) => {
      seen.push(context);
      if (typeof context.params.sym !== 'string') throw new KxParamError('sym', 'is required, e.g. "AAPL"');
      return [{ sym: context.params.sym, vwap: 187.25 }];
    }, { description: 'volume-weighted average price', params: ['sym'], columns: ['sym', 'vwap'] });
    expect(listing).toMatchObject({ group: 'trade', method: 'getVwap', source: 'code', params: ['sym'] });
    const session = await login(server);
    const answer = await callAnalytic(server, session, 'getVwap', { sym: 'AAPL' }, 'trade');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: 'getVwapResp', success: true, msg: [{ sym: 'AAPL', vwap: 187.25 }] });
    expect(seen[0]).toMatchObject({ group: 'trade', method: 'getVwap', params: { sym: 'AAPL' }, username: 'kxSupport', now: NOW, seed: 11 });
    const bad = await callAnalytic(server, session, 'getVwap', {}, 'trade');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'getVwapResp', success: false, error: 'sym is required, e.g. "AAPL"', msg: [] });
    expect((await kxAdmin(server, 'get', '/analytics')).body.analytics.map((a: { group: string; method: string }) => `${a.group}.${a.method}`)).toContain('trade.getVwap');
  });

  it('awaits an async analytic, lets one replace a built-in, and keeps code registrations across reset', async () => {
    const server = kxServer();
    server.core.kx.registerAnalytic('monPublic', 'getMem', async () => [{ replaced: true }]);
    server.core.reset();
    const session = await login(server);
    expect((await callAnalytic(server, session, 'getMem')).body.msg).toEqual([{ replaced: true }]);
  });

  it('journals a broken analytic as a failure of the mock (500), not of the client, and keeps serving', async () => {
    const server = kxServer();
    server.core.kx.registerAnalytic('ops', 'broken', () => {
      throw new Error('division by zero');
    });
    server.core.kx.registerAnalytic('ops', 'notRows', () => 42 as never);
    const session = await login(server);
    const broken = await callAnalytic(server, session, 'broken', {}, 'ops');
    expect(broken.status).toBe(500);
    expect(server.core.journal.get(Number(broken.headers['x-sigkit-journal-id']))?.error).toBe('Error: division by zero');
    expect((await callAnalytic(server, session, 'notRows', {}, 'ops')).status).toBe(500);
    expect((await callAnalytic(server, session, 'getCPU')).status).toBe(200);
  });

  it('refuses to register under an unusable name or the reserved auth group', () => {
    const server = kxServer();
    expect(() => server.core.kx.registerAnalytic('auth', 'whoami', () => [])).toThrow('analytic.group "auth" is reserved for login and logout');
    expect(() => server.core.kx.registerAnalytic('mon/Public', 'x', () => [])).toThrow(/analytic\.group must be one path segment/);
    expect(() => server.core.kx.registerAnalytic('ops', '', () => [])).toThrow(/analytic\.method must be one path segment/);
  });

  it('serves static tables from the config, narrowed by time range and syms when asked', async () => {
    const rows = [
      { time: '2025-03-14T14:00:00Z', sym: 'a', depth: 1 },
      { time: '2025-03-14T14:30:00Z', sym: 'b', depth: 2 },
      { time: '2025-03-14T15:00:00Z', sym: 'a', depth: 3 },
    ];
    const server = kxServer({ kx: { analytics: [{ group: 'book', method: 'getDepth', rows, description: 'order book depth' }] } });
    const session = await login(server);
    const call = (params: Record<string, unknown>) => callAnalytic(server, session, 'getDepth', params, 'book');
    expect((await call({})).body.msg).toEqual(rows);
    expect((await call({ syms: ['a'] })).body.msg).toEqual([rows[0], rows[2]]);
    expect((await call({ startTime: '2025-03-14T14:15:00Z' })).body.msg).toEqual([rows[1], rows[2]]);
    expect((await call({ startTime: '2025-03-14T14:00:00Z', endTime: '2025-03-14T14:30:00Z', syms: 'b' })).body.msg).toEqual([rows[1]]);
    expect((await call({ startTime: 'soon' })).status).toBe(400);
    const listing = (await kxAdmin(server, 'get', '/analytics')).body.analytics.find((a: { method: string }) => a.method === 'getDepth');
    expect(listing).toMatchObject({ group: 'book', source: 'config', description: 'order book depth', columns: ['time', 'sym', 'depth'] });
  });

  it('rejects unusable config tables with one line', () => {
    expect(() => kxServer({ kx: { analytics: [{ group: 'auth', method: 'x', rows: [] }] } })).toThrow('options.kx.analytics[0].group "auth" is reserved for login and logout');
    expect(() => kxServer({ kx: { analytics: [{ group: 'g', method: 'm', rows: [1] as never }] } })).toThrow('options.kx.analytics[0].rows must be an array of row objects');
  });

  it('adds and withdraws tables through the admin API until reset', async () => {
    const server = kxServer();
    const session = await login(server);
    const put = await kxAdmin(server, 'put', '/analytics/ops/getStatus', { rows: [{ up: true }] });
    expect(put.status).toBe(200);
    expect(put.body.analytic).toMatchObject({ group: 'ops', method: 'getStatus', source: 'admin' });
    expect((await callAnalytic(server, session, 'getStatus', {}, 'ops')).body.msg).toEqual([{ up: true }]);
    expect((await kxAdmin(server, 'delete', '/analytics/monPublic/getDisk')).body).toEqual({ removed: 'monPublic.getDisk' });
    expect((await callAnalytic(server, session, 'getDisk')).status).toBe(404);
    expect((await kxAdmin(server, 'put', '/analytics/auth/x', { rows: [] })).status).toBe(400);
    expect((await kxAdmin(server, 'delete', '/analytics/ops/nothing')).status).toBe(404);
    server.core.reset();
    const again = await login(server);
    expect((await callAnalytic(server, again, 'getStatus', {}, 'ops')).status).toBe(404);
    expect((await callAnalytic(server, again, 'getDisk')).status).toBe(200);
  });
});

describe('users from config and the admin API', () => {
  it('adds a user limited to some groups, lists users without passwords, and ends sessions of a removed user', async () => {
    const server = kxServer();
    const created = await kxAdmin(server, 'post', '/users', { username: 'ops', password: 'pw', groups: ['monPublic'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ user: { username: 'ops', groups: ['monPublic'] } });
    const users = (await kxAdmin(server, 'get', '/users')).body.users;
    expect(users).toEqual([{ username: 'kxSupport', groups: null }, { username: 'Administrator', groups: null }, { username: 'ops', groups: ['monPublic'] }]);
    expect(JSON.stringify(users)).not.toContain('12345678');
    const ops = await login(server, { username: 'ops', password: 'pw' });
    expect((await callAnalytic(server, ops, 'getCPU')).status).toBe(200);
    expect((await kxAdmin(server, 'delete', '/users/ops')).body).toEqual({ removed: 'ops', sessionsEnded: 1 });
    expect((await callAnalytic(server, ops, 'getCPU')).body.sigkit.code).toBe('unknown_session');
    for (const bad of [{ username: 'x' }, { username: ' lead', password: 'p' }, { username: 'a', password: 'p', groups: 'monPublic' }, { username: 'a', password: 'p', role: 'x' }]) {
      expect((await kxAdmin(server, 'post', '/users', bad)).status).toBe(400);
    }
  });

  it('validates users in the config with one line naming the entry', () => {
    expect(() => kxServer({ kx: { users: [{ username: 'a' } as never] } })).toThrow('options.kx.users[0].password is required');
    expect(() => kxServer({ kx: { users: [{ username: 'a', password: 'p', groups: ['a/b'] }] } })).toThrow(/options\.kx\.users\[0\]\.groups must be an array of analytic group names/);
  });
});

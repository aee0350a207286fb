/** Issue #18, lost or hidden writes: no two uids collide, no field name is dropped, and a cap that drops data says so. */
import { describe, expect, it } from 'vitest';
import { EVICTED_HEADER } from '../src/core/index.js';
import { API, call, NOW, testServer } from './helpers.js';
import { kxServer, login } from './kxHelpers.js';

const registration = (server: ReturnType<typeof testServer>, fields: Record<string, unknown>) =>
  call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ gatewayHid: server.core.state.xconnect.gateways()[0]!.hid, name: 'n', ...fields }) });

describe('xConnect writes', () => {
  it('refuses a uid with a lone surrogate with a 400 instead of letting two such uids overwrite each other', async () => {
    const server = testServer();
    const devices = server.core.state.xconnect.devices().length;
    for (const uid of ['dev-\ud800', 'dev-\udfff', '\udc00']) {
      const answer = await registration(server, { uid });
      expect(answer.status, JSON.stringify(uid)).toBe(400);
      expect(answer.body.message).toMatch(/uid is not valid Unicode/);
    }
    expect(server.core.state.xconnect.devices().length).toBe(devices);
    // A well-formed pair is fine, and distinct from another pair.
    const a = await registration(server, { uid: 'dev-\u{1F600}' });
    const b = await registration(server, { uid: 'dev-\u{1F601}' });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.hid).not.toBe(b.body.hid);
    expect((await registration(server, { uid: 'x', info: { ['\ud800']: 'v' } })).status).toBe(400);
  });

  it('stores __proto__ and constructor keys of info and properties as data, on creation and on update', async () => {
    const server = testServer();
    const created = await call(server, {
      method: 'POST',
      path: `${API}/devices`,
      body: `{"uid":"proto-1","gatewayHid":"${server.core.state.xconnect.gateways()[0]!.hid}","info":{"__proto__":"a","constructor":"b"},"properties":{"__proto__":"c"}}`,
    });
    expect(created.status).toBe(200);
    const read = await call(server, { method: 'GET', path: `${API}/devices/${created.body.hid}` });
    expect(read.text).toContain('"info":{"__proto__":"a","constructor":"b"}');
    expect(read.text).toContain('"properties":{"__proto__":"c"}');
    await call(server, { method: 'POST', path: `${API}/devices`, body: '{"uid":"proto-1","info":{"__proto__":"z","toString":"t"}}' });
    const updated = await call(server, { method: 'GET', path: `${API}/devices/${created.body.hid}` });
    expect(JSON.parse(updated.text).info).toEqual(JSON.parse('{"__proto__":"z","constructor":"b","toString":"t"}'));
    // Nothing leaked into any prototype.
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('says on the answer (and so in the journal) when posted telemetry drops older items at the cap', async () => {
    const server = testServer({ limits: { maxPostedTelemetry: 2 } });
    const hid = server.core.state.xconnect.devices()[0]!.hid;
    const post = (offset: number) =>
      call(server, { method: 'POST', path: `${API}/telemetries/devices/${hid}`, body: JSON.stringify({ '_|deviceHid': hid, '_|timestamp': String(NOW - offset), 'i|count': '1' }) });
    expect((await post(3000)).headers[EVICTED_HEADER]).toBeUndefined();
    expect((await post(2000)).headers[EVICTED_HEADER]).toBeUndefined();
    const third = await post(1000);
    expect(third.status).toBe(200);
    expect(third.headers[EVICTED_HEADER]).toMatch(/^1 oldest posted telemetry item\(s\) dropped: the mock keeps 2/);
    const entry = server.core.journal.get(Number(third.headers['x-sigkit-journal-id']))!;
    expect(entry.response.headers[EVICTED_HEADER]).toBe(third.headers[EVICTED_HEADER]);
    const stats = (await server.core.handle({ method: 'GET', target: '/__sigkit/stats', headers: {}, body: new Uint8Array() })) as unknown as { body: { dropped: unknown } };
    expect(stats.body.dropped).toEqual({ kxSessions: 0, postedTelemetry: 1 });
  });
});

describe('KX sessions', () => {
  it('says on the login that evicts a session at the per-user cap, and not before', async () => {
    const server = kxServer({ kx: { maxSessionsPerUser: 2 } });
    const first = await login(server);
    const second = await login(server);
    expect(first.response.headers[EVICTED_HEADER]).toBeUndefined();
    expect(second.response.headers[EVICTED_HEADER]).toBeUndefined();
    const third = await login(server);
    expect(third.response.headers[EVICTED_HEADER]).toBe('1 older session(s) of kxSupport ended: the mock keeps 2 per user (kx.maxSessionsPerUser)');
    const entry = server.core.journal.get(Number(third.response.headers['x-sigkit-journal-id']))!;
    expect(entry.response.headers[EVICTED_HEADER]).toBeDefined();
    // The stats count what the caps dropped, from the last reset.
    const stats = async () => (await server.core.handle({ method: 'GET', target: '/__sigkit/stats', headers: {}, body: new Uint8Array() })) as unknown as { body: { dropped: unknown } };
    expect((await stats()).body.dropped).toEqual({ kxSessions: 1, postedTelemetry: 0 });
    server.core.reset();
    expect((await stats()).body.dropped).toEqual({ kxSessions: 0, postedTelemetry: 0 });
  });
});

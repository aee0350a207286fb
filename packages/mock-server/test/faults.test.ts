import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { admin, API, call, testServer } from './helpers.js';

describe('faults', () => {
  it('answers a given status and body to matching requests only', async () => {
    const server = testServer();
    const added = await admin(server, 'post', '/faults', { method: 'GET', path: `${API}/devices/*`, respond: { status: 503, body: { message: 'maintenance' }, headers: { 'retry-after': '5' } } });
    expect(added.status).toBe(201);
    const hid = server.core.state.xconnect.devices()[0]!.hid;
    const faulted = await call(server, { method: 'GET', path: `${API}/devices/${hid}` });
    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual({ message: 'maintenance' });
    expect(faulted.headers['retry-after']).toBe('5');
    expect((await call(server, { method: 'GET', path: `${API}/devices` })).status).toBe(200);
    expect((await call(server, { method: 'POST', path: `${API}/devices/${hid}`, body: '{}' })).status).toBe(405);
    const entry = server.core.journal.get(Number(faulted.headers['x-sigkit-journal-id']));
    expect(entry).toMatchObject({ fault: { id: added.body.fault.id, action: 'respond' }, verdict: { ok: true } });
  });

  it('adds latency before the real answer', async () => {
    const waits: number[] = [];
    const server = testServer({ sleep: async (ms) => void waits.push(ms) });
    await admin(server, 'post', '/faults', { path: `${API}/gateways`, latencyMs: 1500 });
    const response = await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(response.status).toBe(200);
    expect(waits).toEqual([1500]);
    expect(server.core.journal.get(1)?.fault).toMatchObject({ action: 'latency', latencyMs: 1500 });
  });

  it('really waits with the default timer', async () => {
    const server = testServer();
    await admin(server, 'post', '/faults', { latencyMs: 40 });
    await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(server.core.journal.get(1)!.durationMs).toBeGreaterThanOrEqual(39);
  });

  it('closes the connection without an answer, and journals it', async () => {
    const server = testServer();
    await admin(server, 'post', '/faults', { destroy: true, times: 1 });
    await expect(call(server, { method: 'GET', path: `${API}/gateways` })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.core.journal.get(1)?.response).toMatchObject({ status: null, destroyed: true });
    expect((await call(server, { method: 'GET', path: `${API}/gateways` })).status).toBe(200);
    expect((await admin(server, 'get', '/stats')).body).toMatchObject({ destroyed: 1, faulted: 1, byStatus: { destroyed: 1, '200': 1 } });
  });

  it('applies to the next N matching requests only', async () => {
    const server = testServer();
    await admin(server, 'post', '/faults', { respond: { status: 500 }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(server, { method: 'GET', path: `${API}/gateways` })).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect((await admin(server, 'get', '/faults')).body.faults[0]).toMatchObject({ applied: 2, remaining: 0 });
  });

  it('applies to a fraction of requests, the same ones for the same seed', async () => {
    const run = async () => {
      const server = testServer({ seed: 11, faults: [{ respond: { status: 502 }, fraction: 0.3 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i += 1) statuses.push((await request(server.app).get('/anything')).status);
      return statuses;
    };
    const first = await run();
    const faulted = first.filter((s) => s === 502).length;
    expect(faulted).toBeGreaterThan(6);
    expect(faulted).toBeLessThan(32);
    expect(first.filter((s) => s !== 502).every((s) => s === 404)).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('lists, replaces and removes rules, and rejects unusable ones', async () => {
    const server = testServer();
    const replaced = await admin(server, 'put', '/faults', [{ latencyMs: 1 }, { destroy: true, method: 'DELETE' }]);
    expect(replaced.body.faults.map((f: { id: string }) => f.id)).toEqual(['fault-1', 'fault-2']);
    expect((await admin(server, 'delete', '/faults/fault-1')).body).toEqual({ removed: 'fault-1' });
    expect((await admin(server, 'delete', '/faults/fault-1')).status).toBe(404);
    expect((await admin(server, 'delete', '/faults')).body).toEqual({ cleared: 1 });
    const bad = await admin(server, 'post', '/faults', { respond: { status: 700 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ status: 400, error: 'bad_request', message: 'fault.respond.status must be an integer from 200 to 599, got 700' });
    expect((await admin(server, 'put', '/faults', { latencyMs: 1 })).body.message).toBe('PUT /__sigkit/faults takes a JSON array of fault rules');
  });
});

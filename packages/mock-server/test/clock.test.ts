import { describe, expect, it } from 'vitest';
import { admin, API, call, NOW, testServer } from './helpers.js';

describe('server clock', () => {
  it('simulates a skewed server with an offset, set at start or through the admin API', async () => {
    const server = testServer({ clockOffsetSeconds: 900 });
    const onTime = await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(onTime.body.sigkit).toMatchObject({ code: 'clock_skew', provided: { skewSeconds: 900 } });
    expect(onTime.body.sigkit.message).toContain('900 s behind the server clock');
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, timestamp: new Date(NOW + 900_000) })).status).toBe(200);

    const state = await admin(server, 'put', '/clock', { offsetSeconds: -30 });
    expect(state.body).toMatchObject({ offsetMs: -30_000, windowSeconds: 600, now: new Date(NOW - 30_000).toISOString(), realNow: new Date(NOW).toISOString() });
    expect((await call(server, { method: 'GET', path: `${API}/gateways` })).status).toBe(200);
  });

  it('uses a configurable window', async () => {
    const server = testServer({ clockWindowSeconds: 30 });
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, timestamp: new Date(NOW - 31_000) })).body.sigkit.code).toBe('clock_skew');
    await admin(server, 'put', '/clock', { windowSeconds: 60 });
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, timestamp: new Date(NOW - 31_000) })).status).toBe(200);
    expect((await admin(server, 'get', '/clock')).body.windowSeconds).toBe(60);
  });

  it('rejects unusable clock settings', async () => {
    const server = testServer();
    expect((await admin(server, 'put', '/clock', { offsetSeconds: 1, offsetMs: 1000 })).body.message).toBe('clock takes offsetSeconds or offsetMs, not both');
    expect((await admin(server, 'put', '/clock', { windowSeconds: 0 })).status).toBe(400);
    expect((await admin(server, 'put', '/clock', { offset: 5 })).body.message).toMatch(/unknown field "offset"/);
  });
});

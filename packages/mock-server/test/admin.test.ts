import { createHash } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { adminRouteSummary, ADMIN_ROUTE_SUMMARY } from '../src/index.js';
import { admin, API, API_KEY, call, SECRET_KEY, testServer } from './helpers.js';

describe('admin API', () => {
  it('indexes itself: profile, seed, platforms and every admin route', async () => {
    const server = testServer({ seed: 9, profile: 'moonstone' });
    const index = (await admin(server, 'get', '')).body;
    expect(index).toMatchObject({ profile: 'moonstone', seed: 9, platforms: [{ name: 'xconnect', prefix: API }, { name: 'kx', prefix: '/connect/api', profileName: 'default' }] });
    // The core's routes, then those of the KX platform under /__sigkit/kx.
    const routes = index.admin.map((r: { route: string }) => r.route);
    expect(routes.slice(0, ADMIN_ROUTE_SUMMARY.length)).toEqual(ADMIN_ROUTE_SUMMARY.map(([route]) => route));
    expect(routes.slice(ADMIN_ROUTE_SUMMARY.length).length).toBeGreaterThan(0);
    expect(routes.slice(ADMIN_ROUTE_SUMMARY.length).every((r: string) => / \/__sigkit\/kx(\/|$)/.test(r))).toBe(true);
    expect(routes).toEqual(adminRouteSummary(server.core.platforms).map(([route]) => route));
  });

  it('answers every documented admin route (none is 404 or 405)', async () => {
    const server = testServer();
    for (const [route] of ADMIN_ROUTE_SUMMARY) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace('/__sigkit', '').replace('{id}', '1').replace('{apiKey}', API_KEY);
      const body = method === 'PUT' && concrete === '/faults' ? [] : method === 'POST' && concrete === '/faults' ? { latencyMs: 1 } : method === 'PUT' || method === 'PATCH' || method === 'POST' ? {} : undefined;
      const response = await admin(server, method.toLowerCase() as 'get', concrete, body);
      expect({ route, status: response.status }).not.toMatchObject({ status: 405 });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      if (!route.includes('{')) expect({ route, status: response.status }).toEqual({ route, status: method === 'POST' && concrete !== '/reset' ? 201 : 200 });
    }
  });

  it('lists, adds, updates and removes credentials', async () => {
    const server = testServer();
    expect((await admin(server, 'get', '/credentials')).body.credentials.map((c: { apiKey: string }) => c.apiKey)).toEqual([API_KEY]);
    const added = (await admin(server, 'post', '/credentials', { label: 'generated', signingRequired: false })).body.credential;
    expect(added).toMatchObject({ apiKey: expect.stringMatching(/^[0-9a-f]{64}$/), label: 'generated', signingRequired: false, expired: false, disabled: false });
    const patched = await admin(server, 'patch', `/credentials/${added.apiKey}`, { disabled: true });
    expect(patched.body.credential).toMatchObject({ apiKey: added.apiKey, disabled: true, signingRequired: false });
    expect((await admin(server, 'patch', '/credentials/unknown', { disabled: true })).status).toBe(404);
    expect((await admin(server, 'post', '/credentials', { apiKey: 'a b' })).body.message).toMatch(/without spaces/);
    expect((await admin(server, 'delete', `/credentials/${added.apiKey}`)).body).toEqual({ removed: added.apiKey });
    expect((await admin(server, 'delete', `/credentials/${added.apiKey}`)).status).toBe(404);
  });

  it('shows a secret key once, to the POST that created it, and otherwise only its fingerprint (issue #18)', async () => {
    const server = testServer({ credentials: [{ apiKey: API_KEY, secretKey: SECRET_KEY, authToken: 'tok-listed-secret' }] });
    const fingerprint = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
    const listed = await admin(server, 'get', '/credentials');
    expect(listed.body.credentials).toEqual([
      { apiKey: API_KEY, secretFingerprint: fingerprint(SECRET_KEY), signingRequired: true, expired: false, disabled: false, companyDisabled: false,
        companyMissing: false, companyId: null, companyName: null, authTokenFingerprint: fingerprint('tok-listed-secret'), label: null },
    ]);
    const generated = (await admin(server, 'post', '/credentials', { label: 'generated' })).body.credential;
    const given = (await admin(server, 'post', '/credentials', { apiKey: 'given', secretKey: 'given-secret-value' })).body.credential;
    expect(atob(generated.secretKey)).toHaveLength(64);
    expect(generated.secretFingerprint).toBe(fingerprint(generated.secretKey));
    expect(given).toMatchObject({ apiKey: 'given', secretKey: 'given-secret-value', secretFingerprint: fingerprint('given-secret-value') });
    const patched = await admin(server, 'patch', '/credentials/given', { secretKey: 'patched-secret-value', expired: true });
    expect(patched.body.credential).toMatchObject({ secretFingerprint: fingerprint('patched-secret-value'), expired: true });
    const texts = [(await admin(server, 'get', '/credentials')).text, patched.text, (await admin(server, 'get', '')).text];
    for (const text of texts) {
      for (const secret of [SECRET_KEY, 'tok-listed-secret', generated.secretKey, 'given-secret-value', 'patched-secret-value']) expect(text).not.toContain(secret);
      expect(text).not.toContain('"secretKey"');
    }
  });

  it('resets data, credentials, faults, clock and journal to the startup state', async () => {
    const server = testServer({ faults: [{ path: '/never', latencyMs: 1 }] });
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const created = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ uid: 'temp', gatewayHid }) });
    await admin(server, 'post', '/credentials', { apiKey: 'extra', secretKey: 'x' });
    await admin(server, 'post', '/faults', { destroy: true, path: '/x' });
    await admin(server, 'put', '/clock', { offsetSeconds: 60 });
    const reset = await admin(server, 'post', '/reset');
    expect(reset.body).toMatchObject({ reset: true, credentials: 1, faults: 1, clock: { offsetMs: 0 } });
    expect((await call(server, { method: 'GET', path: `${API}/devices/${created.body.hid}` })).body.message).toBe('device not found');
    expect((await admin(server, 'get', '/stats')).body.requests).toBe(1);
  });

  it('answers unknown admin routes, wrong methods and bad bodies with JSON errors', async () => {
    const server = testServer();
    expect((await admin(server, 'get', '/nope')).body).toEqual({ status: 404, error: 'not_found', message: 'no admin route GET /__sigkit/nope; GET /__sigkit lists them' });
    const wrong = await admin(server, 'put', '/journal', {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS');
    const malformed = await request(server.app).post('/__sigkit/credentials').set('content-type', 'application/json').send('{"apiKey":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^malformed JSON body/);
  });
});

/** Issue #18, exposure: the admin API is not open to the network, to other sites' pages, or to rebound DNS names. */
import { afterEach, describe, expect, it } from 'vitest';
import { createMockCore, isLoopbackHost, type MockCore, type MockRequestHeaders } from '../src/core/index.js';
import { createNodeMockServer, type MockHttpServer } from '../src/node/index.js';
import { createHandlers } from '../src/msw/index.js';

const TOKEN = 'test-admin-token-0123456789abcdef';

async function admin(core: MockCore, method: string, target: string, headers: MockRequestHeaders = {}, body = '') {
  const response = await core.handle({ method, target, headers, body: new TextEncoder().encode(body) });
  if (response.kind !== 'response') throw new Error('admin API dropped the connection');
  return { status: response.status, body: response.body as Record<string, unknown>, headers: response.headers };
}

describe('admin API on loopback (the default)', () => {
  it('stays open to loopback Hosts and in-process callers without a token, as before', async () => {
    const core = createMockCore();
    for (const host of [undefined, '127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'app.localhost']) {
      const headers = host === undefined ? {} : { host };
      expect((await admin(core, 'GET', '/__sigkit/credentials', headers)).status, String(host)).toBe(200);
    }
    expect((await admin(core, 'POST', '/__sigkit/reset', { host: '127.0.0.1:8080' })).status).toBe(200);
    expect((await admin(core, 'POST', '/__sigkit/faults', { host: '127.0.0.1', 'content-type': 'application/json' }, '{"path":"/x","respond":{"status":503}}')).status).toBe(201);
  });

  it('refuses a Host that is neither loopback nor allowed (DNS rebinding) with a 403 JSON, page included', async () => {
    const core = createMockCore();
    for (const target of ['/__sigkit/credentials', '/__sigkit/journal', '/__sigkit/ui', '/__sigkit/events']) {
      const answer = await admin(core, 'GET', target, { host: 'attacker.example:8080' });
      expect(answer.status, target).toBe(403);
      expect(answer.body).toMatchObject({ error: 'forbidden_host' });
    }
    const allowed = createMockCore({ allowedHosts: ['mock.internal'] });
    expect((await admin(allowed, 'GET', '/__sigkit/credentials', { host: 'mock.internal:8080' })).status).toBe(200);
    expect((await admin(allowed, 'GET', '/__sigkit/credentials', { host: 'attacker.example' })).status).toBe(403);
  });

  it('refuses state changes from another site, and CORS-simple bodies, before they run', async () => {
    const core = createMockCore();
    const before = core.faults.list().length;
    await admin(core, 'POST', '/__sigkit/faults', { 'content-type': 'application/json' }, '{"path":"/x","respond":{"status":503}}');
    expect(core.faults.list().length).toBe(before + 1);
    const foreign = await admin(core, 'POST', '/__sigkit/reset', { host: '127.0.0.1:8080', origin: 'https://attacker.example', 'content-type': 'text/plain' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: 'forbidden_origin' });
    expect((await admin(core, 'DELETE', '/__sigkit/faults', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const simple = await admin(core, 'POST', '/__sigkit/reset', { host: '127.0.0.1:8080', 'content-type': type }, '{}');
      expect(simple.status, type).toBe(415);
    }
    // Nothing of the refused requests ran: the fault added first is still there.
    expect(core.faults.list().length).toBe(before + 1);
    // A page of the mock's own origin (the inspector) and a listed CORS origin may write.
    expect((await admin(core, 'DELETE', '/__sigkit/journal', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).status).toBe(200);
    const cors = createMockCore({ cors: ['http://localhost:5173', 'https://app.example'] });
    expect((await admin(cors, 'DELETE', '/__sigkit/journal', { origin: 'https://app.example' })).status).toBe(200);
    // Reading stays possible cross-site only as CORS allows it; a GET changes nothing.
    expect((await admin(core, 'GET', '/__sigkit/stats', { origin: 'https://attacker.example' })).status).toBe(200);
  });

  it('requires the token on every admin route once one is set, compared whole', async () => {
    const core = createMockCore({ adminToken: TOKEN });
    const none = await admin(core, 'GET', '/__sigkit/credentials', { host: '127.0.0.1:8080' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.stringify(none.body)).not.toContain('secretKey');
    expect((await admin(core, 'GET', '/__sigkit/credentials', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` })).status).toBe(401);
    expect((await admin(core, 'GET', '/__sigkit/credentials', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await admin(core, 'POST', '/__sigkit/reset', { 'x-sigkit-admin-token': TOKEN })).status).toBe(200);
    expect(() => createMockCore({ adminToken: 'short' })).toThrow(/adminToken must be 16 to 512/);
  });

  it('answers MSW requests under its baseUrl host', async () => {
    const handlers = createHandlers({ baseUrl: 'http://kx.test' });
    expect((await admin(handlers.core, 'GET', '/__sigkit/stats', { host: 'kx.test' })).status).toBe(200);
    expect((await admin(handlers.core, 'GET', '/__sigkit/stats', { host: 'other.test' })).status).toBe(403);
  });

  it('knows loopback names and addresses', () => {
    for (const host of ['localhost', 'LOCALHOST:80', 'a.localhost', '127.0.0.1', '127.9.8.7:1', '::1', '[::1]:8080', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'localhost.attacker.example', '127.0.0.1.nip.io', '::', '']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('admin API over a non-loopback bind', () => {
  let server: MockHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('generates a token, requires it over the network, and keeps the bound address as an allowed Host', async () => {
    server = createNodeMockServer();
    const address = await server.listen(0, '0.0.0.0');
    expect(address.exposure?.generated).toBe(true);
    const token = address.exposure!.adminToken;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const base = `http://127.0.0.1:${address.port}`;
    const open = await fetch(`${base}/__sigkit/credentials`);
    expect(open.status).toBe(401);
    expect(await open.text()).not.toContain('ARAzUzRz');
    const authorised = await fetch(`${base}/__sigkit/credentials`, { headers: { authorization: `Bearer ${token}` } });
    expect(authorised.status).toBe(200);
    // The platforms themselves need no admin token.
    expect((await fetch(`${base}/api/v1/kronos/devices`)).status).toBe(401);
    // The inspector page opened with the token sets a same-site cookie its own requests then carry.
    expect((await fetch(`${base}/__sigkit/ui?token=wrong-token-0123456789`)).status).toBe(401);
    const page = await fetch(`${base}/__sigkit/ui?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sigkit_admin_token=[^;]+; Path=\/__sigkit; HttpOnly; SameSite=Strict$/);
    expect((await fetch(`${base}/__sigkit/stats`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it('uses the given token and does not generate one; loopback binds get none', async () => {
    server = createNodeMockServer({ adminToken: TOKEN });
    expect((await server.listen(0, '0.0.0.0')).exposure).toEqual({ adminToken: TOKEN, generated: false });
    await server.close();
    server = createNodeMockServer();
    const address = await server.listen(0, '127.0.0.1');
    expect(address.exposure).toBeUndefined();
    expect((await fetch(`${address.url}/__sigkit/credentials`)).status).toBe(200);
  });
});

/**
 * The strict profile on the platform's edges (docs/spec/xconnect.md §3b): it answers as it always
 * did, never with a 5xx, and says in `sigkit.platformWouldDiffer` (and the
 * `x-sigkit-platform-would-differ` header) what the real platform would have answered instead.
 */
import { describe, expect, it } from 'vitest';
import type { MockResponse } from '../src/index.js';
import { API, API_KEY, NOW, call, send, sign, testServer } from './helpers.js';
import { platformHeaders } from './platformSigning.js';

const ISO_NOW = new Date(NOW).toISOString();
const HEADER = 'x-sigkit-platform-would-differ';

async function handle(server: ReturnType<typeof testServer>, method: string, target: string, headers: Record<string, string> = {}) {
  const response = (await server.core.handle({ method, target, headers: { host: 'mock.test', ...headers }, body: new Uint8Array() })) as Extract<MockResponse, { kind: 'response' }>;
  return { response, entry: server.core.journal.list({ limit: 1 }).entries[0]! };
}

describe('strict: where the platform would have answered differently', () => {
  const server = testServer();
  const path = `${API}/gateways`;

  it.each([
    ['a ";" in the path', 'GET', `${API}/devices;jsessionid=1`, 500, 'firewall', 'firewall_rejected'],
    ['an encoded "/"', 'GET', `${API}/devices/a%2Fb`, 500, 'firewall', 'firewall_rejected'],
    ['a dot segment', 'GET', `${API}/gateways/../devices`, 500, 'firewall', 'firewall_rejected'],
    ['a lower-case method', 'get', `${API}/devices`, 500, 'method', 'unknown_method'],
    ['an unknown method', 'PROPFIND', `${API}/devices`, 500, 'method', 'unknown_method'],
    ['a raw "', 'GET', `${API}/devices?name="x"`, 400, 'container', 'container_rejected'],
    ['a malformed escape in the path', 'GET', `${API}/devices/%zz`, 400, 'container', 'container_rejected'],
    ['/WEB-INF/', 'GET', '/WEB-INF/web.xml', 404, 'container', 'container_rejected'],
    ['/logout', 'GET', '/logout', 302, 'logout', 'logout_redirect'],
  ])('%s: strict never answers 5xx, and names the platform\'s %s', async (_what, method, target, status, layer, code) => {
    const signed = platformHeaders({ method: method.toUpperCase(), path: target.split('?')[0]!, timestamp: ISO_NOW, version: 1 });
    for (const headers of [{}, signed]) {
      const { response, entry } = await handle(server, method, target, headers);
      expect(response.status).toBeLessThan(500);
      expect(response.headers[HEADER]).toBe(`status=${status}; layer=${layer}; code=${code}`);
      const note = { status, layer, code, reason: expect.stringContaining(`the platform would have answered ${status === 302 ? 'a 302' : status}`) };
      if (response.status === 401) expect((response.body as { sigkit: unknown }).sigkit).toMatchObject({ platformWouldDiffer: note });
      if (entry.verdict) expect(entry.verdict.diagnosis).toMatchObject({ platformWouldDiffer: note });
      else expect(response.body).toMatchObject({ sigkit: { platformWouldDiffer: note } });
    }
  });

  it('a signed request with ";" in its path passes verification (then 404: no route has it), and the note says the firewall would have answered 500', async () => {
    const target = `${API}/gateways;v=1`;
    const response = await send(server, { method: 'GET', target, headers: platformHeaders({ method: 'GET', path: target, timestamp: ISO_NOW, version: 1 }) });
    expect(response.status).toBe(404);
    expect(response.headers[HEADER]).toBe('status=500; layer=firewall; code=firewall_rejected');
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
    expect(entry?.verdict?.diagnosis).toMatchObject({ code: 'ok', platformWouldDiffer: { status: 500, reason: expect.stringContaining('";"') } });
  });

  it('an unknown version without a signature: strict refuses, and says the platform would have let it in', async () => {
    const response = await send(server, { method: 'GET', target: path, headers: { 'x-arrow-apikey': API_KEY, 'x-arrow-date': ISO_NOW, 'x-arrow-version': '9' } });
    expect(response.status).toBe(401);
    expect(response.body.sigkit).toMatchObject({
      code: 'unsupported_version',
      platformWouldDiffer: { status: null, layer: 'filter', code: 'unsigned_bypass', reason: expect.stringContaining('without a signature') },
    });
    expect(response.headers[HEADER]).toBe('status=passed; layer=filter; code=unsigned_bypass');
  });

  it('an empty x-arrow-version with a version-0 signature: strict refuses, the platform would have accepted it', async () => {
    const headers = { ...platformHeaders({ method: 'GET', path, timestamp: ISO_NOW, version: 0 }), 'x-arrow-version': '' };
    const response = await send(server, { method: 'GET', target: path, headers });
    expect(response.status).toBe(401);
    expect(response.body.sigkit.platformWouldDiffer).toMatchObject({ status: null, code: 'ok' });
  });

  it('a parameter with an empty name: strict drops it and serves the request, the platform would have refused it', async () => {
    const response = await send(server, sign({ method: 'GET', path, query: '=v&_size=2' }));
    expect(response.status).toBe(200);
    expect(response.headers[HEADER]).toBe('status=401; layer=filter; code=empty_parameter_name');
  });

  it('a body that is not UTF-8: strict hashes the bytes, and says the platform hashed the lossy re-encoding', async () => {
    const bytes = Uint8Array.of(0x7b, 0xff, 0x7d);
    const overBytes = await send(server, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, hashedBody: bytes, timestamp: ISO_NOW, version: 1 }), body: bytes });
    expect(overBytes.status).toBe(200);
    expect(overBytes.headers[HEADER]).toBe('status=401; layer=filter; code=signature_mismatch');
    const lossy = await send(server, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, hashedBody: '{\uFFFD}', timestamp: ISO_NOW, version: 1 }), body: bytes });
    expect(lossy.status).toBe(401);
    expect(lossy.body.sigkit.platformWouldDiffer).toMatchObject({ status: null, code: 'ok' });
  });

  it.each([
    ['+00:00:00', '2025-03-14T15:09:26.535+00:00:00', 401, 'status=passed; layer=filter; code=ok'],
    ['a [UTC] region', '2025-03-14T15:09:26.535Z[UTC]', 401, 'status=passed; layer=filter; code=ok'],
    ['+0000', '2025-03-14T15:09:26.535+0000', 200, 'status=401; layer=filter; code=invalid_date'],
    ['a comma fraction', '2025-03-14T15:09:26,535Z', 200, 'status=401; layer=filter; code=invalid_date'],
    ['599.9995 s old', '2025-03-14T14:59:26.535500000Z', 401, 'status=passed; layer=filter; code=ok'],
  ])('x-arrow-date with %s: strict answers %s, and notes the platform\'s reading', async (_what, timestamp, status, header) => {
    const response = await send(server, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, timestamp, version: 1 }) });
    expect(response.status).toBe(status);
    expect(response.headers[HEADER]).toBe(header);
  });

  it('a path ending in /status: strict lets it through unchecked, the platform would have checked it', async () => {
    const response = await send(server, { method: 'GET', target: `${API}/devices/status`, headers: {} });
    expect(response.status).not.toBe(401);
    expect(response.headers[HEADER]).toBe('status=401; layer=filter; code=missing_api_key');
  });

  it('a path outside /api/v1/kronos: strict answers 404 unchecked, and says the platform would have checked it first', async () => {
    const unsigned = await send(server, { method: 'GET', target: '/nothing/here', headers: {} });
    expect(unsigned.status).toBe(404);
    expect(unsigned.body.message).toBe('no route GET /nothing/here: the mock serves xconnect under /api/v1/kronos, kx under /connect/api, and its admin API under /__sigkit');
    expect(unsigned.body.sigkit.platformWouldDiffer).toMatchObject({ status: 401, layer: 'filter', code: 'missing_api_key', reason: expect.stringContaining('every path') });
    const signed = await send(server, { method: 'GET', target: '/nothing/here', headers: platformHeaders({ method: 'GET', path: '/nothing/here', timestamp: ISO_NOW, version: 1 }) });
    expect(signed.status).toBe(404);
    expect(signed.headers[HEADER]).toBeUndefined();
    expect(signed.body).not.toHaveProperty('sigkit');
    const ping = await send(server, { method: 'GET', target: '/status', headers: {} });
    expect(ping.status).toBe(404);
    expect(ping.headers[HEADER]).toBe('status=200; layer=filter; code=exempt');
  });

  it('x-auth-token alone for a key with signing off: strict asks for a signature, and says the platform let it in', async () => {
    const tokenServer = testServer({ credentials: [{ apiKey: 'token-app', secretKey: 's', signingRequired: false, authToken: 'secret-token' }] });
    const response = await send(tokenServer, { method: 'GET', target: path, headers: { 'x-auth-token': 'secret-token' } });
    expect(response.status).toBe(401);
    expect(response.body.sigkit.platformWouldDiffer).toMatchObject({ status: null, code: 'ok' });
  });

  it('a plain signed request carries no note, and neither does a plain rejection the platform shares', async () => {
    const ok = await call(server, { method: 'GET', path, query: '_size=2' });
    expect(ok.status).toBe(200);
    expect(ok.headers[HEADER]).toBeUndefined();
    expect(server.core.journal.get(Number(ok.headers['x-sigkit-journal-id']))?.verdict?.diagnosis).toMatchObject({ platformWouldDiffer: null });
    const wrong = await send(server, { ...sign({ method: 'GET', path }), headers: { ...sign({ method: 'GET', path }).headers, 'x-arrow-signature': '0'.repeat(64) } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.sigkit.platformWouldDiffer).toBeNull();
    expect(wrong.headers[HEADER]).toBeUndefined();
  });
});

describe('moonstone never adds the note', () => {
  it('answers production bodies and headers only', async () => {
    const server = testServer({ profile: 'moonstone' });
    const response = await send(server, sign({ method: 'GET', path: `${API}/gateways`, query: '=v' }));
    expect(response.status).toBe(401);
    expect(response.headers[HEADER]).toBeUndefined();
    expect(Object.keys(response.body).sort()).toEqual(['error', 'message', 'path', 'status', 'timestamp']);
  });
});

import { signXConnectRequest } from '@sigkit/signer';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockCore, createMockServer, GUIDE_API_KEY, GUIDE_SECRET_KEY, MockInputError, parseMockConfig } from '../src/index.js';
import { createHandlers } from '../src/msw/index.js';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const small = { now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 2 } };
const PAGE = 'http://app.test:5173';
const encoder = new TextEncoder();

function preflight(path: string, origin = PAGE, requestHeaders = 'x-arrow-apikey, x-arrow-date, x-arrow-signature, x-arrow-version') {
  return {
    method: 'OPTIONS',
    target: path,
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': requestHeaders },
    body: new Uint8Array(),
  };
}

function signed(method: string, path: string, origin?: string, secretKey = GUIDE_SECRET_KEY) {
  const wire = signXConnectRequest({ method, path, body: '', apiKey: GUIDE_API_KEY, secretKey, timestamp: new Date(NOW) });
  return { method, target: wire.target, headers: { ...wire.headers, ...(origin ? { origin } : {}) }, body: encoder.encode('') };
}

describe('CORS (core)', () => {
  it('is off by default: a preflight reaches the platform (its plain OPTIONS answer), and no answer has CORS headers', async () => {
    const core = createMockCore(small);
    const answer = await core.handle(preflight('/api/v1/kronos/devices'));
    expect(answer).toMatchObject({ kind: 'response', status: 200, headers: { allow: expect.stringContaining('GET') } });
    const headers = answer.kind === 'response' ? answer.headers : {};
    expect(Object.keys(headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const read = await core.handle(signed('GET', '/api/v1/kronos/devices', PAGE));
    expect(read.kind === 'response' && read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight 204 unsigned under the strict profile, with every header a signing client sends, and journals it', async () => {
    const core = createMockCore({ ...small, cors: true });
    const answer = await core.handle(preflight('/api/v1/kronos/devices', PAGE, 'X-Arrow-ApiKey, x-arrow-date, x-custom-trace'));
    expect(answer).toMatchObject({ kind: 'response', status: 204, headers: { 'access-control-allow-origin': PAGE, 'access-control-max-age': '7200' } });
    const headers = answer.kind === 'response' ? answer.headers : {};
    const allowed = headers['access-control-allow-headers']!.split(', ');
    for (const name of ['x-arrow-apikey', 'x-arrow-date', 'x-arrow-version', 'x-arrow-signature', 'authorization', 'content-type', 'x-custom-trace']) expect(allowed).toContain(name);
    expect(headers['access-control-allow-methods']).toContain('POST');
    expect(headers.vary).toContain('Origin');
    expect(core.journal.get(1)).toMatchObject({ method: 'OPTIONS', platform: 'xconnect', route: 'OPTIONS (CORS preflight)', verdict: null, response: { status: 204 } });
  });

  it('answers KX and admin preflights too (admin requests, preflights included, stay out of the journal)', async () => {
    const core = createMockCore({ ...small, cors: true });
    expect(await core.handle(preflight('/connect/api/monPublic/getMem', PAGE, 'authorization, content-type'))).toMatchObject({ status: 204 });
    expect(await core.handle(preflight('/__sigkit/journal'))).toMatchObject({ status: 204 });
    expect(core.journal.list({}).entries.map((entry) => entry.path)).toEqual(['/connect/api/monPublic/getMem']);
    const index = await core.handle({ method: 'GET', target: '/__sigkit', headers: { origin: PAGE }, body: new Uint8Array() });
    expect(index).toMatchObject({ status: 200, headers: { 'access-control-allow-origin': PAGE } });
  });

  it('adds Allow-Origin and exposes the diagnosis headers on every answer to an allowed origin, accepted or rejected', async () => {
    const core = createMockCore({ ...small, cors: true });
    const ok = await core.handle(signed('GET', '/api/v1/kronos/devices', PAGE));
    expect(ok).toMatchObject({ status: 200, headers: { 'access-control-allow-origin': PAGE, vary: 'Origin' } });
    const rejected = await core.handle(signed('GET', '/api/v1/kronos/devices', PAGE, 'wrong secret'));
    expect(rejected).toMatchObject({ status: 401, headers: { 'access-control-allow-origin': PAGE } });
    const exposed = rejected.kind === 'response' ? rejected.headers['access-control-expose-headers'] : '';
    expect(exposed).toContain('x-sigkit-journal-id');
    expect(exposed).toContain('x-sigkit-platform-would-differ');
    // A request without Origin (not from a browser) gets only Vary.
    const plain = await core.handle(signed('GET', '/api/v1/kronos/devices'));
    expect(plain.kind === 'response' && plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only the listed origins', async () => {
    const core = createMockCore({ ...small, cors: ['http://app.test:5173', 'https://ok.test/'] });
    expect(await core.handle(preflight('/api/v1/kronos/devices', 'https://ok.test'))).toMatchObject({ status: 204, headers: { 'access-control-allow-origin': 'https://ok.test' } });
    const other = await core.handle(preflight('/api/v1/kronos/devices', 'http://evil.test'));
    expect(other).toMatchObject({ status: 200 });
    expect(other.kind === 'response' && other.headers['access-control-allow-origin']).toBeUndefined();
    const read = await core.handle(signed('GET', '/api/v1/kronos/devices', 'http://evil.test'));
    expect(read).toMatchObject({ status: 200, headers: { vary: 'Origin' } });
    expect(read.kind === 'response' && read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses an unusable cors option with a one-line message, from code and from the config file', () => {
    expect(() => createMockCore({ cors: 'yes' as never })).toThrow(new MockInputError('options.cors must be true, false, or a list of origins such as ["http://localhost:5173"], got "yes"'));
    expect(() => createMockCore({ cors: ['http://app.test/index.html'] })).toThrow(/options\.cors\[0\] must be an origin \(scheme:\/\/host\[:port\], no path\)/);
    expect(parseMockConfig({ cors: ['HTTP://App.Test:80'] }, 'sigkit.config.json').cors).toEqual(['http://app.test']);
    expect(() => parseMockConfig({ cors: 1 }, 'sigkit.config.json')).toThrow(/^sigkit\.config\.json\.cors must be true/);
  });
});

describe('CORS (adapters)', () => {
  const server = createMockServer({ ...small, cors: true });
  afterAll(() => server.close());

  it('reaches the wire through Express', async () => {
    const { url } = await server.listen(0);
    const answer = await fetch(`${url}/api/v1/kronos/gateways`, {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-arrow-signature' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    const wire = signed('GET', '/api/v1/kronos/gateways', PAGE);
    const read = await fetch(`${url}${wire.target}`, { headers: wire.headers });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-expose-headers')).toContain('x-sigkit-journal-id');
  });

  it('reaches the answer through MSW handlers', async () => {
    const msw = setupServer(...createHandlers({ ...small, baseUrl: 'http://mock.test', cors: [PAGE] }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const wire = signed('GET', '/api/v1/kronos/gateways', PAGE);
      const read = await fetch(`http://mock.test${wire.target}`, { headers: wire.headers });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe(PAGE);
    } finally {
      msw.close();
    }
  });
});

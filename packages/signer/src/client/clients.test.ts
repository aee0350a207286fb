import { describe, expect, it } from 'vitest';
import { kxIdentity } from '../kx/authorization.js';
import { verifyKxRequest } from '../kx/verify.js';
import { verifyXConnectRequest } from '../xconnect/verify.js';
import { createKxConnectClient } from './kxClient.js';
import { PlatformError, PlatformUnreachableError } from './platformError.js';
import type { FetchLike } from './sendRequest.js';
import { createXConnectClient } from './xconnectClient.js';

const apiKey = 'a'.repeat(64);
const secretKey = 'c2VjcmV0';
type Call = { url: string; method: string; headers: Record<string, string>; body?: string | Uint8Array };
const json = (status: number, value: unknown) => ({ status, ok: status < 400, text: async () => JSON.stringify(value) });

/** A fake platform that verifies each xConnect request with the reference verifier and pages 5 items, 2 per page. */
function fakeXConnect(calls: Call[]): FetchLike {
  return async (url, init) => {
    calls.push({ url, ...init });
    const u = new URL(url);
    const verdict = verifyXConnectRequest({ method: init.method, target: u.pathname + u.search, headers: init.headers, body: init.body ?? '' }, { lookupCredentials: (k) => (k === apiKey ? { apiKey, secretKey } : undefined) });
    if (!verdict.ok) return json(401, { status: 401, message: verdict.serverMessage, sigkit: { code: verdict.code, message: verdict.message } });
    const page = Number(u.searchParams.get('_page') ?? 0);
    const items = [0, 1, 2, 3, 4].slice(page * 2, page * 2 + 2).map((i) => ({ hid: `h${i}`, uid: `u${i}` }));
    return json(200, { size: items.length, page, totalSize: 5, totalPages: 3, data: items });
  };
}

describe('createXConnectClient', () => {
  it('signs every request so the reference verifier accepts it, and follows every page', async () => {
    const calls: Call[] = [];
    const client = createXConnectClient({ baseUrl: 'http://mock.test/', apiKey, secretKey, fetch: fakeXConnect(calls) });
    const hids: string[] = [];
    for await (const device of client.devices.all({ type: 'Sensor name', _size: 2 })) hids.push(device.hid);
    expect(hids).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?type=Sensor%20name&_size=2&_page=0', '?type=Sensor%20name&_size=2&_page=1', '?type=Sensor%20name&_size=2&_page=2']);
  });

  it('turns a rejection into a PlatformError carrying the mock diagnosis', async () => {
    const client = createXConnectClient({ baseUrl: 'http://mock.test', apiKey, secretKey: 'wrong', fetch: fakeXConnect([]) });
    const error = await client.devices.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ status: 401, platformMessage: 'Not Authorized', diagnosis: { code: 'signature_mismatch' } });
  });

  it('sends JSON bodies with a content type and percent-encodes path segments', async () => {
    const calls: Call[] = [];
    const client = createXConnectClient({ baseUrl: 'http://mock.test', apiKey, secretKey, fetch: fakeXConnect(calls) });
    await client.devices.register({ uid: 'x' });
    await client.devices.get('a b/c');
    expect(calls[0]).toMatchObject({ method: 'POST', body: '{"uid":"x"}', headers: { 'content-type': 'application/json' } });
    expect(new URL(calls[1]!.url).pathname).toBe('/api/v1/kronos/devices/a%20b%2Fc');
  });

  it('reports an unreachable platform and rejects bad options', async () => {
    const refused: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    };
    await expect(createXConnectClient({ baseUrl: 'http://127.0.0.1:9', apiKey, secretKey, fetch: refused }).devices.list()).rejects.toThrow(PlatformUnreachableError);
    await expect(createXConnectClient({ baseUrl: 'http://127.0.0.1:9', apiKey, secretKey, fetch: refused }).devices.list()).rejects.toThrow(/ECONNREFUSED/);
    expect(() => createXConnectClient({ baseUrl: 'not a url', apiKey, secretKey })).toThrow(/absolute URL/);
    expect(() => createXConnectClient({ baseUrl: 'http://x', apiKey: '', secretKey })).toThrow(/apiKey/);
  });
});

/** A fake KX platform: login gives a new session each time; sessions can be expired by the test. */
function fakeKx(log: string[]) {
  const sessions = new Map<string, { username: string; sessionId: string; expired?: boolean }>();
  let n = 0;
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    const body = String(init.body);
    if (path === '/connect/api/auth/login') {
      const sessionId = `session-${++n}-0123456789`;
      sessions.set(kxIdentity('kxSupport', sessionId), { username: 'kxSupport', sessionId });
      log.push('login');
      return json(200, { type: 'LoginResp', id: JSON.parse(body).id, success: true, msg: [{ sessionId, username: 'kxSupport' }] });
    }
    const verdict = verifyKxRequest({ method: init.method, target: path, headers: init.headers, body }, { lookupSession: (identity) => sessions.get(identity) });
    log.push(`${path} ${verdict.code}`);
    if (!verdict.ok) return json(401, { type: 'Resp', success: false, error: verdict.serverMessage, msg: [], sigkit: { code: verdict.code } });
    return json(200, { type: 'getMemResp', id: 'x', success: true, msg: [{ sym: 'a' }] });
  };
  return { fetch, sessions };
}

describe('createKxConnectClient', () => {
  it('logs in lazily, signs calls the verifier accepts, and logs in again once when the session expired', async () => {
    const log: string[] = [];
    const platform = fakeKx(log);
    const kx = createKxConnectClient({ hostPort: 'kx.test:8080', username: 'kxSupport', password: 'pw', fetch: platform.fetch });
    expect((await kx.call('monPublic', 'getMem', { syms: ['a'] })).msg).toEqual([{ sym: 'a' }]);
    for (const session of platform.sessions.values()) session.expired = true;
    await kx.call('monPublic', 'getMem');
    expect(log).toEqual(['login', '/connect/api/monPublic/getMem ok', '/connect/api/monPublic/getMem session_expired', 'login', '/connect/api/monPublic/getMem ok']);
    await kx.logout();
    expect(log.at(-1)).toBe('/connect/api/auth/logout ok');
    expect(kx.sessionId).toBeUndefined();
  });

  it('does not retry other rejections', async () => {
    const log: string[] = [];
    const platform = fakeKx(log);
    const kx = createKxConnectClient({ hostPort: 'kx.test:8080', username: 'kxSupport', password: 'pw', fetch: platform.fetch, profile: 'NoSeparator' });
    await expect(kx.call('monPublic', 'getMem')).rejects.toMatchObject({ status: 401, diagnosis: { code: 'signature_mismatch' } });
    expect(log).toEqual(['login', '/connect/api/monPublic/getMem signature_mismatch']);
  });

  it('rejects a host:port that is not one', () => {
    expect(() => createKxConnectClient({ hostPort: 'http://x', username: 'u', password: 'p' })).toThrow(/host:port/);
  });
});

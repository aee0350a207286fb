/** The malformed-input campaign's hostile requests: what a case expects, bodies that are not what they claim to be, and a generator of random ones. */
import { formatRfc1123, signKxRequest, signXConnectRequest } from '@sigkit/signer';
import { API, API_KEY, NOW, SECRET_KEY, randomText, type Random, type RunningMock } from './campaignKit.js';
import { encodeRequest, type Framing, type RawRequest, type RawResponse } from './rawHttp.js';

export const MiB = 1024 * 1024;

/** One hostile exchange and what it must produce beyond the campaign's invariants. */
export interface HostileCase {
  label: string;
  chunks: Buffer[];
  /** `halfClose`: write, then end the client's side while still reading; `destroy`: write, then drop the connection. */
  socket: 'halfClose' | 'destroy';
  /** The request is HEAD: its answer has no body. */
  head?: boolean;
  /** Under `/__sigkit`: answered but never journaled. */
  admin?: boolean;
  /** Exact expectations of catalogue cases. */
  expect?: { status?: number; answers?: number; journaled?: number; code?: string; check?: (responses: RawResponse[], mock: RunningMock) => void };
}

/** What random requests may name: the seeded devices, and a live KX session. */
export interface HostileContext {
  devices: readonly string[];
  session: { username: string; sessionId: string };
}

/** The x-arrow-* headers of a request signed with the guide's keys at the mock's time. */
export function xconnectHeaders(method: string, path: string, body: string | Uint8Array = '', query?: string): Array<[string, string]> {
  const signed = signXConnectRequest({ method, path, query, body, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
  return Object.entries(signed.headers as Record<string, string>);
}

export const json = (value: unknown) => Buffer.from(JSON.stringify(value));
export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const INVALID_UTF8 = [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), Buffer.from([0xc3, 0x28]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('{"uid":"\xe9"}', 'latin1')];
export const INVALID_JSON = ['{"uid":', '{', 'nul', '[1,2', '{"a":1}}', "{'a':1}", '{"a":01}', '"\\x"', '{"a":NaN}', '\u0000'];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'get', 'FOO', 'G ET'];
const CONTENT_TYPES = ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ';;;', '', 'application/octet-stream', 'Application-json'];
const SEGMENTS = ['devices', 'gateways', 'telemetries', 'latest', 'batch', 'status', 'checkin', 'config', 'applications', '..', '.', '', '%', '%zz', '%00', '%2F', ';jsessionid=1', '*', 'monPublic', 'getMem', 'auth', 'login', 'logout'];
const ADMIN_PATHS = ['', '/journal', '/journal/1', '/journal/-1', '/journal/abc', '/journal/99999999999999999999', '/stats', '/faults', '/faults/fault-9', '/clock', '/credentials', `/credentials/${API_KEY}`, '/kx', '/kx/profile', '/kx/users', '/kx/sessions', '/kx/analytics', '/kx/analytics/a/b', '/nothing', '/%zz'];

function randomSegment(r: Random, context: HostileContext): string {
  switch (r.int(6)) {
    case 0:
      return encodeURIComponent(randomText(r, 1, 12));
    case 1:
      return r.pick(context.devices);
    case 2:
      return 'a'.repeat(r.int(3000));
    default:
      return r.pick(SEGMENTS);
  }
}

function randomQuery(r: Random): string {
  const parts: string[] = [];
  for (let i = r.int(5); i > 0; i -= 1) {
    parts.push(
      r.pick([
        () => `${encodeURIComponent(randomText(r, 1, 6))}=${encodeURIComponent(randomText(r, 0, 8))}`,
        () => r.pick(['_size=0', '_size=99999999999999999999', '_page=-1', '_page=1e308', 'enabled', '=', '==', '&&', '%', '%zz=1', 'a=%e9', '+=+', 'fromTimestamp=x', `toTimestamp=${'9'.repeat(40)}`]),
      ])(),
    );
  }
  return parts.join('&');
}

/** Random JSON, sometimes deeply nested. */
export function randomJsonValue(r: Random, depth = 0): unknown {
  if (depth > 4 || r.chance(0.3)) return r.pick([() => null, () => r.chance(0.5), () => r.int(1e6) - 5e5, () => r.next() * 1e300, () => randomText(r, 0, 12)])();
  if (r.chance(0.5)) return Array.from({ length: r.int(4) }, () => randomJsonValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: r.int(4) }, () => [randomText(r, 1, 6), randomJsonValue(r, depth + 1)]));
}

function randomBody(r: Random): Buffer | undefined {
  switch (r.int(12)) {
    case 0:
    case 1:
    case 2:
      return undefined;
    case 3:
      return Buffer.from(r.pick(INVALID_JSON));
    case 4:
      return r.pick(INVALID_UTF8);
    case 5:
      return Buffer.from(Array.from({ length: 1 + r.int(2048) }, () => r.int(256)));
    case 6:
      return Buffer.from(r.chance(0.5) ? deepArray(1 + r.int(50_000)) : `{"a":${deepArray(1 + r.int(50_000))}}`);
    case 7:
      return r.chance(0.1) ? Buffer.alloc(MiB + 1 + r.int(MiB), 'x') : Buffer.from(randomText(r, 0, 200));
    default:
      return json(randomJsonValue(r));
  }
}

function randomHeaders(r: Random): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (r.chance(0.95)) headers.push(['Host', r.pick(['x', '127.0.0.1', '', 'a'.repeat(300)])]);
  if (r.chance(0.7)) headers.push(['Content-Type', r.pick(CONTENT_TYPES)]);
  for (let i = r.int(4); i > 0; i -= 1) {
    const name = r.pick(['X-Arrow-Apikey', 'X-Arrow-Date', 'X-Arrow-Version', 'X-Arrow-Signature', 'Authorization', 'X-Auth-Token', 'Cookie', `X-${randomText(r, 1, 8).replace(/[^A-Za-z0-9-]/g, 'q')}`]);
    const value = r.pick([() => '', () => randomText(r, 0, 40).replace(/[^\x20-\x7e]/g, '?'), () => 'kxSupport12345:AAAA', () => API_KEY, () => 'f'.repeat(r.int(4000))])();
    headers.push([name, value.trim()]);
  }
  if (r.chance(0.03)) headers.push(['Content-Encoding', r.pick(['gzip', 'br', 'identity', 'x'])]);
  if (r.chance(0.03)) headers.push(['Expect', r.pick(['100-continue', 'nonsense'])]);
  if (r.chance(0.04)) headers.push(['X-Big', 'b'.repeat(8 * 1024 + r.int(12 * 1024))]);
  return headers;
}

function randomFraming(r: Random): Framing {
  const x = r.next();
  return x < 0.8 ? 'length' : x < 0.9 ? 'chunked' : x < 0.94 ? 'none' : x < 0.97 ? 'long' : 'short';
}

/**
 * A random hostile request: random bytes; an xConnect, KX Connect or admin request with a random
 * method, path, query, headers, body and framing (signed or not); or a request elsewhere, some not
 * even HTTP/1.1. Admin requests never change the mock's state: reads, or bodies no route accepts.
 */
export function randomHostileCase(r: Random, context: HostileContext): HostileCase {
  const where = r.next();
  const body = randomBody(r);
  const framing = randomFraming(r);
  let request: RawRequest;
  let label: string;
  let admin = false;
  if (where < 0.05) {
    const bytes = Buffer.from(Array.from({ length: 1 + r.int(300) }, () => r.int(256)));
    return { label: 'random bytes', chunks: [r.chance(0.5) ? Buffer.concat([bytes, Buffer.from('\r\n\r\n')]) : bytes], socket: 'halfClose' };
  } else if (where < 0.45) {
    const method = r.pick(METHODS);
    const path = `${API}/${Array.from({ length: 1 + r.int(4) }, () => randomSegment(r, context)).join('/')}`;
    const query = r.chance(0.4) ? randomQuery(r) : undefined;
    const headers = randomHeaders(r);
    if (r.chance(0.5)) {
      try {
        headers.push(...xconnectHeaders(method, path, body ?? '', query));
      } catch {
        // Not signable (a method or path the signer refuses): sent unsigned.
      }
    }
    request = { method, target: query === undefined ? path : `${path}?${query}`, headers, framing };
    if (body) request.body = body;
    label = `xConnect ${method}`;
  } else if (where < 0.75) {
    const login = r.chance(0.4);
    const headers = randomHeaders(r);
    let payload = body;
    const group = r.chance(0.8) ? 'monPublic' : encodeURIComponent(randomText(r, 1, 8));
    const analytic = r.pick(['getMem', 'getCPU', 'getDisk', 'getAvgLoad', 'getMemBucket', 'nothing', encodeURIComponent(randomText(r, 1, 8))]);
    const path = login ? '/connect/api/auth/login' : `/connect/api/${group}/${analytic}${r.chance(0.1) ? `/${randomSegment(r, context)}` : ''}`;
    if (!login && r.chance(0.6)) {
      // A signed call whose msg is anything at all.
      const text = JSON.stringify({ type: r.pick(['getMemReq', randomText(r, 0, 6)]), id: randomText(r, 0, 8), date: formatRfc1123(new Date(NOW + (r.int(2000) - 1000) * 1000)), msg: r.chance(0.7) ? [randomJsonValue(r)] : randomJsonValue(r) });
      try {
        const signed = signKxRequest({ group: decodeURIComponent(group), method: decodeURIComponent(analytic), username: context.session.username, sessionId: context.session.sessionId, body: text });
        if (signed.path === path) {
          headers.push(...(Object.entries(signed.headers) as Array<[string, string]>));
          payload = Buffer.from(text);
        }
      } catch {
        // Not signable: sent with whatever Authorization the random headers hold.
      }
    }
    if (login && r.chance(0.5)) payload = json({ msg: r.chance(0.7) ? [{ username: r.pick(['kxSupport', randomText(r, 0, 8)]), password: randomJsonValue(r) }] : randomJsonValue(r), type: 'LoginReq' });
    request = { method: r.chance(0.85) ? 'POST' : r.pick(METHODS), target: path, headers, framing };
    if (payload) request.body = payload;
    label = login ? 'KX login' : 'KX call';
  } else if (where < 0.88) {
    // Admin requests that cannot change the mock's state: reads, and writes with bodies no route accepts.
    admin = true;
    const method = r.pick(['GET', 'GET', 'POST', 'PUT', 'PATCH']);
    const unusable = r.pick([() => Buffer.from(r.pick(INVALID_JSON)), () => r.pick(INVALID_UTF8), () => Buffer.from(deepArray(2 + r.int(30_000)))])();
    request = { method, target: `/__sigkit${r.pick(ADMIN_PATHS)}${r.chance(0.3) ? `?${randomQuery(r)}` : ''}`, headers: randomHeaders(r), framing: framing === 'short' || framing === 'none' ? 'length' : framing };
    if (method !== 'GET') request.body = unusable;
    label = `admin ${method}`;
  } else {
    const method = r.pick(METHODS);
    const target = r.pick([() => `/${Array.from({ length: r.int(4) }, () => randomSegment(r, context)).join('/')}`, () => '*', () => `http://${randomSegment(r, context)}/x`, () => `//${randomSegment(r, context)}`, () => `/connect/${randomSegment(r, context)}`])();
    request = { method, target, version: r.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1']), headers: randomHeaders(r), framing };
    if (body) request.body = body;
    label = `elsewhere ${method}`;
  }
  return { label: `${label} ${request.target.slice(0, 60)}`, chunks: [encodeRequest(r, request)], socket: 'halfClose', head: request.method === 'HEAD', admin };
}

/** Who may use the admin API under `/__sigkit`: a bearer token, a Host allow-list, no cross-site or CORS-simple writes. */
// The admin API can read secret keys, open KX sessions, switch signing off and reset data, so a
// browser page on another site or a peer on the network must not reach it unless the user said so.
import { timingSafeEqual } from 'node:crypto';
import { jsonResponse } from '../http/responses.js';
import type { MockHttpResponse, MockRequestHeaders } from '../http/types.js';
import { MockInputError } from '../input/readInput.js';

/** Header carrying the admin token, for clients that cannot set `Authorization` (it stays free for the signature of the platforms). */
export const ADMIN_TOKEN_HEADER = 'x-sigkit-admin-token';

/** The admin API's gatekeeper: what it accepts, and the hosts it learns when the server binds. */
export interface AdminAccess {
  /** The token required on every admin request (`Authorization: Bearer <token>` or `x-sigkit-admin-token`), or undefined when none is. */
  readonly token: string | undefined;
  /** Requires `token` from now on (the Node server sets a generated one when it binds a non-loopback address). */
  requireToken(token: string): void;
  /** Accepts requests whose `Host` names `host` (the address the server bound, or a name the user gave). */
  allowHost(host: string): void;
  /**
   * The refusal of a request the admin API must not serve, or undefined when it may: 403 for a
   * Host outside the allow-list or a cross-site write, 401 without the token, 415 for a write whose
   * body a page could send without a preflight (`text/plain`, a form).
   */
  check(method: string, headers: MockRequestHeaders, path?: string, rawQuery?: string): MockHttpResponse | undefined;
  /**
   * The `Set-Cookie` value for an answer to `GET /__sigkit/ui?token=<token>` with the right token,
   * so that the page's own requests carry it; undefined otherwise.
   */
  pageCookie(method: string, path: string, rawQuery: string): string | undefined;
}

/** Options of {@link createAdminAccess}. */
export interface AdminAccessOptions {
  token?: string | undefined;
  /** Host names (or addresses) accepted besides loopback; `*` accepts any Host. */
  allowedHosts?: readonly string[] | undefined;
  /** Origins a browser may write from (the `cors` option's list); loopback origins always may. */
  allowedOrigins?: readonly string[] | undefined;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// What a page may send without a preflight (the Fetch standard's CORS-safelisted request content types).
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

function single(headers: MockRequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/** The host of a `Host` header or a URL authority, lower case, without port or IPv6 brackets. */
export function hostNameOf(authority: string): string {
  const value = authority.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(1, end);
  }
  const colons = value.split(':').length - 1;
  // One colon: host:port. More: a bare IPv6 address (no port can be told apart).
  if (colons === 1) return value.slice(0, value.indexOf(':'));
  return value.replace(/\.$/, '');
}

/**
 * Whether a host name or address is this machine's loopback: `localhost` (and `*.localhost`, which
 * resolvers keep on loopback, RFC 6761), `127.0.0.0/8`, `::1` and `::ffff:127.x.x.x`.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const name = hostNameOf(host).replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): MockHttpResponse {
  return jsonResponse(status, { status, error: code, message }, headers);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compared in constant time: an attacker learns nothing from how long a wrong token takes.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie through which the inspector page's own requests carry the token (a page cannot set `Authorization` on an event stream). */
export const ADMIN_TOKEN_COOKIE = 'sigkit_admin_token';
// The inspector page, opened once as `/__sigkit/ui?token=<token>`, then holds the token in its cookie.
const PAGE_PATH = '/__sigkit/ui';

function tokenOf(headers: MockRequestHeaders): string | undefined {
  const header = single(headers, ADMIN_TOKEN_HEADER);
  if (header !== undefined) return header.trim();
  const authorization = single(headers, 'authorization');
  const bearer = authorization === undefined ? undefined : /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const cookies = single(headers, 'cookie');
  const cookie = cookies === undefined ? undefined : new RegExp(`(?:^|;\\s*)${ADMIN_TOKEN_COOKIE}=([^;]*)`).exec(cookies);
  if (!cookie) return undefined;
  try {
    return decodeURIComponent(cookie[1]!);
  } catch {
    return undefined;
  }
}

/** The `token` parameter of a GET of the inspector page, which opens it (and sets its cookie). */
function pageToken(method: string, path: string, rawQuery: string): string | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || path !== PAGE_PATH) return undefined;
  const value = new URLSearchParams(rawQuery).get('token');
  return value ?? undefined;
}

/**
 * Validates an admin token from untrusted data: 16 to 512 visible ASCII characters, so that it fits
 * in a header and cannot be guessed by trying.
 */
export function parseAdminToken(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{16,512}$/.test(value)) {
    throw new MockInputError(`${where} must be 16 to 512 visible ASCII characters (no spaces), e.g. a random base64url string`);
  }
  return value;
}

/**
 * Creates the admin API's gatekeeper. With no token and no Host given, loopback callers (and
 * in-process ones, which send no Host) are served as always.
 *
 * @example
 * ```ts
 * const access = createAdminAccess({ token: 'a-long-random-token-value' });
 * access.check('POST', { host: '127.0.0.1:8080' })?.status; // 401
 * ```
 */
export function createAdminAccess(options: AdminAccessOptions = {}): AdminAccess {
  let token = options.token;
  const hosts = new Set((options.allowedHosts ?? []).map((host) => hostNameOf(host)));
  const origins = new Set(options.allowedOrigins ?? []);

  const hostAllowed = (host: string) => hosts.has('*') || isLoopbackHost(host) || hosts.has(hostNameOf(host));
  const originAllowed = (origin: string) => {
    if (origins.has(origin)) return true;
    try {
      return hostAllowed(new URL(origin).host);
    } catch {
      // `null` (a sandboxed page, a file) or garbage: no site the user vouched for.
      return false;
    }
  };

  return {
    get token() {
      return token;
    },
    requireToken(value) {
      token = parseAdminToken(value, 'admin token');
    },
    allowHost(host) {
      hosts.add(hostNameOf(host));
    },
    pageCookie(method, path, rawQuery) {
      const given = pageToken(method, path, rawQuery);
      if (token === undefined || given === undefined || !sameToken(given, token)) return undefined;
      // Strict same-site and HttpOnly: no other site's request carries it, and no script reads it.
      return `${ADMIN_TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/__sigkit; HttpOnly; SameSite=Strict`;
    },
    check(method, headers, path = '', rawQuery = '') {
      const host = single(headers, 'host');
      // A page that rebinds its own name to this address sends its name as Host: refused, so it reads nothing.
      if (host !== undefined && host !== '' && !hostAllowed(host)) {
        return refusal(403, 'forbidden_host', `the admin API answers only requests to this machine's loopback names or the address it listens on, not Host "${host}" (allowedHosts adds names)`);
      }
      if (WRITE_METHODS.has(method)) {
        const origin = single(headers, 'origin');
        const site = single(headers, 'sec-fetch-site');
        if ((origin !== undefined && !originAllowed(origin)) || (origin === undefined && site === 'cross-site')) {
          return refusal(403, 'forbidden_origin', `the admin API takes no ${method} from another site${origin === undefined ? '' : ` (Origin ${origin})`}: only from loopback pages, the address it listens on, or the cors option's origins`);
        }
        const type = single(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
        if (type !== undefined && type !== '' && SIMPLE_CONTENT_TYPES.has(type)) {
          return refusal(415, 'unsupported_media_type', `the admin API's ${method} routes take application/json (or no body), not ${type}: a page on any site can send ${type} without asking`);
        }
      }
      if (token !== undefined) {
        const given = tokenOf(headers) ?? pageToken(method, path, rawQuery);
        if (given === undefined || !sameToken(given, token)) {
          return refusal(401, 'unauthorized', `the admin API needs its token: send "Authorization: Bearer <token>" or "${ADMIN_TOKEN_HEADER}: <token>", or open the inspector as ${PAGE_PATH}?token=<token> (sigkit mock printed it, or it was given with --admin-token or SIGKIT_ADMIN_TOKEN)`, { 'www-authenticate': 'Bearer realm="sigkit admin"' });
        }
      }
      return undefined;
    },
  };
}

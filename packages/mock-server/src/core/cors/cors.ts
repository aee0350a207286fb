/** CORS for browser clients: which origins may call the mock, its answer to their preflights, and the headers added to every answer they get. */
import { emptyResponse } from '../http/responses.js';
import type { MockHttpResponse, MockRequestHeaders } from '../http/types.js';
import { MockInputError } from '../input/readInput.js';

/**
 * The `cors` option: `false` (default) adds no CORS headers; `true` allows any origin; a list
 * allows exactly those origins (`scheme://host[:port]`, as a browser sends them in `Origin`).
 */
export type CorsOption = boolean | readonly string[];

/**
 * Request headers a preflight is always allowed: the four of xConnect (docs/spec/xconnect.md §1.5),
 * the two of KX Connect (docs/spec/kx-connect.md: `Content-Type` and `Authorization`), and the
 * `Date` header the `DateHeader` KX profile reads. Headers the preflight asks for beyond these are
 * allowed too: a mock should not fail a client for a header the platform would ignore.
 */
export const CORS_ALLOWED_HEADERS = ['x-arrow-apikey', 'x-arrow-date', 'x-arrow-version', 'x-arrow-signature', 'authorization', 'content-type', 'date'] as const;

/** Methods a preflight is allowed: every method some route of the mock or its admin API serves. */
export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** How long a browser may cache a preflight's answer, in seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 7200;

/** What the core does for CORS; built once from the resolved option. */
export interface CorsPolicy {
  /**
   * The 204 answer to a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
   * from an allowed origin; `undefined` for any other request, which is served as usual.
   */
  preflight(method: string, headers: MockRequestHeaders): MockHttpResponse | undefined;
  /** Adds `Access-Control-Allow-Origin`, `-Expose-Headers` and `Vary: Origin` to an answer to an allowed origin. */
  decorate(headers: MockRequestHeaders, response: MockHttpResponse): void;
}

function single(headers: MockRequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function urlOf(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** `Origin` as browsers write it: `scheme://host[:port]`, lower case, default port omitted. */
function normaliseOrigin(value: string): string | undefined {
  const origin = urlOf(value)?.origin;
  return origin === 'null' ? undefined : origin;
}

/**
 * Validates the `cors` option from untrusted data (config file, JavaScript callers).
 *
 * @example
 * ```ts
 * parseCorsOption(['http://localhost:5173'], 'sigkit.config.json.cors'); // ['http://localhost:5173']
 * parseCorsOption('yes', 'options.cors'); // throws MockInputError
 * ```
 */
export function parseCorsOption(value: unknown, where: string): CorsOption {
  if (typeof value === 'boolean') return value;
  const shape = `${where} must be true, false, or a list of origins such as ["http://localhost:5173"]`;
  if (!Array.isArray(value)) throw new MockInputError(`${shape}, got ${JSON.stringify(value) ?? String(value)}`);
  return value.map((entry, i) => {
    const url = typeof entry === 'string' && /^https?:\/\/[^/?#]+\/?$/i.test(entry) ? urlOf(entry) : undefined;
    // An origin has no path: "http://a.test/app" is a page, not an origin, and would never match.
    const origin = url && url.username === '' && url.password === '' ? url.origin : undefined;
    if (origin === undefined) {
      throw new MockInputError(`${where}[${i}] must be an origin (scheme://host[:port], no path), got ${JSON.stringify(entry)}`);
    }
    return origin;
  });
}

/**
 * Builds the CORS policy of a resolved `cors` option; `undefined` when CORS is off.
 * `exposeHeaders` are the response headers a page's script may read (the mock's diagnosis headers).
 *
 * @example
 * ```ts
 * const cors = createCorsPolicy(true, ['x-sigkit-journal-id']);
 * cors?.preflight('OPTIONS', { origin: 'http://app.test', 'access-control-request-method': 'GET' })?.status; // 204
 * ```
 */
export function createCorsPolicy(option: CorsOption, exposeHeaders: readonly string[]): CorsPolicy | undefined {
  if (option === false) return undefined;
  const allowed = option === true ? undefined : new Set(option);
  const allowedOrigin = (headers: MockRequestHeaders): string | undefined => {
    const origin = single(headers, 'origin');
    if (origin === undefined) return undefined;
    if (allowed === undefined) return origin;
    const normalised = normaliseOrigin(origin);
    return normalised !== undefined && allowed.has(normalised) ? origin : undefined;
  };
  const expose = exposeHeaders.join(', ');
  return {
    preflight(method, headers) {
      if (method !== 'OPTIONS' || single(headers, 'access-control-request-method') === undefined) return undefined;
      const origin = allowedOrigin(headers);
      if (origin === undefined) return undefined;
      const requested = (single(headers, 'access-control-request-headers') ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter((name) => /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name));
      return emptyResponse(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': CORS_ALLOWED_METHODS.join(', '),
        'access-control-allow-headers': [...new Set([...CORS_ALLOWED_HEADERS, ...requested])].join(', '),
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      });
    },
    decorate(headers, response) {
      // The answer depends on Origin whenever a list decides, and with `true` it echoes it.
      response.headers.vary = response.headers.vary ? `${response.headers.vary}, Origin` : 'Origin';
      const origin = allowedOrigin(headers);
      if (origin === undefined || response.headers['access-control-allow-origin'] !== undefined) return;
      response.headers['access-control-allow-origin'] = origin;
      response.headers['access-control-expose-headers'] = expose;
    },
  };
}

/** `createHandlers`: MSW request handlers serving both platforms and the admin API from one mock core, so a test needs no port. */
import { http, type HttpHandler } from 'msw';
import type { MockCoreOptions } from '../core/config/coreOptions.js';
import { createMockCore, type MockCore } from '../core/createMockCore.js';
import { MockInputError } from '../core/input/readInput.js';
import { fetchToMockRequest, mockResponseToFetch } from './fetchExchange.js';

/** Options of {@link createHandlers}: where the mock "lives", and either a core or the options to create one. */
export interface CreateHandlersOptions extends MockCoreOptions {
  /**
   * The origin the handlers answer for, optionally with a base path: `http://kx.test`,
   * `https://mock.example:8443/sigkit`. Requests elsewhere are left to other handlers.
   */
  baseUrl: string;
  /** Serve this core (e.g. one shared with an Express server) instead of creating one from the other options. */
  core?: MockCore;
}

/** The handlers, spreadable into `setupServer(...)`, with the core they serve. */
export type MockHandlers = HttpHandler[] & {
  /** The core behind the handlers: journal, faults, clock, credentials, `kx` sessions and analytics. */
  readonly core: MockCore;
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
};

function readBaseUrl(value: unknown): { origin: string; basePath: string } {
  let url: URL;
  try {
    if (typeof value !== 'string') throw new TypeError();
    url = new URL(value);
  } catch {
    throw new MockInputError(`options.baseUrl must be an absolute http(s) URL such as "http://kx.test", got ${JSON.stringify(value) ?? String(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MockInputError(`options.baseUrl must be http or https, got ${url.protocol}`);
  if (url.search !== '' || url.hash !== '') throw new MockInputError('options.baseUrl must have no query or fragment');
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

/**
 * Creates MSW (v2) handlers that send every request under `baseUrl` through the mock core: the
 * xConnect API under `/api/v1/kronos`, KX Connect under `/connect/api`, the admin API under
 * `/__sigkit`. The result is an array (spread it into `setupServer`) carrying the core.
 *
 * @throws MockInputError on an unusable `baseUrl` or core option, or when both `core` and core options are given.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createHandlers } from '@sigkit/mock-server/msw';
 *
 * const handlers = createHandlers({ baseUrl: 'http://kx.test', seed: 7 });
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * await fetch('http://kx.test/connect/api/auth/login', { method: 'POST', headers: login.headers, body: login.body });
 * handlers.core.journal.list({ platform: 'kx' });
 * ```
 */
export function createHandlers(options: CreateHandlersOptions): MockHandlers {
  if (typeof options !== 'object' || options === null) throw new MockInputError('createHandlers takes an options object with a baseUrl');
  const { baseUrl, core: given, ...coreOptions } = options;
  const { origin, basePath } = readBaseUrl(baseUrl);
  const optionNames = Object.entries(coreOptions).flatMap(([name, value]) => (value === undefined ? [] : [name]));
  if (given !== undefined && optionNames.length > 0) {
    throw new MockInputError(`createHandlers takes either a core or core options, not both (got core and ${optionNames.join(', ')})`);
  }
  const core = given ?? createMockCore(coreOptions);
  // Requests under baseUrl carry its host: the admin API answers them as a server's answers its own address.
  core.adminAccess.allowHost(new URL(origin).host);
  // Everything under the base; MSW matches on the path without the query.
  const handler = http.all(`${origin}${basePath}/*`, async ({ request }) => mockResponseToFetch(await core.handle(await fetchToMockRequest(request, basePath))));
  return Object.assign([handler], { core, baseUrl: `${origin}${basePath}` });
}

/** `createMockServer`: the core behind an Express 5 app, with listen/close over HTTP or HTTPS. */
import type { Express } from 'express';
import { createMockCore } from '../core/createMockCore.js';
import { withInspectorAssets } from '../node/inspectorAssets.js';
import { serveMockCore, type MockHttpServer, type MockServerOptions } from '../node/mockHttpServer.js';
import { createExpressApp } from './expressApp.js';

export { DEFAULT_HOST, DEFAULT_PORT, type MockServerAddress, type MockServerOptions } from '../node/mockHttpServer.js';

/** A mock server: the Express app, the core it serves, and a listener you start and stop. */
export interface MockServer extends MockHttpServer {
  /** The Express app (for supertest, or to mount under your own server). */
  app: Express;
}

/**
 * Creates the mock server. Throws a `MockInputError` with a one-line message on unusable options.
 *
 * @example
 * ```ts
 * import { createMockServer } from '@sigkit/mock-server';
 *
 * const server = createMockServer({ seed: 42 });
 * const { url } = await server.listen(0);   // e.g. http://127.0.0.1:51234
 * // … point a client at `${url}/api/v1/kronos`, read `${url}/__sigkit/journal` …
 * await server.close();
 * ```
 */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const { tls, ...coreOptions } = options;
  const core = createMockCore(withInspectorAssets(coreOptions));
  const app = createExpressApp(core);
  const served = serveMockCore(core, tls, app);
  return {
    app,
    core,
    get address() {
      return served.address;
    },
    listen: (port, host) => served.listen(port, host),
    close: () => served.close(),
  };
}

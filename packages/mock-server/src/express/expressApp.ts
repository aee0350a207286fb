/** The Express 5 adapter: reads the raw body with a limit, hands the request to the core, and writes the core's answer. */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { MockCore } from '../core/createMockCore.js';
import type { MockRequest } from '../core/http/types.js';
import { claimAnswer, describeBodyError, mockRequestOf, serveThroughCore, type BodyParserError } from '../node/nodeRequests.js';

/**
 * Express middleware serving every request through the core. Mount it last (it answers everything).
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(mockCoreMiddleware(core));
 * ```
 */
export function mockCoreMiddleware(core: MockCore): Array<RequestHandler | ErrorRequestHandler> {
  const bodyLimit = core.options.bodyLimit;
  // Every content type is read as raw bytes, never inflated, so verification sees exactly what was sent.
  const readRawBody = express.raw({ type: () => true, limit: bodyLimit, inflate: false });
  const serve: RequestHandler = (req, res) => {
    if (!claimAnswer(req)) return;
    const body = req.body instanceof Uint8Array ? req.body : new Uint8Array();
    serveThroughCore(core, res, mockRequestOf(req, body));
  };
  const bodyErrors: ErrorRequestHandler = (error: BodyParserError, req, res, _next) => {
    if (!claimAnswer(req)) return;
    const problem = describeBodyError(error, bodyLimit);
    const declared = Number(req.headers['content-length']);
    const unreadable: NonNullable<MockRequest['unreadableBody']> = { ...problem };
    if (Number.isSafeInteger(declared)) unreadable.declaredSize = declared;
    serveThroughCore(core, res, mockRequestOf(req, new Uint8Array(), unreadable));
  };
  // HTTP/1.1 requires Host (RFC 9112 §3.2). createMockServer turns off Node's own check, which answers
  // a bare 400 that nothing journals, so the mock answers it here like any refusal.
  const requireHost: RequestHandler = (req, res, next) => {
    if (req.headers.host !== undefined || req.httpVersionMajor !== 1 || req.httpVersionMinor !== 1) {
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return serve(req, res, next);
      return next();
    }
    claimAnswer(req);
    res.shouldKeepAlive = false;
    serveThroughCore(core, res, mockRequestOf(req, new Uint8Array(), { status: 400, message: 'an HTTP/1.1 request must carry a Host header (RFC 9112 §3.2)' }));
  };
  return [requireHost, readRawBody, serve, bodyErrors];
}

/**
 * An Express 5 application serving the core: nothing else is mounted, every route is the core's.
 *
 * @example
 * ```ts
 * const app = createExpressApp(createMockCore({ seed: 7 }));
 * await supertest(app).get('/__sigkit/stats');
 * ```
 */
export function createExpressApp(core: MockCore): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(...mockCoreMiddleware(core));
  return app;
}

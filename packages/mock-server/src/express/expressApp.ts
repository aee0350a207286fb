/** The Express 5 adapter: reads the raw body with a limit, hands the request to the core, and writes the core's answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import type { MockCore } from '../core/createMockCore.js';
import { responseBodyPayload } from '../core/http/responses.js';
import type { MockRequest, MockResponse } from '../core/http/types.js';

/** An error raised by Express's body parser (body-parser / raw-body). */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  length?: number;
  limit?: number;
  expected?: number;
}

/** Requests whose answer someone has taken on: the app, or the server when the body broke off (see createMockServer). */
const claimed = new WeakSet<IncomingMessage>();

/**
 * Takes on answering a request; false when it is already taken. A body that breaks off is seen twice,
 * by the server (a parse error) and later by the body reader (an abort): only one may answer and journal it.
 * @internal
 */
export function claimAnswer(req: IncomingMessage): boolean {
  if (claimed.has(req)) return false;
  claimed.add(req);
  return true;
}

/** The core's view of a Node request (an Express one, or one Node's server never hands to the app). @internal */
export function mockRequestOf(req: IncomingMessage, body: Uint8Array, unreadableBody?: MockRequest['unreadableBody']): MockRequest {
  const request: MockRequest = {
    method: req.method ?? 'UNPARSED',
    // originalUrl is the raw request-target, not decoded: the signature covers it as sent (docs/spec/xconnect.md §1).
    target: (req as Partial<Request>).originalUrl ?? req.url ?? '/',
    // headersDistinct keeps repeated headers apart instead of joining them with ", ".
    headers: req.headersDistinct as Record<string, string[]>,
    body,
  };
  if (req.socket.remoteAddress !== undefined) request.remoteAddress = req.socket.remoteAddress;
  if ((req.socket as { encrypted?: boolean }).encrypted === true) request.scheme = 'https';
  if (unreadableBody) request.unreadableBody = unreadableBody;
  return request;
}

/** Writes a core answer to a Node response (or drops the connection). */
export function sendMockResponse(res: ServerResponse, response: MockResponse): void {
  if (response.kind === 'destroy') {
    res.socket?.destroy();
    return;
  }
  const payload = responseBodyPayload(response);
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(length) });
  res.end(payload);
}

/** Serves a request through the core; `handle` never rejects, but a last guard keeps the server answering if it did. @internal */
export function serveThroughCore(core: MockCore, res: ServerResponse, request: MockRequest): void {
  core
    .handle(request)
    .then((response) => sendMockResponse(res, response))
    .catch((error: unknown) => {
      if (res.headersSent) return;
      const body = JSON.stringify({ status: 500, error: 'Internal Server Error', message: `the mock failed: ${error instanceof Error ? error.message : String(error)}` });
      res.writeHead(500, { 'content-type': 'application/json;charset=UTF-8' }).end(body);
    });
}

/** Turns a body-parser failure into the status and sentence the core answers with. */
function describeBodyError(error: BodyParserError, bodyLimit: number): { status: number; message: string } {
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, message: `the request body is larger than this server's limit of ${bodyLimit} bytes` };
    case 'encoding.unsupported':
      return { status: 415, message: `${error.message}: send the body uncompressed (the signature covers the bytes as sent)` };
    case 'request.aborted':
      return { status: 400, message: 'the client aborted the request before its body was complete' };
    case 'request.size.invalid':
      return { status: 400, message: `the body length did not match Content-Length (${error.length} bytes received, ${error.expected} declared)` };
    default: {
      const status = error.status ?? error.statusCode ?? 500;
      return status >= 400 && status < 500
        ? { status, message: `the request could not be read: ${error.message}` }
        : { status: 500, message: `the mock failed to read the request: ${error.message}` };
    }
  }
}

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
 * Serves a request straight through the core, without Express, when nothing about it needs the app:
 * it carries Host (or is not HTTP/1.1), and it has no body or a plain one within the body limit
 * (Content-Length, no Transfer-Encoding, no Content-Encoding). Says whether it did; the app serves
 * everything else (and answers the refusals), as before. Express's routing and request wrapping
 * cost the mock half its throughput on these, its usual requests.
 * @internal
 */
export function serveDirectly(core: MockCore, req: IncomingMessage, res: ServerResponse): boolean {
  const headers = req.headers;
  if (headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) return false;
  if (headers['transfer-encoding'] !== undefined) return false;
  const lengthText = headers['content-length'];
  if (lengthText === undefined) {
    if (claimAnswer(req)) serveThroughCore(core, res, mockRequestOf(req, NO_BODY));
    return true;
  }
  const contentEncoding = headers['content-encoding'];
  if (contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'identity') return false;
  const length = Number(lengthText);
  if (!/^\d+$/.test(lengthText) || length > core.options.bodyLimit) return false;
  readWholeBody(core, req, res, length);
  return true;
}

/** Reads a body Node frames by Content-Length, then serves it; a body cut short is answered as the app answers it. */
function readWholeBody(core: MockCore, req: IncomingMessage, res: ServerResponse, length: number): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const cutShort = () => {
    if (settled) return;
    settled = true;
    // Unless clientError took the request on first (it answers a body that breaks off itself).
    if (!claimAnswer(req)) return;
    const problem = describeBodyError({ name: 'Error', message: 'request aborted', type: 'request.aborted' }, core.options.bodyLimit);
    serveThroughCore(core, res, mockRequestOf(req, NO_BODY, { ...problem, declaredSize: length }));
  };
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    if (!claimAnswer(req)) return;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
    serveThroughCore(core, res, mockRequestOf(req, body));
  });
  req.on('aborted', cutShort);
  req.on('error', cutShort);
  req.on('close', () => {
    if (!req.complete) cutShort();
  });
}

const NO_BODY = new Uint8Array();

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

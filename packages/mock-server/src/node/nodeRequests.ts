/**
 * The mock core over Node's HTTP server without any framework: the core's view of a request, its
 * answer written back, and the usual requests (a plain body or none) served straight through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockCore } from '../core/createMockCore.js';
import { responseBodyPayload } from '../core/http/responses.js';
import type { MockRequest, MockResponse } from '../core/http/types.js';

/** An error raised by Express's body parser (body-parser / raw-body). */
/** @internal */
export interface BodyParserError extends Error {
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

/** The core's view of a Node request (a plain one, an Express one, or one Node's server never hands to an app). @internal */
export function mockRequestOf(req: IncomingMessage, body: Uint8Array, unreadableBody?: MockRequest['unreadableBody']): MockRequest {
  const request: MockRequest = {
    method: req.method ?? 'UNPARSED',
    // originalUrl is the raw request-target, not decoded: the signature covers it as sent (docs/spec/xconnect.md §1).
    target: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
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
  if (response.stream) {
    // Server-sent events: no length, chunks as they come, until the client goes or the server closes.
    res.writeHead(response.status, response.headers);
    res.flushHeaders();
    const stop = response.stream.open((chunk) => res.write(chunk));
    res.once('close', stop);
    return;
  }
  const payload = responseBodyPayload(response);
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  // RFC 9110 forbids a Content-Length on a 204, and a 304's would describe the body it does not carry.
  const framing = response.status === 204 || response.status === 304 ? {} : { 'content-length': String(length) };
  res.writeHead(response.status, { ...response.headers, ...framing });
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
/** @internal */
export function describeBodyError(error: BodyParserError, bodyLimit: number): { status: number; message: string } {
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
 * Serves a request straight through the core, without Express, when nothing about it needs the app:
 * it carries Host (or is not HTTP/1.1), and it has no body or a plain one within the body limit
 * (Content-Length, no Transfer-Encoding, no Content-Encoding). Says whether it did; the Express app
 * serves everything else (and answers the refusals). Express's routing and request wrapping
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

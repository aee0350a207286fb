/** The mock core served by Node's HTTP(S) server: listen and close, and the answers Node itself would give bare or not at all. */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { isLoopbackHost } from '../core/admin/adminGuard.js';
import type { MockCoreOptions } from '../core/config/coreOptions.js';
import { createMockCore, type MockCore } from '../core/createMockCore.js';
import { reasonPhrase, responseBodyBytes } from '../core/http/responses.js';
import type { MockRequest } from '../core/http/types.js';
import { withInspectorAssets } from './inspectorAssets.js';
import { claimAnswer, mockRequestOf, serveDirectly, serveThroughCore } from './nodeRequests.js';
import { recoverRequestLine } from './requestLine.js';
import { resolveTlsMaterial, type MockTlsOptions } from './tlsCredentials.js';

/** Options of the mock servers ({@link createNodeMockServer}, and the Express adapter's `createMockServer`): the core's options plus TLS. */
export interface MockServerOptions extends MockCoreOptions {
  /** Serve HTTPS with this certificate, or with a generated self-signed one (`{ selfSigned: true }`). */
  tls?: MockTlsOptions;
}

/** Where a started server listens. */
export interface MockServerAddress {
  protocol: 'http' | 'https';
  host: string;
  /** The real port (useful after listening on port 0). */
  port: number;
  /** `http://127.0.0.1:8080`, with IPv6 hosts bracketed. */
  url: string;
  /**
   * Set when the server listens on a non-loopback address: the admin API then requires this token
   * (`Authorization: Bearer <token>`), the one given (`adminToken` option) or one generated here.
   */
  exposure?: { adminToken: string; generated: boolean };
}

/** A mock served over HTTP(S): the core it serves, and a listener you start and stop. */
export interface MockHttpServer {
  core: MockCore;
  /** Starts listening (default port 8080 on 127.0.0.1); rejects with a clear message when the port is taken. */
  listen(port?: number, host?: string): Promise<MockServerAddress>;
  /**
   * Stops listening, answers the requests a fault's latency holds at once (`503`, journaled), lets
   * the answers under way go out for up to half a second, then closes the connections left.
   */
  close(): Promise<void>;
  /** The address while listening. */
  readonly address: MockServerAddress | undefined;
}

/** How long close() lets the answers under way go out before it cuts their connections. */
const CLOSE_GRACE_MS = 500;

/** Default port of the mock. */
export const DEFAULT_PORT = 8080;
/** Default host: loopback only, so the mock is not reachable from the network unless asked. */
export const DEFAULT_HOST = '127.0.0.1';

/** `http://127.0.0.1:8080`, with IPv6 hosts bracketed. @internal */
export function urlOf(protocol: string, host: string, port: number): string {
  return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Serves a request through the core and writes the answer straight to the socket, then closes it.
 * A connection already closing (an earlier answer said `Connection: close`) reads no more requests,
 * so nothing is served or journaled on it.
 */
function answerOnSocket(core: MockCore, socket: Duplex, request: MockRequest): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  void core
    .handle(request)
    .then((response) => {
      if (response.kind !== 'response' || !socket.writable) return socket.destroy();
      const bytes = responseBodyBytes(response);
      const headers = Object.entries({ ...response.headers, 'content-length': String(bytes.length), connection: 'close' })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}\r\n${headers}\r\n`), Buffer.from(bytes)]));
    })
    .catch(() => socket.destroy());
}

/**
 * Opens the admin API to the address the server binds, and to the network behind a token when that
 * address is not loopback: anyone who reaches the port could otherwise read secret keys, open KX
 * sessions, switch signing off or reset the data. Shared with the verifying proxy, whose admin API lists the keys it verifies with.
 * @internal
 */
export function exposeAdmin(core: MockCore, host: string): MockServerAddress['exposure'] {
  core.adminAccess.allowHost(host);
  if (isLoopbackHost(host)) return undefined;
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '::0') {
    // Every address of the machine reaches a wildcard bind: each is a Host a client may rightly send.
    core.adminAccess.allowHost(hostname());
    for (const nets of Object.values(networkInterfaces())) for (const net of nets ?? []) core.adminAccess.allowHost(net.address);
  }
  const given = core.adminAccess.token;
  if (given !== undefined) return { adminToken: given, generated: false };
  const generated = randomBytes(24).toString('base64url');
  core.adminAccess.requireToken(generated);
  return { adminToken: generated, generated: true };
}

/** What Node's HTTP parser attaches to the error it reports on `clientError`. */
interface ParserError extends NodeJS.ErrnoException {
  rawPacket?: Buffer;
  bytesParsed?: number;
}

/** An exchange handed to the app and perhaps not answered yet. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

// Where each socket keeps its exchanges not yet answered, in order.
const PENDING = Symbol('sigkit.pendingExchanges');

/** Sent in full, or its connection is gone. */
function isAnswered(res: ServerResponse): boolean {
  return res.writableFinished || res.destroyed;
}

/** Calls `then` once every response has been sent (or its connection has closed). */
function whenAnswered(responses: readonly ServerResponse[], then: () => void): void {
  const waiting = responses.filter((res) => !isAnswered(res));
  if (waiting.length === 0) return then();
  let left = waiting.length;
  for (const res of waiting) {
    let done = false;
    const one = () => {
      if (done) return;
      done = true;
      left -= 1;
      if (left === 0) then();
    };
    res.once('finish', one);
    res.once('close', one);
  }
}

/**
 * Answers with JSON, and journals, what Node's HTTP server would otherwise answer bare or drop:
 * requests its parser rejects (bad request line, oversized headers), a body that breaks off, an
 * `Expect` other than 100-continue, and CONNECT.
 */
function answerWhatNodeRefuses(server: Server, core: MockCore): void {
  // The exchanges handed to the app on each socket and not yet answered, in order: an answer written
  // straight to the socket must come after theirs, and a body that breaks off belongs to the last one.
  // Answered exchanges are dropped lazily, from the front (a socket's answers go out in order),
  // rather than through two listeners on every answer, which cost more than the bookkeeping.
  const pending = (socket: Duplex): Exchange[] => {
    const held = socket as Duplex & { [PENDING]?: Exchange[] };
    let exchanges = held[PENDING];
    if (exchanges === undefined) {
      exchanges = [];
      held[PENDING] = exchanges;
    }
    while (exchanges.length > 0 && isAnswered(exchanges[0]!.res)) exchanges.shift();
    return exchanges;
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    pending(req.socket).push({ req, res });
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const exchanges = pending(socket).filter((exchange) => !isAnswered(exchange.res));
    const last = exchanges.at(-1);
    if (last && !last.req.complete) {
      // The body of a request the app is reading broke off. That request is answered and journaled
      // here, once (its body reader's error, which comes later, is ignored), rather than as a second,
      // nameless one. If the app has taken it on already (a 413 before reading, say), its answer stands.
      if (!claimAnswer(last.req)) return whenAnswered([last.res], () => socket.end());
      const declared = Number(last.req.headers['content-length']);
      const message =
        error.code === 'HPE_INVALID_EOF_STATE'
          ? 'the client closed the connection before the request body was complete'
          : `the request body is not valid HTTP (${error.code ?? error.message})`;
      const unreadable: NonNullable<MockRequest['unreadableBody']> = { status: 400, message };
      if (Number.isSafeInteger(declared)) unreadable.declaredSize = declared;
      whenAnswered(exchanges.slice(0, -1).map((e) => e.res), () => answerOnSocket(core, socket, mockRequestOf(last.req, new Uint8Array(), unreadable)));
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431 ? 'the request headers are too large' : status === 408 ? 'the request was not received in time' : `the request is not valid HTTP (${error.code ?? error.message})`;
    const request: MockRequest = { method: 'UNPARSED', target: '/', headers: {}, body: new Uint8Array(), unreadableBody: { status, message } };
    if (status === 400 && core.options.profile === 'moonstone') {
      // The platform's container parsed some of what Node refuses (a lower-case method, say) and
      // refused the rest in its own way: the core answers as it did, from the request line as sent.
      const line = recoverRequestLine((error as ParserError).rawPacket, (error as ParserError).bytesParsed);
      if (line) Object.assign(request, line);
      request.unparsed = { code: error.code ?? 'HPE_UNKNOWN', requestLine: line !== undefined };
    }
    whenAnswered(
      exchanges.map((e) => e.res),
      () => answerOnSocket(core, socket, request),
    );
  });

  // Without this listener Node answers a bare 417 that nothing journals.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    res.shouldKeepAlive = false;
    const message = `Expect: ${req.headers.expect} cannot be met; send no Expect header, or Expect: 100-continue`;
    serveThroughCore(core, res, mockRequestOf(req, new Uint8Array(), { status: 417, message }));
  });

  // Without this listener Node sends `100 Continue` to any `Expect: 100-continue`, inviting a body
  // the mock will refuse: one declared over the limit is answered 413 at once, before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isSafeInteger(declared) && declared > core.options.bodyLimit) {
      res.shouldKeepAlive = false;
      const message = `the request body would be ${declared} bytes; this server accepts at most ${core.options.bodyLimit}`;
      serveThroughCore(core, res, mockRequestOf(req, new Uint8Array(), { status: 413, message, declaredSize: declared }));
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });

  // Without this listener Node drops the connection without a word.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    answerOnSocket(core, socket, mockRequestOf(req, new Uint8Array(), { status: 400, message: 'CONNECT asks for a tunnel, and this mock is not a proxy' }));
  });
}

/**
 * Listens as {@link listenOn} does and gives the address, with the admin API's exposure (a token
 * off loopback, {@link exposeAdmin}): the mock and the proxy start alike.
 * @internal
 */
export async function listenExposed(server: Server, core: MockCore, port: number, host: string, secure: boolean): Promise<MockServerAddress> {
  const realPort = await listenOn(server, port, host);
  const protocol = secure ? 'https' : 'http';
  const address: MockServerAddress = { protocol, host, port: realPort, url: urlOf(protocol, host, realPort) };
  const exposure = exposeAdmin(core, host);
  if (exposure) address.exposure = exposure;
  return address;
}

/**
 * Starts `server` listening and resolves with the real port (useful after port 0); rejects with a
 * one-line reason when the port is taken, not allowed or the address is not this machine's.
 * Shared by the mock's server and the proxy's. @internal
 */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use`
          : error.code === 'EACCES'
            ? `not allowed to listen on port ${port} of ${host}`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `cannot listen on ${host}: no such local address`
              : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(Object.assign(new Error(reason), { code: error.code }));
    };
    const onListening = () => {
      server.off('error', onError);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** What serves the requests {@link serveDirectly} leaves: an Express app, or a stand-in that loads one. */
export type MockFallbackHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves `core` over HTTP, or HTTPS with `tls`: usual requests straight through the core, the rest
 * through `fallback`. Shared by {@link createNodeMockServer} and the Express adapter's `createMockServer`.
 * @internal
 */
export function serveMockCore(core: MockCore, tls: MockTlsOptions | undefined, fallback: MockFallbackHandler): MockHttpServer {
  let server: Server | undefined;
  let address: MockServerAddress | undefined;
  // The answers under way, which close() lets go out before it cuts the connections.
  const inFlight = new Set<ServerResponse>();

  return {
    core,
    get address() {
      return address;
    },
    async listen(port = DEFAULT_PORT, host = DEFAULT_HOST) {
      if (server) throw new Error(`the mock server is already listening on ${address?.url}`);
      const material = tls ? await resolveTlsMaterial(tls) : undefined;
      // Listening again after close(): latency faults hold requests again.
      core.resume();
      // Node's own Host check answers a bare 400; the app answers it instead (see mockCoreMiddleware).
      // Usual requests go straight to the core; the fallback (an Express app) serves the rest (see serveDirectly).
      const handler = (req: IncomingMessage, res: ServerResponse) => {
        if (!serveDirectly(core, req, res)) fallback(req, res);
      };
      const created: Server = material
        ? createHttpsServer({ cert: material.cert, key: material.key, requireHostHeader: false }, handler)
        : createHttpServer({ requireHostHeader: false }, handler);
      // A client may end its side of the connection once its request is sent (a half close); by
      // default Node then drops the answer still being prepared. With Node's (undocumented) switch
      // on, the mock answers it, then closes.
      (created as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
      answerWhatNodeRefuses(created, core);
      created.on('request', (_req: IncomingMessage, res: ServerResponse) => {
        if (isAnswered(res)) return;
        inFlight.add(res);
        const done = () => inFlight.delete(res);
        res.once('finish', done);
        res.once('close', done);
      });
      address = await listenExposed(created, core, port, host, material !== undefined);
      server = created;
      return address;
    },
    async close() {
      const closing = server;
      if (!closing) return;
      server = undefined;
      address = undefined;
      // Stop accepting, wake the requests a fault's latency holds (they are answered 503 and
      // journaled), give the answers under way a moment to go out, then cut what is left: a
      // supervisor's SIGTERM is obeyed within a second whatever faults are pending.
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeIdleConnections();
      core.shutdown();
      const open = [...inFlight];
      if (open.length > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => whenAnswered(open, resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
        ]);
        clearTimeout(timer);
      }
      closing.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Creates the mock server without loading Express up front: the usual requests (no body, or a
 * plain one within the limit) go straight through the core, and Express (about 60 ms to load) is
 * loaded on the first request that needs it — a chunked or compressed body, one over the limit, an
 * HTTP/1.1 request without Host. Answers exactly as `createMockServer` does; this is what
 * `sigkit mock` starts, so it is listening sooner. Throws a `MockInputError` on unusable options.
 *
 * @example
 * ```ts
 * import { createNodeMockServer } from '@sigkit/mock-server/node';
 *
 * const server = createNodeMockServer({ seed: 42 });
 * const { url } = await server.listen(0);
 * await server.close();
 * ```
 */
export function createNodeMockServer(options: MockServerOptions = {}): MockHttpServer {
  const { tls, ...coreOptions } = options;
  const core = createMockCore(withInspectorAssets(coreOptions));
  let app: Promise<MockFallbackHandler> | undefined;
  const fallback: MockFallbackHandler = (req, res) => {
    // The body is not read meanwhile: it waits in the socket until the app reads it.
    app ??= import('../express/expressApp.js').then(({ createExpressApp }) => createExpressApp(core));
    void app.then(
      (handler) => handler(req, res),
      (error: unknown) => {
        if (!claimAnswer(req)) return;
        res.shouldKeepAlive = false;
        serveThroughCore(core, res, mockRequestOf(req, new Uint8Array(), { status: 500, message: `the mock could not load its HTTP framework: ${error instanceof Error ? error.message : String(error)}` }));
      },
    );
  };
  return serveMockCore(core, tls, fallback);
}

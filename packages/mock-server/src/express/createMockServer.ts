/** `createMockServer`: the core behind an Express 5 app, with listen/close over HTTP or HTTPS. */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { MockCoreOptions } from '../core/config/coreOptions.js';
import { createMockCore, type MockCore } from '../core/createMockCore.js';
import { reasonPhrase, responseBodyBytes } from '../core/http/responses.js';
import { resolveTlsMaterial, type MockTlsOptions } from '../node/tlsCredentials.js';
import { createExpressApp } from './expressApp.js';

/** Options of {@link createMockServer}: the core's options plus TLS. */
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
}

/** A mock server: the Express app, the core it serves, and a listener you start and stop. */
export interface MockServer {
  /** The Express app (for supertest, or to mount under your own server). */
  app: Express;
  core: MockCore;
  /** Starts listening (default port 8080 on 127.0.0.1); rejects with a clear message when the port is taken. */
  listen(port?: number, host?: string): Promise<MockServerAddress>;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
  /** The address while listening. */
  readonly address: MockServerAddress | undefined;
}

/** Default port of the mock. */
export const DEFAULT_PORT = 8080;
/** Default host: loopback only, so the mock is not reachable from the network unless asked. */
export const DEFAULT_HOST = '127.0.0.1';

function urlOf(protocol: string, host: string, port: number): string {
  return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Answers requests Node's HTTP parser rejects (bad request line, oversized headers) with JSON, and
 * journals them, instead of Node's bare 400.
 */
function answerUnparsableRequests(server: Server, core: MockCore): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431 ? 'the request headers are too large' : status === 408 ? 'the request was not received in time' : `the request is not valid HTTP (${error.code ?? error.message})`;
    void core
      .handle({ method: 'UNPARSED', target: '/', headers: {}, body: new Uint8Array(), unreadableBody: { status, message } })
      .then((response) => {
        if (response.kind !== 'response' || !socket.writable) return socket.destroy();
        const bytes = responseBodyBytes(response);
        const headers = Object.entries({ ...response.headers, 'content-length': String(bytes.length), connection: 'close' })
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('');
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n${headers}\r\n`), Buffer.from(bytes)]));
      })
      .catch(() => socket.destroy());
  });
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
  const core = createMockCore(coreOptions);
  const app = createExpressApp(core);
  let server: Server | undefined;
  let address: MockServerAddress | undefined;

  return {
    app,
    core,
    get address() {
      return address;
    },
    async listen(port = DEFAULT_PORT, host = DEFAULT_HOST) {
      if (server) throw new Error(`the mock server is already listening on ${address?.url}`);
      const material = tls ? await resolveTlsMaterial(tls) : undefined;
      const created: Server = material ? createHttpsServer({ cert: material.cert, key: material.key }, app) : createHttpServer(app);
      answerUnparsableRequests(created, core);
      await new Promise<void>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => {
          created.off('listening', onListening);
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
          created.off('error', onError);
          resolve();
        };
        created.once('error', onError);
        created.once('listening', onListening);
        created.listen(port, host);
      });
      const bound = created.address();
      const realPort = typeof bound === 'object' && bound ? bound.port : port;
      const protocol = material ? 'https' : 'http';
      server = created;
      address = { protocol, host, port: realPort, url: urlOf(protocol, host, realPort) };
      return address;
    },
    async close() {
      const closing = server;
      if (!closing) return;
      server = undefined;
      address = undefined;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    },
  };
}

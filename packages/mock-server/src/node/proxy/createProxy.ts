/** The verifying proxy over Node's HTTP: forwards every request to the target unchanged and streaming, verifies it on the way, journals it, and records it. */
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Pool } from 'undici';
import { ADMIN_PREFIX } from '../../core/admin/adminApi.js';
import type { MockCredentialInput } from '../../core/credentials/credentials.js';
import { createMockCore, type MockCore } from '../../core/createMockCore.js';
import { DEFAULT_BODY_LIMIT } from '../../core/config/coreOptions.js';
import type { KxProfileOption } from '../../core/kx/config/profileOption.js';
import type { MockProfile } from '../../core/platform/profile.js';
import { createHarRecorder, DEFAULT_RECORD_BODY_LIMIT, type HarRecorder } from '../../core/proxy/harRecorder.js';
import { createLocalVerifier } from '../../core/proxy/localVerdict.js';
import { proxyJournalEntry, type ProxyExchange } from '../../core/proxy/proxyJournalEntry.js';
import { createRequestBodyTap, type BodyTapScheme } from '../../core/proxy/requestBodyTap.js';
import { KX_LOGIN_ROUTE, KX_PREFIX } from '../../core/kx/http/callPath.js';
import { XCONNECT_PREFIX } from '../../core/xconnect/xconnectModule.js';
import { withInspectorAssets } from '../inspectorAssets.js';
import { DEFAULT_HOST, listenExposed, type MockServerAddress } from '../mockHttpServer.js';
import { sendMockResponse } from '../nodeRequests.js';
import { resolveTlsMaterial, type MockTlsOptions } from '../tlsCredentials.js';
import { ProxiedExchange, type ProxyContext } from './proxiedExchange.js';

/** Options of {@link createProxy}. */
export interface ProxyOptions {
  /** Where requests go: `https://platform.example` (a path is prefixed to every request-target). */
  target: string;
  /** xConnect keys to verify with (default: the signing guide's example key, as the mock accepts). */
  credentials?: readonly Pick<MockCredentialInput, 'apiKey' | 'secretKey' | 'label'>[];
  /** KX users whose logins are checked and whose sessions are learned (default: the guides' two users). */
  kxUsers?: readonly { username: string; password: string }[];
  /** KX signing profile the target uses (default: the kit's). */
  kxProfile?: KxProfileOption;
  /** Whose xConnect rules judge locally: `strict` (the kit's, default) or `moonstone` (the published platform's). */
  profile?: MockProfile;
  /** Accept any certificate from an HTTPS target (a self-signed one, say). */
  insecure?: boolean;
  /** PEM certificate(s) of the authority that signed the target's certificate. */
  ca?: string | Buffer;
  /** Most milliseconds the target may stay silent (connecting, or between bytes of its answer) before the proxy answers 504 (default 30 000). */
  timeoutMs?: number;
  /** Largest request body forwarded; a larger one gets 413 (default 1 MiB, as the mock). */
  bodyLimit?: number;
  /** Send the client's own Host header to the target instead of the target's (default false). */
  preserveHost?: boolean;
  /** Write what passed to this HAR file (rewritten as requests pass, and on close). */
  record?: string;
  /** Largest body a recording keeps whole (default 1 MiB); a longer answer is recorded cut and is not replayed. */
  recordBodyLimit?: number;
  /** Journal capacity and body limits, as the mock's. */
  journalSize?: number;
  journalBodyLimit?: number;
  journalResponseBodyLimit?: number;
  /** Serve the proxy itself over HTTPS. */
  tls?: MockTlsOptions;
  /** Where the one-line findings go (a rejection, a disagreement, a target that failed); default: nowhere. */
  report?: (line: string) => void;
  /** The version written in a recording's creator. */
  version?: string;
}

/** A running verifying proxy. */
export interface VerifyingProxy {
  /** The core that keeps the journal and serves `/__sigkit` (its credentials are the ones the proxy verifies with). */
  core: MockCore;
  /** Starts listening (port 8080, 127.0.0.1 by default). */
  listen(port?: number, host?: string): Promise<MockServerAddress>;
  /** Stops listening, closes connections, and writes the recording a last time. */
  close(): Promise<void>;
  readonly address: MockServerAddress | undefined;
  /** The recording, when `record` was given. */
  readonly recorder: HarRecorder | undefined;
}

/** Default of `timeoutMs`. */
export const DEFAULT_PROXY_TIMEOUT_MS = 30_000;

// The sessionId of a login answer must reach the verifier even when the journal keeps less.
const LOGIN_ANSWER_LIMIT = 64 * 1024;

/**
 * Request bodies up to this size (or the journal's body limit, or a recording's, when larger) are
 * held whole, and verified and explained exactly as the mock does; a larger body is forwarded as it
 * arrives, its first bytes kept and its digests computed on the way (see `createRequestBodyTap`).
 */
export const PROXY_HELD_BODY_LIMIT = 64 * 1024;

/** Most milliseconds between the end of an exchange and its verdict and journal entry (see `createProxy`); a read of the journal never waits for them. */
export const PROXY_BATCH_MS = 5;

/** Most exchanges waiting to be judged and journaled; one more concludes them at once. */
export const PROXY_BATCH_LIMIT = 512;

/** Most connections the proxy opens to its target; requests beyond wait for one (50 clients at once open 50). */
export const PROXY_TARGET_CONNECTIONS = 256;

const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Creates a verifying proxy in front of `target`. Every request outside `/__sigkit` is forwarded
 * as sent — method, raw request-target, headers in their case and order (the Host header becomes
 * the target's unless `preserveHost`; hop-by-hop headers are the connection's own), body — and
 * streamed both ways; the answer comes back with the target's status, headers and body. On the
 * way, each request is verified locally as the mock verifies it, with the credentials given. A body
 * is forwarded as it arrives and is not held whole: up to `PROXY_HELD_BODY_LIMIT` (or the journal's
 * or the recording's body limit, when larger) it is kept, and verified and explained as the mock
 * does; past that only that prefix is kept, and the signature is checked against the payload hash
 * or KX body digest computed on the way (the journal entry says so, and names no client mistake).
 * A body over `bodyLimit` gets 413: at once when its Content-Length says so (nothing is forwarded),
 * else when it goes over (the request to the target is aborted). The journal
 * and admin API under `/__sigkit` are the mock core's, so `GET /__sigkit/journal` and
 * `sigkit explain --journal N --mock-url <proxy>` work as for the mock. A target that refuses,
 * resets or stays silent past `timeoutMs` gets the client a JSON 502 or 504 with the reason.
 *
 * @example
 * ```ts
 * import { createProxy } from '@sigkit/mock-server/node';
 *
 * const proxy = createProxy({ target: 'https://platform.example', credentials: [{ apiKey, secretKey }], report: console.log });
 * const { url } = await proxy.listen(0);
 * // point the client at url; then:
 * proxy.core.journal.list({ ok: false }).entries;
 * await proxy.close();
 * ```
 */
export function createProxy(options: ProxyOptions): VerifyingProxy {
  let targetUrl: URL;
  try {
    targetUrl = new URL(options.target);
  } catch {
    throw new TypeError(`the proxy's target must be a URL such as https://platform.example, got "${options.target}"`);
  }
  if (targetUrl.protocol !== 'http:' && targetUrl.protocol !== 'https:') throw new TypeError(`the proxy's target must be http:// or https://, got "${options.target}"`);
  const targetOrigin = targetUrl.origin;
  const basePath = targetUrl.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const preserveHost = options.preserveHost === true;
  const report = options.report ?? (() => {});

  const credentials = options.credentials ?? [];
  const kxUsers = options.kxUsers ?? [];
  // The inspector's page (/__sigkit/ui) shows the proxy's journal as it shows the mock's.
  const core = createMockCore(withInspectorAssets({
    ...(options.profile !== undefined && { profile: options.profile }),
    includeGuideCredentials: credentials.length === 0,
    credentials: credentials.map((c) => ({ ...c })),
    kx: { includeGuideUsers: kxUsers.length === 0, users: kxUsers.map((u) => ({ ...u })), ...(options.kxProfile !== undefined && { profile: options.kxProfile }) },
    bodyLimit,
    ...(options.journalSize !== undefined && { journalSize: options.journalSize }),
    ...(options.journalBodyLimit !== undefined && { journalBodyLimit: options.journalBodyLimit }),
    ...(options.journalResponseBodyLimit !== undefined && { journalResponseBodyLimit: options.journalResponseBodyLimit }),
  }));
  const verifier = createLocalVerifier(core);
  const journalLimits = { body: core.options.journalBodyLimit, responseBody: core.options.journalResponseBodyLimit };
  const recorder = options.record === undefined ? undefined : createHarRecorder(targetOrigin, { bodyLimit: options.recordBodyLimit ?? DEFAULT_RECORD_BODY_LIMIT, ...(options.version !== undefined && { version: options.version }) });
  const recordLimit = recorder ? (options.recordBodyLimit ?? DEFAULT_RECORD_BODY_LIMIT) : 0;
  const heldLimit = Math.max(PROXY_HELD_BODY_LIMIT, journalLimits.body, recordLimit);
  const xconnectTap: BodyTapScheme = { scheme: 'xconnect', platform: core.options.profile === 'moonstone' ? 'moonstone' : 'kit' };
  const kxTap: BodyTapScheme = { scheme: 'kx', profile: core.kx.profile };
  const noTap: BodyTapScheme = { scheme: null };
  const tapSchemeOf = (path: string) => (underPrefix(path, XCONNECT_PREFIX) ? xconnectTap : underPrefix(path, KX_PREFIX) ? kxTap : noTap);

  // Connections to the target are kept open and reused (opening one per request, a TLS handshake
  // on HTTPS, would cost more than everything else the proxy does), through undici: its HTTP/1.1
  // client costs a fifth less per request than node:http's, which the proxy pays on every request.
  // undici is loaded when the proxy first listens, not when this module is: `sigkit mock` imports
  // the same entry point, and loading undici there cost a third of its start-up.
  let pool: Pool | undefined;
  const openPool = async (): Promise<Pool> => {
    const { Pool: UndiciPool } = await import('undici');
    return new UndiciPool(targetOrigin, {
      connections: PROXY_TARGET_CONNECTIONS,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs, rejectUnauthorized: options.insecure !== true, ...(options.ca !== undefined && { ca: options.ca }) },
    });
  };

  // The recording is rewritten shortly after requests pass, one write at a time, and once more on close.
  let writing: Promise<void> = Promise.resolve();
  let writeTimer: NodeJS.Timeout | undefined;
  const writeRecording = () => {
    if (!recorder || options.record === undefined) return writing;
    const path = options.record;
    writing = writing.then(() => writeFile(path, JSON.stringify(recorder.har(), null, 2) + '\n')).catch((error: unknown) => report(`cannot write the recording ${path}: ${(error as Error).message}`));
    return writing;
  };
  const scheduleRecording = () => {
    if (!recorder || writeTimer !== undefined) return;
    writeTimer = setTimeout(() => {
      writeTimer = undefined;
      void writeRecording();
    }, 200);
    writeTimer.unref();
  };

  const finish = (exchange: ProxyExchange) => {
    core.journal.record(proxyJournalEntry(exchange, journalLimits));
    if (exchange.comparison.line !== null) report(exchange.comparison.line);
    if (recorder && exchange.failure === null) {
      recorder.add(exchange);
      scheduleRecording();
    }
  };

  function serveAdmin(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void core
        .handle({
          method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headersDistinct as Record<string, string[]>, body: Buffer.concat(chunks),
          // The admin API may judge a caller by its address (it lists the secret keys the proxy verifies with).
          ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress }),
        })
        .then((response) => sendMockResponse(res, response));
    });
  }

  // Forward first, judge after. Exchanges that have ended are judged and journaled in batches, at
  // most PROXY_BATCH_MS after the first of them ended, so that forwarding never waits behind a
  // verification and the verifier and the journal run many times in a row while their code and data
  // are warm: at 50 connections that is a tenth less of the proxy's CPU per request than judging
  // each exchange as it ends (docs/BENCHMARKS.md). Nothing of it shows: a request is judged as of the
  // moment it had passed (`PassingRequest.judgedAt`), with the credentials of then (a change to
  // them concludes the batch first), KX calls at once after the batch (their sessions are learned
  // from the answers before), and a read of the journal concludes the batch first.
  let batch: ProxiedExchange[] = [];
  let batchTimer: NodeJS.Timeout | undefined;
  const concludeBatch = () => {
    if (batchTimer !== undefined) clearTimeout(batchTimer);
    batchTimer = undefined;
    if (batch.length === 0) return;
    // Taken first: journaling may notify a listener that reads the journal, which concludes again.
    const concluding = batch;
    batch = [];
    for (const exchange of concluding) {
      try {
        exchange.conclude();
      } catch (error) {
        report(`sigkit proxy could not journal an exchange: ${(error as Error).message}`);
      }
    }
  };
  core.journal.beforeRead(concludeBatch);
  // Credentials changed in code or through the admin API apply to the requests that pass after the change.
  core.credentials.beforeChange(concludeBatch);

  const answerLimits = { plain: Math.max(journalLimits.responseBody, recordLimit), login: Math.max(journalLimits.responseBody, recordLimit, LOGIN_ANSWER_LIMIT) };
  const context: ProxyContext = {
    // Requests reach an exchange only once the proxy listens, and so once the pool is open.
    get pool() {
      return pool!;
    },
    targetOrigin, targetHost: targetUrl.host, basePath, preserveHost, timeoutMs, bodyLimit, verifier,
    now: () => core.clock.now(),
    judgeAtOnce: (path) => underPrefix(path, KX_PREFIX),
    nextJournalId: () => core.journal.nextId(),
    tapFor: (path) => createRequestBodyTap(heldLimit, tapSchemeOf(path)),
    answerCopyLimit: (path) => (path === KX_LOGIN_ROUTE || path.endsWith(KX_LOGIN_ROUTE) ? answerLimits.login : answerLimits.plain),
    finish,
    settled(exchange) {
      const size = batch.push(exchange);
      if (size >= PROXY_BATCH_LIMIT) concludeBatch();
      else if (size === 1) {
        batchTimer = setTimeout(concludeBatch, PROXY_BATCH_MS);
        batchTimer.unref();
      }
    },
    concludeEnded: concludeBatch,
  };

  let server: Server | undefined;
  let address: MockServerAddress | undefined;
  return {
    core,
    recorder,
    get address() {
      return address;
    },
    async listen(port = 8080, host = DEFAULT_HOST) {
      if (server) throw new Error(`the proxy is already listening on ${address?.url}`);
      const material = options.tls ? await resolveTlsMaterial(options.tls) : undefined;
      pool ??= await openPool();
      const handler = (req: IncomingMessage, res: ServerResponse) => {
        const path = (req.url ?? '/').split('?', 1)[0]!;
        if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) serveAdmin(req, res);
        else new ProxiedExchange(context, req, res).start();
      };
      const created: Server = material ? createHttpsServer({ cert: material.cert, key: material.key, requireHostHeader: false }, handler) : createHttpServer({ requireHostHeader: false }, handler);
      // As the mock: off loopback the admin API requires a token.
      address = await listenExposed(created, core, port, host, material !== undefined);
      server = created;
      return address;
    },
    async close() {
      const closing = server;
      server = undefined;
      address = undefined;
      if (closing) {
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeAllConnections();
        });
      }
      const opened = pool;
      pool = undefined;
      await opened?.destroy();
      concludeBatch();
      if (writeTimer !== undefined) clearTimeout(writeTimer);
      writeTimer = undefined;
      await writeRecording();
    },
  };
}

/** The verifying proxy over Node's HTTP: forwards every request to the target unchanged and streaming, verifies it on the way, journals it, and records it. */
import { writeFile } from 'node:fs/promises';
import { Agent as HttpAgent, createServer as createHttpServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { ADMIN_PREFIX } from '../../core/admin/adminApi.js';
import type { MockCredentialInput } from '../../core/credentials/credentials.js';
import { createMockCore, JOURNAL_ID_HEADER, type MockCore } from '../../core/createMockCore.js';
import { DEFAULT_BODY_LIMIT } from '../../core/config/coreOptions.js';
import { errorResponse } from '../../core/http/responses.js';
import type { KxProfileOption } from '../../core/kx/config/profileOption.js';
import type { MockProfile } from '../../core/platform/profile.js';
import { createHarRecorder, DEFAULT_RECORD_BODY_LIMIT, type HarRecorder } from '../../core/proxy/harRecorder.js';
import { createLocalVerifier, type LocalVerdict, type PassingRequest } from '../../core/proxy/localVerdict.js';
import { proxyJournalEntry, type ProxyExchange } from '../../core/proxy/proxyJournalEntry.js';
import { createRequestBodyTap, type BodyTapScheme } from '../../core/proxy/requestBodyTap.js';
import { compareWithTarget } from '../../core/proxy/targetComparison.js';
import { KX_LOGIN_ROUTE, KX_PREFIX } from '../../core/kx/http/callPath.js';
import { XCONNECT_PREFIX } from '../../core/xconnect/xconnectModule.js';
import { withInspectorAssets } from '../inspectorAssets.js';
import { DEFAULT_HOST, exposeAdmin, listenOn, urlOf, type MockServerAddress } from '../mockHttpServer.js';
import { sendMockResponse } from '../nodeRequests.js';
import { resolveTlsMaterial, type MockTlsOptions } from '../tlsCredentials.js';

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

/** Headers of one hop only: they describe the connection, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

/** Why the target gave no answer, as a status and a sentence. */
function describeTargetFailure(error: NodeJS.ErrnoException, targetUrl: string, timeoutMs: number): { status: number; message: string } {
  const code = error.code ?? '';
  if (code === 'SIGKIT_TIMEOUT') return { status: 504, message: `the target ${targetUrl} did not answer within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { status: 502, message: `the target ${targetUrl} refused the connection (ECONNREFUSED): is it running, on that port?` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { status: 502, message: `cannot resolve the target's host ${new URL(targetUrl).hostname} (${code})` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up') {
    return { status: 502, message: `the target ${targetUrl} closed the connection without an answer (${code || error.message})` };
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate/i.test(error.message)) {
    return { status: 502, message: `TLS with the target ${targetUrl} failed: ${error.message} (${code}); pass --insecure, or --ca with the authority's certificate` };
  }
  return { status: 502, message: `the target ${targetUrl} failed: ${error.message}${code ? ` (${code})` : ''}` };
}

/** The client's raw headers, Host replaced by the target's unless preserved and hop-by-hop headers dropped; case and order kept. */
function forwardedHeaders(rawHeaders: readonly string[], targetHost: string, preserveHost: boolean): string[] {
  const out: string[] = [];
  let hostSeen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'host') {
      if (hostSeen) continue;
      hostSeen = true;
      out.push(name, preserveHost ? rawHeaders[i + 1]! : targetHost);
      continue;
    }
    out.push(name, rawHeaders[i + 1]!);
  }
  if (!hostSeen && !preserveHost) out.push('Host', targetHost);
  return out;
}

/** The target's raw answer headers without its hop-by-hop ones; the proxy's connection to the client has its own. */
function answeredHeaders(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (!HOP_BY_HOP.has(rawHeaders[i]!.toLowerCase())) out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  return out;
}

/** The answer's headers as the journal keeps them (lower-case names, repeated values joined), read in one pass over the raw list. */
function flatResponseHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const before = out[name];
    out[name] = before === undefined ? rawHeaders[i + 1]! : `${before}, ${rawHeaders[i + 1]!}`;
  }
  return out;
}

const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Keeps the first `limit` bytes of a stream's chunks. */
class BoundedCopy {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  size = 0;
  constructor(readonly limit: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.#kept >= this.limit) return;
    const part = this.#kept + chunk.length > this.limit ? chunk.subarray(0, this.limit - this.#kept) : chunk;
    this.#chunks.push(part);
    this.#kept += part.length;
  }
  bytes(): Uint8Array {
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#kept);
  }
}

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

  // Connections to the target are kept open and reused: opening one per request (a TLS handshake
  // on HTTPS) would cost more than everything else the proxy does.
  const https = targetUrl.protocol === 'https:';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, timeout: timeoutMs, rejectUnauthorized: options.insecure !== true, ...(options.ca !== undefined && { ca: options.ca }) })
    : new HttpAgent({ keepAlive: true, timeout: timeoutMs });
  const send = https ? httpsRequest : httpRequest;
  const servername = https && isIP(targetUrl.hostname.replace(/^\[|\]$/g, '')) === 0 ? targetUrl.hostname : undefined;

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

  const answerItself = (res: ServerResponse, journalId: number, status: number, message: string, path: string) => {
    if (res.headersSent) {
      res.destroy();
      return { status: null, headers: {}, body: null, bodySize: 0 };
    }
    const response = errorResponse(status, message, path, Date.now(), { [JOURNAL_ID_HEADER]: String(journalId) });
    // After a refused body the rest of it may still be coming: the connection cannot carry another request.
    res.shouldKeepAlive = false;
    sendMockResponse(res, response);
    const body = Buffer.from(JSON.stringify(response.kind === 'response' ? response.body : null));
    return { status, headers: response.kind === 'response' ? response.headers : {}, body, bodySize: body.length };
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

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const receivedAt = Date.now();
    const journalId = core.journal.nextId();
    const rawTarget = req.url ?? '/';
    const method = req.method ?? 'GET';
    const path = rawTarget.split('?', 1)[0]!;
    const headers = req.headersDistinct as Record<string, string[]>;
    const scheme: 'http' | 'https' = (req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
    const remoteAddress = req.socket.remoteAddress ?? null;
    const requestBody = createRequestBodyTap(heldLimit, tapSchemeOf(path));
    // Bytes of the body received, a part over the limit included.
    let received = 0;
    const isLogin = path === KX_LOGIN_ROUTE || path.endsWith(KX_LOGIN_ROUTE);
    const responseCopy = new BoundedCopy(Math.max(journalLimits.responseBody, recordLimit, isLogin ? LOGIN_ANSWER_LIMIT : 0));

    let local: LocalVerdict | undefined;
    let response: ProxyExchange['response'] | undefined;
    let failure: string | null = null;
    let done = false;
    // Built once the body has ended (or will take no more): the verdict and the journal read the same request.
    let passingRequest: PassingRequest | undefined;
    const passing = (): PassingRequest => {
      if (passingRequest !== undefined) return passingRequest;
      const streamed = requestBody.streamed();
      passingRequest = { journalId, method, target: rawTarget, headers, body: requestBody.held(), scheme, ...(streamed !== undefined && { streamed }) };
      return passingRequest;
    };
    // The exchange is journaled once both the request has been judged and the answer has ended.
    const settle = () => {
      if (done || local === undefined || response === undefined) return;
      done = true;
      const request = passing();
      if (failure === null && response.status !== null) verifier.learn(request, response.status, response.body);
      const comparison = compareWithTarget(local, failure === null ? response.status : null, { journalId, method, target: rawTarget, ...(failure !== null && { failure }) });
      finish({
        request, requestBodySize: received, receivedAt, durationMs: performance.now() - started, remoteAddress,
        local, comparison, targetUrl: targetOrigin, response, failure,
      });
    };
    const unjudged = (why: string): LocalVerdict => ({ platform: null, verdict: null, unverifiedBecause: why });
    const fail = (status: number, message: string) => {
      if (response !== undefined) return;
      failure = message;
      response = answerItself(res, journalId, status, message, path);
      settle();
    };

    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > bodyLimit) {
      local = unjudged(`the body (${declared} bytes) is over the proxy's limit and was not read`);
      req.resume();
      fail(413, `the request body is ${declared} bytes; this proxy forwards at most ${bodyLimit} (--body-limit)`);
      return;
    }

    const upstream = send({
      agent,
      protocol: targetUrl.protocol,
      hostname: targetUrl.hostname.replace(/^\[|\]$/g, ''),
      port: targetUrl.port || (https ? 443 : 80),
      method,
      path: `${basePath}${rawTarget}`,
      headers: forwardedHeaders(req.rawHeaders, targetUrl.host, preserveHost) as unknown as OutgoingHttpHeaders,
      setHost: false,
      ...(servername !== undefined && { servername }),
    });
    // A request without a body is sent whole at once, not when Node reports its (empty) body's end.
    const bodiless = (declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined;
    if (bodiless) upstream.end();
    // The agent's sockets time out after timeoutMs of silence (set once per socket, not per request).
    upstream.on('timeout', () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'SIGKIT_TIMEOUT' })));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response !== undefined) return;
      const described = describeTargetFailure(error, targetOrigin, timeoutMs);
      if (res.headersSent) {
        // The answer broke off midway: the client sees its connection close, the journal says why.
        failure = `${described.message} (after the answer's headers)`;
        res.destroy();
        response = { status: null, headers: {}, body: null, bodySize: 0 };
        if (local === undefined) local = unjudged('the exchange broke off');
        settle();
        return;
      }
      if (local === undefined && req.complete) local = verifier.verify(passing());
      fail(described.status, described.message);
      if (local === undefined) {
        // Judge what did arrive once the client has finished sending; it no longer goes anywhere.
        req.resume();
      }
    });

    // The request body: forwarded chunk by chunk as it arrives (waiting when the target is slower),
    // and copied for the local verdict, which is decided when it ends.
    if (!bodiless) req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) {
        if (response === undefined) {
          local = unjudged(`the body went over the proxy's limit of ${bodyLimit} bytes`);
          upstream.destroy();
          fail(413, `the request body is larger than ${bodyLimit} bytes, the most this proxy forwards (--body-limit)`);
        }
        return;
      }
      requestBody.add(chunk);
      if (!upstream.destroyed && !upstream.write(chunk)) req.pause();
    });
    if (!bodiless) upstream.on('drain', () => req.resume());
    req.on('end', () => {
      if (local === undefined) local = verifier.verify(passing());
      if (!bodiless && !upstream.destroyed) upstream.end();
      settle();
    });
    req.on('close', () => {
      if (!req.complete && local === undefined) {
        local = unjudged('the client closed the connection before its body was complete');
        upstream.destroy();
        if (response === undefined) response = { status: null, headers: {}, body: null, bodySize: 0 };
        failure ??= 'the client went away';
        settle();
      }
    });
    res.on('close', () => {
      // The client went away before the answer was written: stop the target's answer too.
      if (!res.writableFinished) upstream.destroy();
    });

    upstream.on('response', (answer: IncomingMessage) => {
      if (response !== undefined) {
        answer.resume();
        return;
      }
      const status = answer.statusCode ?? 502;
      res.writeHead(status, answer.statusMessage, answeredHeaders(answer.rawHeaders));
      answer.on('data', (chunk: Buffer) => {
        responseCopy.add(chunk);
        if (!res.write(chunk)) answer.pause();
      });
      res.on('drain', () => answer.resume());
      answer.on('end', () => {
        res.end();
        if (response !== undefined) return;
        response = { status, headers: flatResponseHeaders(answer.rawHeaders), body: responseCopy.bytes(), bodySize: responseCopy.size };
        settle();
      });
      answer.on('close', () => {
        if (answer.complete || response !== undefined) return;
        // The answer broke off midway: the client sees its connection close, the journal says why.
        failure = `the target ${targetOrigin} closed the connection during its answer, after ${responseCopy.size} bytes of body`;
        res.destroy();
        response = { status: null, headers: {}, body: null, bodySize: 0 };
        local ??= unjudged('the exchange broke off');
        settle();
      });
    });
  }

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
      const handler = (req: IncomingMessage, res: ServerResponse) => {
        const path = (req.url ?? '/').split('?', 1)[0]!;
        if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) serveAdmin(req, res);
        else forward(req, res);
      };
      const created: Server = material ? createHttpsServer({ cert: material.cert, key: material.key, requireHostHeader: false }, handler) : createHttpServer({ requireHostHeader: false }, handler);
      const realPort = await listenOn(created, port, host);
      const protocol = material ? 'https' : 'http';
      server = created;
      address = { protocol, host, port: realPort, url: urlOf(protocol, host, realPort) };
      // As the mock: off loopback the admin API (which lists the secret keys given) requires a token.
      const exposure = exposeAdmin(core, host);
      if (exposure) address.exposure = exposure;
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
      agent.destroy();
      if (writeTimer !== undefined) clearTimeout(writeTimer);
      writeTimer = undefined;
      await writeRecording();
    },
  };
}

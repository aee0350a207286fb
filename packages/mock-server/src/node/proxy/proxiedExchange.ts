/** One request through the verifying proxy: forwarded to the target as it arrives, its answer streamed back, verified on the way and journaled once both are over. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import { JOURNAL_ID_HEADER } from '../../core/createMockCore.js';
import { errorResponse } from '../../core/http/responses.js';
import type { RequestBodyTap } from '../../core/proxy/requestBodyTap.js';
import type { LocalVerdict, LocalVerifier, PassingRequest } from '../../core/proxy/localVerdict.js';
import type { ProxyExchange } from '../../core/proxy/proxyJournalEntry.js';
import { compareWithTarget } from '../../core/proxy/targetComparison.js';
import { sendMockResponse } from '../nodeRequests.js';
import { answeredHeaders, flatResponseHeaders, forwardedHeaders } from './proxyHeaders.js';
import { describeTargetFailure } from './targetFailure.js';

/** What every exchange of one proxy shares. @internal */
export interface ProxyContext {
  /** The connections to the target. */
  pool: Pool;
  targetOrigin: string;
  /** The target's Host header value. */
  targetHost: string;
  /** The target URL's path, prefixed to every request-target (no trailing slash). */
  basePath: string;
  preserveHost: boolean;
  timeoutMs: number;
  bodyLimit: number;
  verifier: LocalVerifier;
  /** The verifier's clock. */
  now(): number;
  /** Whether a request to this path is judged as soon as it has passed (KX calls: the sessions they are checked against are those the exchanges before them left), rather than with its exchange's batch. */
  judgeAtOnce(path: string): boolean;
  nextJournalId(): number;
  /** A tap for the body of a request to this path (see `createRequestBodyTap`). */
  tapFor(path: string): RequestBodyTap;
  /** How much of an answer to keep, for the journal, a recording or a KX login's sessionId. */
  answerCopyLimit(path: string): number;
  /** Journals, reports and records a finished exchange. */
  finish(exchange: ProxyExchange): void;
  /** Takes an exchange that is over into the batch that `conclude`s it (see `createProxy`). */
  settled(exchange: ProxiedExchange): void;
  /** Concludes every exchange that has ended, now. */
  concludeEnded(): void;
}

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

/** Thrown into the body stream handed to the target's request, to abort it: the body went over the limit. */
class BodyOverLimit extends Error {}

const NO_BYTES = new Uint8Array(0);

const NO_ANSWER: ProxyExchange['response'] = Object.freeze({ status: null, headers: Object.freeze({}) as Record<string, string>, body: null, bodySize: 0 });

const unjudged = (why: string): LocalVerdict => ({ platform: null, verdict: null, unverifiedBecause: why });

/**
 * One exchange, and the handler of its request to the target (undici's dispatch handler): a
 * class, so that each request costs one object rather than a dozen closures. The request body
 * goes to the target as it arrives, through a tap that keeps what verification needs; the answer
 * comes back as it arrives. Forward first, judge after: once the request has wholly passed and
 * the answer has ended (or failed), the exchange is `settled` into a batch that judges the request
 * as of the moment it had passed, and journals it (`conclude`), a few milliseconds later, so that
 * forwarding other requests never waits behind a verification.
 * @internal
 */
export class ProxiedExchange implements Dispatcher.DispatchHandler {
  readonly #context: ProxyContext;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #started = performance.now();
  readonly #receivedAt = Date.now();
  readonly #journalId: number;
  readonly #rawTarget: string;
  readonly #method: string;
  readonly #path: string;
  /** Set once the request turns out to have a body. */
  #tap: RequestBodyTap | undefined;
  /** Bytes of the body received, a part over the limit included. */
  #received = 0;
  #body: PassThrough | undefined;
  #abortTarget: ((error?: Error) => void) | undefined;
  #resumeTarget: (() => void) | undefined;
  #clientGone = false;
  #status = 0;
  #answerHeaders: string[] = [];
  #answerCopy: BoundedCopy | undefined;
  #local: LocalVerdict | undefined;
  #response: ProxyExchange['response'] | undefined;
  #failure: string | null = null;
  #done = false;
  #passing: PassingRequest | undefined;
  /** When the request had wholly passed, by the verifier's clock, if it waits to be judged with its batch. */
  #completeAt: number | undefined;
  /** When the exchange was over (for its duration). */
  #endedAt = 0;
  /** The client's address, read while its connection is open (it may be closed when the exchange is journaled). */
  readonly #remoteAddress: string | null;

  constructor(context: ProxyContext, req: IncomingMessage, res: ServerResponse) {
    this.#context = context;
    this.#req = req;
    this.#res = res;
    this.#journalId = context.nextJournalId();
    this.#remoteAddress = req.socket.remoteAddress ?? null;
    this.#rawTarget = req.url ?? '/';
    this.#method = req.method ?? 'GET';
    const q = this.#rawTarget.indexOf('?');
    this.#path = q < 0 ? this.#rawTarget : this.#rawTarget.slice(0, q);
  }

  /** Forwards the request (or refuses a declared body over the limit at once). */
  start(): void {
    const req = this.#req;
    const context = this.#context;
    // Read off the raw headers: building req.headers for two values would cost an object a request.
    let declared: string | undefined;
    let chunked = false;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      if (name.length === 14 && name.toLowerCase() === 'content-length') declared ??= raw[i + 1];
      else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') chunked = true;
    }
    if (declared !== undefined && Number(declared) > context.bodyLimit) {
      this.#local = unjudged(`the body (${declared} bytes) is over the proxy's limit and was not read`);
      req.resume();
      this.#fail(413, `the request body is ${declared} bytes; this proxy forwards at most ${context.bodyLimit} (--body-limit)`);
      return;
    }
    // A request without a body is judged at once; one with a body once it has all passed.
    const bodiless = (declared === undefined || declared === '0') && !chunked;
    if (!bodiless) this.#body = this.#streamBody();
    this.#res.on('close', () => {
      // The client went away before the answer was written: stop the target's answer too.
      if (this.#res.writableFinished) return;
      this.#clientGone = true;
      this.#abortTarget?.(new Error('the client went away'));
    });
    context.pool.dispatch(
      {
        origin: context.targetOrigin, method: this.#method, path: `${context.basePath}${this.#rawTarget}`,
        headers: forwardedHeaders(req.rawHeaders, context.targetHost, context.preserveHost), body: this.#body ?? null,
        // The target's silence is bounded by the pool's timeouts; a request body may take its time.
      },
      this,
    );
    if (bodiless) this.#requestComplete();
  }

  /**
   * The body stream handed to the target's request: the client's chunks, tapped on the way,
   * with backpressure both ways. A body that goes over the limit aborts the request to the target
   * and gets 413; the rest of it is read and dropped, so the client can read the answer.
   */
  #streamBody(): PassThrough {
    const req = this.#req;
    const limit = this.#context.bodyLimit;
    const tap = (this.#tap = this.#context.tapFor(this.#path));
    const body = new PassThrough();
    // The target's request owns the stream's errors; this listener keeps one that comes before it
    // reads the stream (a body over the limit at once) from being an uncaught 'error'.
    body.on('error', () => {});
    // Once the target's request is over (failed, answered, aborted), the client's body is only read.
    body.on('close', () => req.resume());
    body.on('drain', () => req.resume());
    req.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      if (this.#received > limit) {
        if (this.#response === undefined) {
          this.#local = unjudged(`the body went over the proxy's limit of ${limit} bytes`);
          body.destroy(new BodyOverLimit());
          this.#fail(413, `the request body is larger than ${limit} bytes, the most this proxy forwards (--body-limit)`);
        }
        return;
      }
      tap.add(chunk);
      if (!body.destroyed && !body.write(chunk)) req.pause();
    });
    req.on('end', () => {
      this.#requestComplete();
      if (!body.destroyed) body.end();
      this.#settle();
    });
    req.on('close', () => {
      if (req.complete || this.#local !== undefined) return;
      this.#unjudged('the client closed the connection before its body was complete');
      body.destroy();
      this.#abortTarget?.(new Error('the client went away'));
      this.#response ??= NO_ANSWER;
      this.#failure ??= 'the client went away';
      this.#settle();
    });
    return body;
  }

  /** The request has wholly passed: judged at once (KX), or marked to be judged as of now with its batch. */
  #requestComplete(): void {
    if (this.#local !== undefined) return;
    const context = this.#context;
    if (context.judgeAtOnce(this.#path)) {
      // Against the sessions the exchanges before it left: their logins and logouts are concluded first.
      context.concludeEnded();
      this.#local = context.verifier.verify(this.#passingRequest());
    } else this.#completeAt = context.now();
  }

  /** Whether the request has its verdict, or has wholly passed and waits for it with its batch. */
  #judged(): boolean {
    return this.#local !== undefined || this.#completeAt !== undefined;
  }

  /** No verdict, for this reason, unless the request had wholly passed (it is then judged as it is). */
  #unjudged(why: string): void {
    if (!this.#judged()) this.#local = unjudged(why);
  }

  /** The request as verified and journaled, built once its body has passed (or will pass no more). */
  #passingRequest(): PassingRequest {
    if (this.#passing !== undefined) return this.#passing;
    const req = this.#req;
    const streamed = this.#tap?.streamed();
    const passing: PassingRequest = {
      journalId: this.#journalId, method: this.#method, target: this.#rawTarget,
      // headersDistinct keeps repeated headers apart, as the mock reads them.
      headers: req.headersDistinct as Record<string, string[]>, body: this.#tap?.held() ?? NO_BYTES,
      scheme: (req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http',
    };
    if (streamed !== undefined) passing.streamed = streamed;
    if (this.#completeAt !== undefined) passing.judgedAt = this.#completeAt;
    this.#passing = passing;
    return passing;
  }

  /** Hands the exchange to its batch once the request has passed (or been refused) and the answer has ended. */
  #settle(): void {
    if (this.#done || !this.#judged() || this.#response === undefined) return;
    this.#done = true;
    this.#endedAt = performance.now();
    this.#context.settled(this);
  }

  /** Judges the request if it waits to be, then journals, reports and records the exchange (its batch calls it, once). */
  conclude(): void {
    const context = this.#context;
    const request = this.#passingRequest();
    const local = (this.#local ??= context.verifier.verify(request));
    const response = this.#response!;
    const failure = this.#failure;
    if (failure === null && response.status !== null) context.verifier.learn(request, response.status, response.body);
    const about: Parameters<typeof compareWithTarget>[2] = { journalId: this.#journalId, method: this.#method, target: this.#rawTarget };
    if (failure !== null) about.failure = failure;
    const comparison = compareWithTarget(local, failure === null ? response.status : null, about);
    context.finish({
      request, requestBodySize: this.#received, receivedAt: this.#receivedAt, durationMs: this.#endedAt - this.#started,
      remoteAddress: this.#remoteAddress, local, comparison, targetUrl: context.targetOrigin, response, failure,
    });
  }

  /** The proxy answers itself (413, 502, 504), or cuts the connection when the target's answer had begun. */
  #fail(status: number, message: string): void {
    if (this.#response !== undefined) return;
    this.#failure = message;
    const res = this.#res;
    if (res.headersSent) {
      res.destroy();
      this.#response = NO_ANSWER;
    } else {
      const answer = errorResponse(status, message, this.#path, Date.now(), { [JOURNAL_ID_HEADER]: String(this.#journalId) });
      // After a refused body the rest of it may still be coming: the connection cannot carry another request.
      res.shouldKeepAlive = false;
      sendMockResponse(res, answer);
      const body = Buffer.from(JSON.stringify(answer.kind === 'response' ? answer.body : null));
      this.#response = { status, headers: answer.kind === 'response' ? answer.headers : {}, body, bodySize: body.length };
    }
    this.#settle();
  }

  // undici's dispatch handler: the request to the target and its answer. These are undici 7's own
  // callbacks; its newer ones (onRequestStart, onResponseStart…) are adapted to them by a wrapper
  // made per request, which also parses the answer's headers into an object the proxy never reads.

  onConnect(abort: (error?: Error) => void): void {
    this.#abortTarget = abort;
    if (this.#clientGone || this.#response !== undefined) abort(new Error('the exchange is over'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // An informational answer (1xx) is the target's business with this hop.
    if (statusCode < 200) return true;
    if (this.#response !== undefined) {
      this.#abortTarget?.(new Error('the proxy has answered already'));
      return false;
    }
    this.#status = statusCode;
    this.#resumeTarget = resume;
    this.#answerHeaders = answeredHeaders(rawHeaders);
    this.#answerCopy = new BoundedCopy(this.#context.answerCopyLimit(this.#path));
    this.#res.writeHead(statusCode, statusText, this.#answerHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#response !== undefined) return true;
    this.#answerCopy!.add(chunk);
    if (this.#res.write(chunk)) return true;
    // The client reads slower than the target writes: hold the target until it catches up.
    this.#res.once('drain', this.#resumeTarget!);
    return false;
  }

  onComplete(): void {
    this.#res.end();
    if (this.#response !== undefined) return;
    const copy = this.#answerCopy!;
    this.#response = { status: this.#status, headers: flatResponseHeaders(this.#answerHeaders), body: copy.bytes(), bodySize: copy.size };
    this.#settle();
  }

  onError(error: Error): void {
    if (this.#response !== undefined || error instanceof BodyOverLimit) return;
    if (this.#clientGone) {
      this.#failure = 'the client closed the connection before the answer was written';
      this.#response = NO_ANSWER;
      this.#unjudged('the exchange broke off');
      this.#settle();
      return;
    }
    const context = this.#context;
    const described = describeTargetFailure(error as NodeJS.ErrnoException, context.targetOrigin, context.timeoutMs);
    if (this.#res.headersSent) {
      // The answer broke off midway: the client sees its connection close, the journal says why.
      this.#failure = `${described.message} (after the answer's headers, ${this.#answerCopy?.size ?? 0} bytes of its body)`;
      this.#res.destroy();
      this.#response = NO_ANSWER;
      this.#unjudged('the exchange broke off');
      this.#settle();
      return;
    }
    // The body, if any, is still read to its end (the stream to the target is closed), and judged then.
    this.#fail(described.status, described.message);
  }
}

/** Exact HTTP for the campaigns: requests sent byte for byte over node:http and node:net to 127.0.0.1, and raw answers parsed back. */
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { REQUEST_TIMEOUT_MS, type Random } from './campaignKit.js';

/** An answer read off the wire. */
export interface ExactAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

/** A request sent byte for byte as given: node:http neither normalises the path nor re-encodes the query, unlike `fetch`. */
export interface ExactRequest {
  method: string;
  target: string;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one request over node:http to the mock and reads the whole answer; rejects on a dropped connection or after {@link REQUEST_TIMEOUT_MS}. */
export function sendExact(port: number, request: ExactRequest): Promise<ExactAnswer> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
    const headers: Record<string, string | string[]> = { ...request.headers };
    if (body !== undefined && body.length > 0) headers['content-length'] = String(body.length);
    const req = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: request.target, headers, agent: keepAlive, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${request.method} ${request.target.slice(0, 80)} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body && body.length > 0 ? body : undefined);
  });
}

/** Sends a request the way an ordinary client does, with `fetch` (which may normalise the target: only for requests whose target it leaves alone). */
export async function sendWithFetch(baseUrl: string, request: ExactRequest): Promise<ExactAnswer> {
  const response = await fetch(baseUrl + request.target, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    ...(request.body !== undefined && request.body.length > 0 ? { body: request.body } : {}),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text, json: parseJson(text) };
}

/** The text parsed as JSON, or `undefined`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** How a raw socket exchange ended. */
export interface SocketOutcome {
  /** Every byte the server sent. */
  received: Buffer;
  /** `end`: the server closed cleanly; `reset`: the connection was reset; `timeout`: neither within the time given. */
  closedBy: 'end' | 'reset' | 'timeout';
}

/**
 * Writes raw bytes to the mock over node:net and collects what comes back until the server closes
 * the connection (or the time runs out). `halfClose` ends the client's side after writing (a FIN
 * while still reading); `destroyAfterWrite` drops the connection soon after writing.
 */
export function socketExchange(
  port: number,
  chunks: ReadonlyArray<string | Uint8Array>,
  options: { halfClose?: boolean; destroyAfterWrite?: boolean; timeoutMs?: number } = {},
): Promise<SocketOutcome> {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let settled = false;
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const finish = (closedBy: SocketOutcome['closedBy']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(received), closedBy });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => finish('end'));
    socket.on('close', () => finish('end'));
    socket.on('error', () => finish('reset'));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.destroyAfterWrite) setTimeout(() => finish('end'), 10);
      else if (options.halfClose) socket.end();
    });
  });
}

/** One HTTP/1.1 response parsed out of raw bytes. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Parses the responses in a raw byte stream (Content-Length framing, which is all the mock sends).
 * `bodiless`: the first final answer is to a HEAD request, so it has a Content-Length but no body.
 */
export function parseRawResponses(bytes: Buffer, options: { bodiless?: boolean } = {}): RawResponse[] {
  const responses: RawResponse[] = [];
  let bodiless = options.bodiless === true;
  let offset = 0;
  while (offset < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) throw new Error(`an incomplete response head: ${JSON.stringify(bytes.subarray(offset, offset + 200).toString('latin1'))}`);
    const [statusLine, ...lines] = bytes.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
    if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(match[1]);
    const bodyStart = headEnd + 4;
    // A HEAD answer carries a Content-Length but no body, unless the request was refused before it was read as HEAD.
    const noBody = bodiless && status >= 200 && (bodyStart === bytes.length || bytes.subarray(bodyStart, bodyStart + 5).toString('latin1') === 'HTTP/');
    if (status >= 200) bodiless = false;
    if (!noBody && /chunked/i.test(headers['transfer-encoding'] ?? '')) {
      // Node's own answers (not the mock's) are chunked: decode them so they can be judged too.
      const chunks: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = bytes.indexOf('\r\n', at);
        if (lineEnd < 0) throw new Error('an incomplete chunked body');
        const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
        at = lineEnd + 2;
        if (size === 0) break;
        chunks.push(bytes.subarray(at, at + size));
        at += size + 2;
      }
      const trailerEnd = bytes.indexOf('\r\n', at);
      responses.push({ status, headers, body: Buffer.concat(chunks) });
      offset = trailerEnd < 0 ? bytes.length : trailerEnd + 2;
      continue;
    }
    const length = noBody ? 0 : Number(headers['content-length'] ?? 0);
    responses.push({ status, headers, body: bytes.subarray(bodyStart, bodyStart + length) });
    offset = bodyStart + length;
  }
  return responses;
}

/** How a hostile request's bytes are framed. */
export type Framing = 'length' | 'chunked' | 'none' | 'long' | 'short';

/** A request to write raw: nothing is checked or normalised on the way. */
export interface RawRequest {
  method: string;
  target: string;
  version?: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  framing?: Framing;
}

/** The bytes of a raw request, framed as asked: Content-Length (right, too long, too short, or none) or chunked. */
export function encodeRequest(r: Random | undefined, request: RawRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const framing = request.framing ?? 'length';
  const headers = [...request.headers];
  let payload = body;
  if (body.length > 0 || framing === 'long') {
    if (framing === 'length') headers.push(['Content-Length', String(body.length)]);
    if (framing === 'long') headers.push(['Content-Length', String(body.length + 1 + (r?.int(100) ?? 10))]);
    if (framing === 'short') headers.push(['Content-Length', String(Math.max(0, body.length - 1 - (r?.int(body.length) ?? 0)))]);
    if (framing === 'chunked') {
      headers.push(['Transfer-Encoding', 'chunked']);
      const pieces: Buffer[] = [];
      for (let at = 0; at < body.length; ) {
        const size = Math.min(body.length - at, 1 + (r?.int(64 * 1024) ?? 64 * 1024));
        pieces.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
        at += size;
      }
      pieces.push(Buffer.from('0\r\n\r\n'));
      payload = Buffer.concat(pieces);
    }
  }
  const head = `${request.method} ${request.target} ${request.version ?? 'HTTP/1.1'}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

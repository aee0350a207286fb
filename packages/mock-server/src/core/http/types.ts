/** The request and response shapes every adapter translates to and from: the core never sees a framework object. */

/** Any value `JSON.stringify` writes faithfully. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Request headers as a server reads them: names lower-cased, a repeated header as an array. */
export type MockRequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One HTTP request exactly as it arrived, in a form any adapter (Express, MSW, a test) can build.
 *
 * @example
 * ```ts
 * const request: MockRequest = {
 *   method: 'GET',
 *   target: '/api/v1/kronos/devices?_size=5',
 *   headers: { 'x-arrow-apikey': apiKey },
 *   body: new Uint8Array(),
 * };
 * ```
 */
export interface MockRequest {
  /** The method as sent. */
  method: string;
  /** The raw request-target: path plus `?query`, not decoded (docs/spec/xconnect.md §1: the server signs the path as sent). */
  target: string;
  headers: MockRequestHeaders;
  /** The exact body bytes; empty when there is none. */
  body: Uint8Array;
  /** The peer's address, recorded in the journal. */
  remoteAddress?: string;
  /** `https` when the request came over TLS (default `http`): the moonstone profile's redirects name it, as the platform's did. */
  scheme?: 'http' | 'https';
  /**
   * Set by an adapter that could not read the body (too large, aborted, unsupported encoding): the
   * core answers with this status and message, and still records the request in the journal.
   */
  unreadableBody?: { status: number; message: string; declaredSize?: number };
  /**
   * Set by an adapter whose HTTP parser refused the request (with `unreadableBody` saying so): the
   * parser's error code, and whether `method` and `target` are the request line as sent (else
   * placeholders). The moonstone profile answers such a request as the platform's container did.
   */
  unparsed?: { code: string; requestLine: boolean };
}

/** An answer to send: status, headers and a JSON value or raw bytes. */
export interface MockHttpResponse {
  kind: 'response';
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** A JSON value (serialised by {@link responseBodyBytes}), raw bytes, or `null` for no body. */
  body: JsonValue | Uint8Array;
  /**
   * A body that goes on after the headers (the inspector's server-sent events): an adapter that
   * streams sends the headers, then every chunk `open` writes, and calls the function `open`
   * returned when the client goes. An adapter that cannot stream sends `body` instead.
   */
  stream?: MockEventStream;
}

/** Instruction to drop the connection without answering (a fault). */
export interface MockDestroyConnection {
  kind: 'destroy';
}

/** What the core tells an adapter to do with a request. */
export type MockResponse = MockHttpResponse | MockDestroyConnection;

/** A response body written over time; see {@link MockHttpResponse.stream}. */
export interface MockEventStream {
  /** Starts writing with `write`; returns what stops it. */
  open(write: (chunk: string) => void): () => void;
}

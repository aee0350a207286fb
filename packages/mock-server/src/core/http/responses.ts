/** Builders for the core's answers and the one way their bodies become bytes. */
import type { JsonValue, MockHttpResponse } from './types.js';

/** The content type of every JSON answer (the production server's Spring default). */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

const encoder = new TextEncoder();

/**
 * A JSON answer with the given status.
 *
 * @example
 * ```ts
 * jsonResponse(400, { status: 400, message: 'device not found' });
 * ```
 */
export function jsonResponse(status: number, body: JsonValue, headers: Record<string, string> = {}): MockHttpResponse {
  return { kind: 'response', status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body };
}

/** An answer without a body (e.g. `OPTIONS`). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): MockHttpResponse {
  return { kind: 'response', status, headers, body: new Uint8Array() };
}

/**
 * The bytes an adapter sends for a response body: raw bytes as they are, anything else as JSON.
 * Adapters and the journal both call this so what is recorded is what was sent.
 */
export function responseBodyBytes(response: MockHttpResponse): Uint8Array {
  if (response.body instanceof Uint8Array) return response.body;
  // The journal and the adapter both ask for the bytes of the same answer: serialise it once.
  let bytes = serialised.get(response);
  if (bytes === undefined || serialisedBody.get(response) !== response.body) {
    bytes = encoder.encode(JSON.stringify(response.body));
    serialised.set(response, bytes);
    serialisedBody.set(response, response.body);
  }
  return bytes;
}

const serialised = new WeakMap<MockHttpResponse, Uint8Array>();
// The body the cached bytes were made from, so a response whose body is replaced is serialised again.
const serialisedBody = new WeakMap<MockHttpResponse, unknown>();

/**
 * The error body the mock uses outside any platform's own shapes, modelled on Spring Boot's default
 * (which the xConnect platform answered with): `{"timestamp","status","error","message","path"}`.
 *
 * @example
 * ```ts
 * errorResponse(404, 'no route GET /nope', '/nope', Date.now());
 * ```
 */
export function errorResponse(status: number, message: string, path: string, now: number, headers: Record<string, string> = {}): MockHttpResponse {
  return jsonResponse(status, { timestamp: new Date(now).toISOString(), status, error: reasonPhrase(status), message, path }, headers);
}

/** Standard reason phrases for the statuses the mock answers with (Spring puts them in `error`). */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'OK');
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

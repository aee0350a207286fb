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

/**
 * A JSON answer whose JSON text is already known (it must be `JSON.stringify(body)`): the text is
 * sent as it is, and the body must not be changed afterwards.
 * @internal
 */
export function jsonResponseWithText(status: number, body: JsonValue, text: string): MockHttpResponse {
  const response = jsonResponse(status, body);
  serialised.set(response, { body, text });
  return response;
}

/** An answer without a body (e.g. `OPTIONS`). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): MockHttpResponse {
  return { kind: 'response', status, headers, body: new Uint8Array() };
}

/**
 * The body an adapter sends: raw bytes as they are, anything else as its JSON text (UTF-8 on the
 * wire). The text is made once per answer, however many times it is asked for, so the journal
 * records exactly what was sent. Node writes a string body together with the head in one write.
 *
 * @example
 * ```ts
 * const payload = responseBodyPayload(jsonResponse(200, { ok: true })); // '{"ok":true}'
 * ```
 */
export function responseBodyPayload(response: MockHttpResponse): string | Uint8Array {
  if (response.body instanceof Uint8Array) return response.body;
  let cached = serialised.get(response);
  // A response whose body was replaced since is serialised again.
  if (cached === undefined || cached.body !== response.body) {
    cached = { body: response.body, text: JSON.stringify(response.body) };
    serialised.set(response, cached);
  }
  return cached.text;
}

/**
 * The bytes of a response body, as {@link responseBodyPayload} gives them, encoded as UTF-8.
 *
 * @example
 * ```ts
 * responseBodyBytes(jsonResponse(200, { ok: true })); // the bytes of '{"ok":true}'
 * ```
 */
export function responseBodyBytes(response: MockHttpResponse): Uint8Array {
  const payload = responseBodyPayload(response);
  return typeof payload === 'string' ? encoder.encode(payload) : payload;
}

const serialised = new WeakMap<MockHttpResponse, { body: unknown; text: string }>();

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

/** The production platform's error bodies (docs/spec/xconnect.md §3, §5): Spring's default error JSON and the API's own errors. */
import { emptyResponse, errorResponse, jsonResponse, reasonPhrase } from '../http/responses.js';
import type { JsonObject, MockHttpResponse } from '../http/types.js';

/**
 * Spring Boot's default error body, which the platform answered for authentication failures and
 * framework errors (docs/spec/xconnect.md §3): `{"timestamp","status","error","message","path"}`.
 */
export function springErrorBody(status: number, message: string, path: string, now: number): JsonObject {
  return { timestamp: new Date(now).toISOString(), status, error: reasonPhrase(status), message, path };
}

/** A Spring default error answer. */
export function springErrorResponse(status: number, message: string, path: string, now: number, headers: Record<string, string> = {}): MockHttpResponse {
  return errorResponse(status, message, path, now, headers);
}

/**
 * What Undertow, the platform's web container, wrote for a request it could not parse (a forbidden
 * character in the request-target, a broken `%` escape in the path): the status line
 * `HTTP/1.1 400 Bad Request`, `Content-Length: 0`, `Connection: close`, no body, and the connection
 * closed (its `HttpReadListener.BAD_REQUEST`, docs/spec/xconnect.md §3b). No Spring error JSON:
 * the request never reached the application.
 */
export function undertowBadRequest(): MockHttpResponse {
  return emptyResponse(400, { connection: 'close' });
}

/**
 * Spring Boot's error JSON for an exception thrown before any controller (the firewall's
 * `RequestRejectedException`, the filter's method lookup): status 500, `error` "Internal Server
 * Error", `message` the exception's message, `path` the raw request URI (docs/spec/xconnect.md §3b).
 */
export function springExceptionResponse(message: string, path: string, now: number): MockHttpResponse {
  return springErrorResponse(500, message, path, now);
}

/** Java exception classes the platform named in `exceptionClassName`. */
export type PlatformException = 'java.lang.IllegalArgumentException' | 'moonstone.acs.AcsLogicalException';

/**
 * An error raised by the API itself (bad argument, unknown entity), answered as
 * `{"status":400,"message":"device not found","exceptionClassName":"java.lang.IllegalArgumentException"}`
 * (docs/spec/xconnect.md §3). Route handlers throw it; the module turns it into the answer.
 */
export class XConnectApiError extends Error {
  readonly status: number;
  readonly exceptionClassName: PlatformException;

  constructor(message: string, options: { status?: number; exception?: PlatformException } = {}) {
    super(message);
    this.name = 'XConnectApiError';
    this.status = options.status ?? 400;
    this.exceptionClassName = options.exception ?? 'java.lang.IllegalArgumentException';
  }

  /** The answer the platform gave for this error. */
  toResponse(): MockHttpResponse {
    return jsonResponse(this.status, { status: this.status, message: this.message, exceptionClassName: this.exceptionClassName });
  }
}

/** Throws the platform's `Assert` failure (IllegalArgumentException, 400) unless `condition` holds. */
export function assertArgument(condition: unknown, message: string): asserts condition {
  if (!condition) throw new XConnectApiError(message);
}

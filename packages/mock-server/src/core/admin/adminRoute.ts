/** Admin routes a platform module adds under `/__sigkit/<platform>`: their shape, their errors, and reading their JSON bodies. */
import { readJsonBody } from '../http/jsonBody.js';
import type { QueryParams } from '../http/requestTarget.js';
import type { JsonValue } from '../http/types.js';

/** An admin request that cannot be served; the admin API answers it as `{"status","error":code,"message"}`. */
export class AdminError extends Error {
  /** HTTP status of the answer (400, 404, 409…). */
  readonly status: number;
  /** Short machine-readable reason, e.g. `not_found`. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
    this.code = code;
  }
}

/** What an admin route handler receives. */
export interface AdminRouteContext {
  /** Path parameters, decoded. */
  params: Readonly<Record<string, string>>;
  query: QueryParams;
  /** The raw request body. */
  body: Uint8Array;
}

/** An admin answer: JSON with a status (default 200). */
export interface AdminRouteAnswer {
  status?: number;
  body: JsonValue;
}

/**
 * One admin route of a platform module. Handlers throw {@link AdminError} or `MockInputError`
 * (answered 400) for bad input; anything else is a bug of the mock and answered 500.
 */
export interface PlatformAdminRoute {
  method: string;
  /** Pattern relative to `/__sigkit/<platform name>`, e.g. `/sessions/{sessionId}`; `/` for the platform's own index. */
  pattern: string;
  /** One line for the admin index (`GET /__sigkit`). */
  description: string;
  handler(context: AdminRouteContext): AdminRouteAnswer;
}

/**
 * The body of an admin request as JSON; an empty or malformed body is a 400 saying so.
 *
 * @example
 * ```ts
 * const input = adminJsonBody(context.body); // throws AdminError(400) on '{"a":'
 * ```
 */
export function adminJsonBody(body: Uint8Array): JsonValue {
  const result = readJsonBody(body);
  if (!result.ok) throw new AdminError(400, 'bad_request', result.message);
  return result.value;
}

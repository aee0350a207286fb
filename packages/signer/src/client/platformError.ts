/** Errors the platform clients raise: a rejection by the platform, or no answer at all. */
import { SigkitError } from '../errors.js';

/** The diagnosis a sigkit mock adds to its rejections (the `sigkit` object of its error bodies). */
export interface MockDiagnosis {
  code: string;
  message: string;
  expected?: unknown;
  provided?: unknown;
  deviation?: { flags: string[]; summary?: string } | null;
  journalId?: number;
  [key: string]: unknown;
}

/**
 * The platform answered with an error status. Carries the status, the platform's own message and,
 * when the platform is a sigkit mock, its diagnosis of the rejection.
 *
 * @example
 * ```ts
 * try { await client.devices.list(); }
 * catch (e) { if (e instanceof PlatformError) console.error(e.status, e.platformMessage, e.diagnosis?.deviation); }
 * ```
 */
export class PlatformError extends SigkitError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The message the platform gave (`message` or `error` of its JSON body), or the raw body text. */
  readonly platformMessage: string;
  /** The sigkit mock's diagnosis, when the answer carries one. */
  readonly diagnosis?: MockDiagnosis;
  /** The parsed JSON body, or the text when it was not JSON. */
  readonly body: unknown;
  /** `METHOD target` of the request that failed. */
  readonly request: string;

  constructor(request: string, status: number, body: unknown) {
    const platformMessage = messageOf(body);
    super('PLATFORM_ERROR', `${request} answered ${status}: ${platformMessage}`);
    this.request = request;
    this.status = status;
    this.platformMessage = platformMessage;
    this.body = body;
    const diagnosis = typeof body === 'object' && body !== null ? (body as { sigkit?: unknown }).sigkit : undefined;
    if (typeof diagnosis === 'object' && diagnosis !== null) this.diagnosis = diagnosis as MockDiagnosis;
  }
}

/** The platform could not be reached (refused, reset, DNS, TLS, timeout) or did not answer in JSON. */
export class PlatformUnreachableError extends SigkitError {}

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 500) || '(empty body)';
  if (typeof body === 'object' && body !== null) {
    const { message, error } = body as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message) return message;
    if (typeof error === 'string' && error) return error;
  }
  return JSON.stringify(body)?.slice(0, 500) ?? '(no body)';
}

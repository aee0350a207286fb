/** A KX Connect client: logs in lazily, signs every call with the reference signer, logs in again once when the session has gone. */
import { SigkitInputError } from '../errors.js';
import { kxLoginRequest } from '../kx/loginRequest.js';
import { kxProfile, type KxProfile, type KxVariantName } from '../kx/profile.js';
import { signKxRequest, type KxSignedRequest } from '../kx/sign.js';
import { requireNonEmptyString } from '../shared/validate.js';
import { PlatformError } from './platformError.js';
import { resolveFetch, sendRequest, type FetchLike } from './sendRequest.js';

/** Options of {@link createKxConnectClient}. */
export interface KxConnectClientOptions {
  /** `host:port` as the guides take it (`--hp`); the scheme comes from `tls`. */
  hostPort?: string;
  /** Or a full base URL, e.g. `https://kx.example.com:8443`. */
  baseUrl?: string;
  username: string;
  password: string;
  /** Use HTTPS with `hostPort` (default false). Certificate checks are the fetch implementation's business. */
  tls?: boolean;
  /** The deployment's signing profile (default: the kit's). */
  profile?: Partial<KxProfile> | KxVariantName;
  /** A Fetch API implementation (default: the global `fetch`). */
  fetch?: FetchLike;
  /** The client's clock (default `Date.now`). */
  now?: () => number;
  /** Called with every signed call (for `--trace`). */
  onSigned?: (signed: KxSignedRequest) => void;
}

/** A KX Connect answer: the envelope of docs/spec/kx-connect.md §1, with the result table in `msg`. */
export interface KxAnswer<Row = Record<string, unknown>> {
  type: string;
  id: string;
  date?: string;
  success: boolean;
  msg: Row[];
  error?: string;
}

// The verifier codes after which a fresh session may succeed (docs/spec/kx-connect.md §2).
const SESSION_GONE = new Set(['unknown_session', 'session_expired']);

function sessionGone(error: unknown): boolean {
  if (!(error instanceof PlatformError) || error.status !== 401) return false;
  const code = error.diagnosis?.code;
  if (typeof code === 'string') return SESSION_GONE.has(code);
  return /session/i.test(error.platformMessage);
}

/**
 * Creates a KX Connect client. `call` logs in first when there is no session, and when the
 * platform answers that the session is unknown or expired it logs in again once and retries.
 * Error answers throw a `PlatformError`; no answer a `PlatformUnreachableError`.
 *
 * @example
 * ```ts
 * const kx = createKxConnectClient({ hostPort: '127.0.0.1:8080', username: 'kxSupport', password: '12345678' });
 * const answer = await kx.call('monPublic', 'getMem', { startTime: '2019-07-26T15:00:00Z', endTime: '2019-07-26T16:00:00Z' });
 * console.table(answer.msg);
 * await kx.logout();
 * ```
 */
export function createKxConnectClient(options: KxConnectClientOptions) {
  if (options === null || typeof options !== 'object') throw new SigkitInputError('INVALID_INPUT', 'createKxConnectClient takes an options object');
  let baseUrl: string;
  if (options.baseUrl !== undefined) baseUrl = requireNonEmptyString(options.baseUrl, 'baseUrl', 'INVALID_BASE_URL').replace(/\/+$/, '');
  else {
    const hostPort = requireNonEmptyString(options.hostPort, 'hostPort', 'INVALID_HOST_PORT');
    if (!/^[^\s/:]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(hostPort)) {
      throw new SigkitInputError('INVALID_HOST_PORT', `"${hostPort}" is not host:port`, { expected: 'e.g. 127.0.0.1:8080' });
    }
    baseUrl = `${options.tls ? 'https' : 'http'}://${hostPort}`;
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new SigkitInputError('INVALID_BASE_URL', `"${baseUrl}" is not an absolute URL`, { expected: 'e.g. http://127.0.0.1:8080' });
  }
  const username = requireNonEmptyString(options.username, 'username', 'INVALID_USERNAME');
  const password = requireNonEmptyString(options.password, 'password', 'INVALID_PASSWORD');
  const profile = kxProfile(options.profile);
  const fetchImpl = resolveFetch(options.fetch);
  const now = options.now ?? Date.now;
  let sessionId: string | undefined;

  async function login(): Promise<string> {
    const request = kxLoginRequest(username, password, { date: new Date(now()) });
    const answer = (await sendRequest(fetchImpl, baseUrl + request.path, { method: request.method, headers: request.headers, body: request.body }, `POST ${request.path}`)) as KxAnswer<{ sessionId?: unknown }>;
    const id = answer?.msg?.[0]?.sessionId;
    if (!answer?.success || typeof id !== 'string' || id.length < 5) {
      throw new PlatformError(`POST ${request.path}`, 200, answer);
    }
    sessionId = id;
    return id;
  }

  async function signedCall<Row>(group: string, method: string, params: Record<string, unknown>): Promise<KxAnswer<Row>> {
    const session = sessionId ?? (await login());
    const signed = signKxRequest({ group, method, params, username, sessionId: session, date: new Date(now()), profile });
    options.onSigned?.(signed);
    return (await sendRequest(fetchImpl, baseUrl + signed.path, { method: signed.method, headers: signed.headers as Record<string, string>, body: signed.body }, `POST ${signed.path}`)) as KxAnswer<Row>;
  }

  return {
    /** The base URL calls go to. */
    baseUrl,
    /** The current session id, once logged in. */
    get sessionId(): string | undefined {
      return sessionId;
    },
    /** Logs in now (calls log in by themselves when needed) and returns the session id. */
    login,
    /**
     * Calls analytic `group.method` with one parameter dictionary and returns the answer; the rows
     * are in `msg`. Logs in when needed, and once more when the session has expired.
     */
    async call<Row = Record<string, unknown>>(group: string, method: string, params: Record<string, unknown> = {}): Promise<KxAnswer<Row>> {
      try {
        return await signedCall<Row>(group, method, params);
      } catch (error) {
        if (sessionId === undefined || !sessionGone(error)) throw error;
        sessionId = undefined;
        return signedCall<Row>(group, method, params);
      }
    },
    /** Ends the session (a signed call to `/connect/api/auth/logout`); does nothing without one. */
    async logout(): Promise<void> {
      if (sessionId === undefined) return;
      try {
        await signedCall('auth', 'logout', {});
      } finally {
        sessionId = undefined;
      }
    },
  };
}

/** The client {@link createKxConnectClient} returns. */
export type KxConnectClient = ReturnType<typeof createKxConnectClient>;

/** The KX Connect login request, the unsigned call that yields a sessionId. */
import { requireNonEmptyString } from '../shared/validate.js';
import { kxRequestDate, kxRequestId } from './envelope.js';

/** Where logins are posted (docs/spec/kx-connect.md §1). */
export const KX_LOGIN_PATH = '/connect/api/auth/login';

/** A login request ready to send: method, path, headers and the exact body. */
export interface KxLoginRequest {
  /** Always `POST`. */
  method: 'POST';
  /** Always `/connect/api/auth/login`. */
  path: typeof KX_LOGIN_PATH;
  /** Only `Content-Type: application/json`; a login is not signed. */
  headers: { 'Content-Type': 'application/json' };
  /** The exact JSON body to send. */
  body: string;
  /** The request's UUID, which the answer echoes. */
  id: string;
  /** The request's RFC 1123 date, as in the body. */
  date: string;
}

/**
 * Builds the login request of docs/spec/kx-connect.md §1. The body is exactly
 * `{"msg":[{"username":…,"password":…}],"type":"LoginReq","id":…,"date":…}`, in the guides' key order.
 *
 * @param username - the KX user name, non-empty.
 * @param password - the password, non-empty.
 * @param options.id - a UUID to use as the request id (default: a random one).
 * @param options.date - the request date, a Date or an RFC 1123 string (default: now).
 * @throws SigkitInputError `EMPTY_USERNAME`, `EMPTY_PASSWORD`, `INVALID_REQUEST_ID`;
 *   SigkitDateError `INVALID_DATE` or `INVALID_RFC1123_DATE`.
 *
 * @example
 * ```ts
 * const login = kxLoginRequest('kxSupport', '12345678');
 * await fetch(`https://host:8080${login.path}`, { method: login.method, headers: login.headers, body: login.body });
 * ```
 */
export function kxLoginRequest(username: string, password: string, options: { id?: string; date?: Date | string } = {}): KxLoginRequest {
  requireNonEmptyString(username, 'username', 'EMPTY_USERNAME');
  requireNonEmptyString(password, 'password', 'EMPTY_PASSWORD');
  const id = kxRequestId(options?.id);
  const date = kxRequestDate(options?.date);
  const body = JSON.stringify({ msg: [{ username, password }], type: 'LoginReq', id, date });
  return { method: 'POST', path: KX_LOGIN_PATH, headers: { 'Content-Type': 'application/json' }, body, id, date };
}

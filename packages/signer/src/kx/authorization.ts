/** The KX Connect `Authorization` header: `<username><last 5 characters of sessionId>:<signature>`, built and read. */
import { SigkitInputError } from '../errors.js';
import { describeType, requireNonEmptyString } from '../shared/validate.js';

/** How many trailing characters of the sessionId follow the username (docs/spec/kx-connect.md §2). @internal */
export const SESSION_SUFFIX_LENGTH = 5;
const SURROGATE = /[\uD800-\uDFFF]/;

const AUTHORIZATION_FORMAT = '<username><last 5 characters of sessionId>:<signature>';
// Characters no HTTP header value can carry; everything else is the transport's business.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const UNSENDABLE_USERNAME = /^\s|[\u0000-\u001f\u007f]/;

/**
 * The last five characters of a sessionId, counted in Unicode code points (as the Python guide's
 * `sessionId[-5:]` does) so that a surrogate pair is never cut in half.
 *
 * @throws SigkitInputError `INVALID_SESSION_ID` when the sessionId is not a string of at least five
 *   characters free of control characters.
 *
 * @example
 * ```ts
 * kxSessionSuffix('0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c'); // 'a6b7c'
 * ```
 */
export function kxSessionSuffix(sessionId: string): string {
  requireSessionId(sessionId);
  // Code points, not UTF-16 units, so a surrogate pair is never split; most ids have none.
  return SURROGATE.test(sessionId) ? Array.from(sessionId).slice(-SESSION_SUFFIX_LENGTH).join('') : sessionId.slice(-SESSION_SUFFIX_LENGTH);
}

/**
 * The identity a server looks a session up by: the username followed directly by the last five
 * characters of its sessionId, with no separator (docs/spec/kx-connect.md §2). It is the part of the
 * `Authorization` header before the colon.
 *
 * @throws SigkitInputError `INVALID_USERNAME` or `INVALID_SESSION_ID`.
 *
 * @example
 * ```ts
 * kxIdentity('kxSupport', '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c'); // 'kxSupporta6b7c'
 * ```
 */
export function kxIdentity(username: string, sessionId: string): string {
  requireUsername(username);
  return username + kxSessionSuffix(sessionId);
}

/**
 * Builds the `Authorization` header value `<username><last 5 characters of sessionId>:<signature>`
 * (docs/spec/kx-connect.md §2).
 *
 * @throws SigkitInputError `INVALID_USERNAME`, `INVALID_SESSION_ID` or `INVALID_SIGNATURE` (empty,
 *   or containing a colon, whitespace or a control character, none of which the encodings produce).
 *
 * @example
 * ```ts
 * kxAuthorizationHeader('kxSupport', sessionId, kxSignature(stringToSign, sessionId));
 * ```
 */
export function kxAuthorizationHeader(username: string, sessionId: string, signature: string): string {
  requireNonEmptyString(signature, 'signature', 'INVALID_SIGNATURE');
  if (/[:\s]/.test(signature) || CONTROL_CHARACTER.test(signature)) {
    throw new SigkitInputError('INVALID_SIGNATURE', `signature ${JSON.stringify(signature)} contains a colon, whitespace or a control character`, {
      expected: 'an encoded HMAC-SHA1 (Base64, Base64url or hex)',
    });
  }
  return authorizationForEncodedSignature(username, sessionId, signature);
}

/**
 * `kxAuthorizationHeader` for a signature this package has just encoded (Base64, Base64url or
 * hex, which never hold a colon, whitespace or a control character): only the username and
 * sessionId are checked.
 * @internal
 */
export function authorizationForEncodedSignature(username: string, sessionId: string, signature: string): string {
  return `${kxIdentity(username, sessionId)}:${signature}`;
}

/** The two halves of an `Authorization` header. */
export interface KxAuthorization {
  /** Username plus the last five characters of the sessionId: what the server looks the session up by. */
  identity: string;
  /** The encoded signature, as sent. */
  signature: string;
}

/**
 * Splits an `Authorization` header into identity and signature at its last colon: usernames may
 * contain colons, but none of the signature encodings can.
 *
 * @throws SigkitInputError `MALFORMED_AUTHORIZATION` when the value is not a string, has no colon,
 *   has an identity shorter than six characters (one for the username, five of the sessionId), or
 *   an empty signature.
 *
 * @example
 * ```ts
 * parseKxAuthorization('kxSupporta6b7c:q9t…='); // { identity: 'kxSupporta6b7c', signature: 'q9t…=' }
 * ```
 */
export function parseKxAuthorization(header: string): KxAuthorization {
  if (typeof header !== 'string') throw malformed(`the Authorization header must be a string, got ${describeType(header)}`);
  const colon = header.lastIndexOf(':');
  if (colon < 0) throw malformed('the Authorization header has no colon between identity and signature');
  const identity = header.slice(0, colon);
  const signature = header.slice(colon + 1);
  if (Array.from(identity).length < SESSION_SUFFIX_LENGTH + 1) {
    throw malformed(`the Authorization identity ${JSON.stringify(identity)} is shorter than a username plus 5 sessionId characters`);
  }
  if (signature.length === 0) throw malformed('the Authorization header has an empty signature');
  return { identity, signature };
}

/** Throws unless the username is non-empty and can travel at the start of a header value. @internal */
export function requireUsername(username: unknown): string {
  requireNonEmptyString(username, 'username', 'INVALID_USERNAME');
  const value = username as string;
  // HTTP strips leading whitespace from header values, which would change the identity.
  if (UNSENDABLE_USERNAME.test(value)) {
    throw new SigkitInputError('INVALID_USERNAME', `username ${JSON.stringify(value)} starts with whitespace or contains a control character`, {
      expected: 'the username as at login, without control characters or leading whitespace',
    });
  }
  return value;
}

/** Throws unless the sessionId has at least five characters and no control characters. @internal */
export function requireSessionId(sessionId: unknown): string {
  requireNonEmptyString(sessionId, 'sessionId', 'INVALID_SESSION_ID');
  const value = sessionId as string;
  const length = value.length >= 2 * SESSION_SUFFIX_LENGTH || !SURROGATE.test(value) ? value.length : Array.from(value).length;
  if (length < SESSION_SUFFIX_LENGTH || CONTROL_CHARACTER.test(value)) {
    throw new SigkitInputError('INVALID_SESSION_ID', 'sessionId must have at least 5 characters and no control characters', {
      expected: 'the sessionId from login, e.g. 32 hex characters',
    });
  }
  return value;
}

function malformed(message: string): SigkitInputError {
  return new SigkitInputError('MALFORMED_AUTHORIZATION', message, { expected: AUTHORIZATION_FORMAT });
}

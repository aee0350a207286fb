/** Every intermediate value of one KX Connect signing, computed the same way by signer, verifier and explainer. */
import { authorizationForEncodedSignature } from './authorization.js';
import { kxBodyDigest } from './bodyDigest.js';
import type { KxProfile } from './profile.js';
import { kxSignature } from './signature.js';
import { kxStringToSign, type KxStringToSignParts } from './stringToSign.js';

/** The content type the guides print, signed instead of the header under `DocLiteralContentType`. */
export const KX_DOC_LITERAL_CONTENT_TYPE = 'Application-json';

/**
 * Everything that went into one signature and came out of it: the seven parts of the string to
 * sign (upper-cased method, content type and date as signed), so a failing request can be compared
 * part by part with what the server expected.
 */
export interface KxTrace extends KxStringToSignParts {
  /** The profile the values were computed under. */
  profile: KxProfile;
  /** The seven parts joined per the profile. */
  stringToSign: string;
  /** The encoded HMAC-SHA1. */
  signature: string;
  /** The `Authorization` header value. */
  authorization: string;
}

/** What `computeKxTrace` needs: the request as sent plus the session it claims. @internal */
export interface KxTraceInput {
  method: string;
  authPath: string;
  username: string;
  sessionId: string;
  /** The exact body bytes. */
  body: string | Uint8Array;
  /** The `Content-Type` header value as sent ('' when absent). */
  contentTypeHeader: string;
  /** The date string the profile's `datePart` designates. */
  date: string;
}

/**
 * Runs every step of docs/spec/kx-connect.md §2 under `profile`: digest, content-type part, string to
 * sign, signature, Authorization header.
 * @internal
 */
export function computeKxTrace(input: KxTraceInput, profile: KxProfile): KxTrace {
  const bodyDigest = kxBodyDigest(input.body, profile);
  const contentType = profile.contentTypePart === 'docLiteral' ? KX_DOC_LITERAL_CONTENT_TYPE : input.contentTypeHeader;
  const method = input.method.toUpperCase();
  const { authPath, username, date, sessionId } = input;
  // The trace is its own string-to-sign parts; the parts are written out rather than spread:
  // spreading them built a slower object here.
  const trace: KxTrace = {
    profile: { ...profile }, method, authPath, username, bodyDigest, contentType, date, sessionId, stringToSign: '', signature: '', authorization: '',
  };
  trace.stringToSign = kxStringToSign(trace, profile);
  trace.signature = kxSignature(trace.stringToSign, sessionId, profile);
  trace.authorization = authorizationForEncodedSignature(username, sessionId, trace.signature);
  return trace;
}

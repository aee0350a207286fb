/** Verifies a KX Connect request the way the server does: the checks of docs/spec/kx-connect.md §2, in order. */
import { SigkitInputError } from '../errors.js';
import { constantTimeEqual } from '../shared/crypto.js';
import { describeType } from '../shared/validate.js';
import type { Verdict } from '../shared/verdict.js';
import type { WireRequest } from '../shared/wire.js';
import { authorizationForEncodedSignature, kxIdentity, parseKxAuthorization } from './authorization.js';
import { kxBodyDigest } from './bodyDigest.js';
import { kxProfile, type KxProfile, type KxVariantName } from './profile.js';
import { kxDatePart, readKxWire, type KxWireParts } from './readWire.js';
import { parseRfc1123, RFC1123_FORMAT } from './rfc1123.js';
import { kxSignature } from './signature.js';
import { kxStringToSign } from './stringToSign.js';
import { computeKxTrace, KX_DOC_LITERAL_CONTENT_TYPE, type KxTrace, type KxTraceInput } from './trace.js';

/** A live or expired session as the server stores it. */
export interface KxSessionRecord {
  /** The username the session was opened for. */
  username: string;
  /** The full sessionId (the HMAC key). */
  sessionId: string;
  /** True once the session's idle timeout has passed (docs/spec/kx-connect.md §2). */
  expired?: boolean;
}

/**
 * The verifier's codes, one per server check of docs/spec/kx-connect.md §2, in the order they run,
 * then `ok`.
 */
export const KX_VERDICT_CODES = [
  'malformed_authorization',
  'unknown_session',
  'session_expired',
  'malformed_body',
  'invalid_date',
  'clock_skew',
  'signature_mismatch',
  'ok',
] as const;

/** One of `KX_VERDICT_CODES`. */
export type KxVerdictCode = (typeof KX_VERDICT_CODES)[number];

/**
 * The `error` string the kit's server puts in its 401 JSON body for each code (docs/spec/kx-connect.md §2
 * names the checks but not their wording; these are the kit's). `ok` has none.
 */
export const KX_SERVER_MESSAGES: Readonly<Record<KxVerdictCode, string>> = Object.freeze({
  malformed_authorization: 'malformed Authorization header',
  unknown_session: 'unknown session',
  session_expired: 'session expired',
  malformed_body: 'malformed request body',
  invalid_date: 'invalid date',
  clock_skew: 'request date outside the allowed window',
  signature_mismatch: 'invalid signature',
  ok: '',
});

/** What the client sent, as the verifier read it; a field is absent when the request did not get that far or lacks it. */
export interface KxProvided {
  /** The `Authorization` header. */
  authorization?: string;
  /** Its part before the last colon. */
  identity?: string;
  /** Its part after the last colon. */
  signature?: string;
  /** The date the profile reads (body `date` or `Date` header). */
  date?: string;
  /** The `Content-Type` header. */
  contentType?: string;
  /** The digest of the body as received, under the profile. */
  bodyDigest?: string;
  /** The body's `type`. */
  requestType?: string;
  /** The body's `id`. */
  id?: string;
}

/**
 * The verifier's answer. Besides the common verdict fields it carries the body's `type` and `id`
 * when readable, which the server echoes in its answer (see `kxErrorBody`).
 */
export type KxVerdict = Verdict<KxTrace, KxProvided, KxVerdictCode> & {
  /** The body's `type` field, when the body is a JSON object with a string `type`. */
  requestType?: string;
  /** The body's `id` field, when the body is a JSON object with a string `id`. */
  id?: string;
};

/** How to verify: where sessions live, the clock, and the profile. */
export interface KxVerifyOptions {
  /** Finds the session whose username + last five sessionId characters equal `identity`. */
  lookupSession(identity: string): KxSessionRecord | undefined;
  /** The server clock (default: now), as a Date or epoch milliseconds. */
  now?: Date | number;
  /** The profile: a full one, some knobs over the default, or a variant name applied to the default (default: the kit's default profile). */
  profile?: Partial<KxProfile> | KxVariantName;
  /**
   * The body's digest under the profile when already computed, as `createKxBodyDigester` gives it
   * while the body streams past: the signature is then checked against this digest, and `wire.body`
   * is read only for its JSON fields (`date`, `type`, `id`, and whether it is a JSON object), so a
   * stand-in holding just those fields gives the same verdict as the whole body. The digest stands for
   * the body in `provided.bodyDigest` and `expected.bodyDigest`. Without this option the body is
   * digested as sent.
   * @throws SigkitInputError `INVALID_BODY_DIGEST` when it is not a non-empty string.
   */
  bodyDigest?: string;
}

/**
 * Verifies one request as a KX Connect server does (docs/spec/kx-connect.md §2), running the checks in
 * order and stopping at the first that fails: Authorization readable, session known, session
 * live, body a JSON object with a date, date RFC 1123, date within the clock window, signature
 * equal (compared in constant time, as encoded strings). Every failure is a 401.
 *
 * @throws SigkitInputError only when the arguments themselves are unusable (`INVALID_WIRE_REQUEST`,
 *   `INVALID_VERIFY_OPTIONS`, `INVALID_NOW`, a profile code); a bad request is a verdict, not a throw.
 *
 * @example
 * ```ts
 * const verdict = verifyKxRequest(
 *   { method: 'POST', target: request.path, headers: request.headers, body: request.body },
 *   { lookupSession: (identity) => sessions.get(identity) },
 * );
 * if (!verdict.ok) res.status(verdict.status).json(kxErrorBody(verdict));
 * ```
 */
export function verifyKxRequest(wire: WireRequest, options: KxVerifyOptions): KxVerdict {
  if (typeof options !== 'object' || options === null || typeof options.lookupSession !== 'function') {
    throw new SigkitInputError('INVALID_VERIFY_OPTIONS', `options must have a lookupSession function, got ${describeType(options)}`, {
      expected: '{ lookupSession(identity) { return sessions.get(identity); } }',
    });
  }
  const profile = kxProfile(options.profile);
  const nowMs = readNow(options.now);
  const givenDigest = options.bodyDigest;
  if (givenDigest !== undefined && (typeof givenDigest !== 'string' || givenDigest === '')) {
    throw new SigkitInputError('INVALID_BODY_DIGEST', `options.bodyDigest must be the body's digest as a string, got ${describeType(givenDigest)}`, {
      expected: 'the digest of createKxBodyDigester(profile), or kxBodyDigest(body, profile)',
    });
  }
  const parts = readKxWire(wire);
  const provided: KxProvided = { contentType: parts.contentType };
  if (parts.requestType !== undefined) provided.requestType = parts.requestType;
  if (parts.id !== undefined) provided.id = parts.id;
  const fail = (code: Exclude<KxVerdictCode, 'ok'>, message: string, expected?: KxTrace): KxVerdict =>
    verdict(parts, provided, code, message, expected);

  // 1. Authorization readable.
  if (parts.authorization === undefined) {
    return fail('malformed_authorization', 'The request has no Authorization header; expected `<username><last 5 characters of sessionId>:<signature>`.');
  }
  provided.authorization = parts.authorization;
  let identity: string;
  let signature: string;
  try {
    ({ identity, signature } = parseKxAuthorization(parts.authorization));
  } catch (error) {
    return fail('malformed_authorization', `The Authorization header cannot be read: ${(error as Error).message}; expected \`<username><last 5 characters of sessionId>:<signature>\`.`);
  }
  provided.identity = identity;
  provided.signature = signature;

  // 2. A session whose username + suffix is the identity. Re-checked here so that a lookup keyed
  // more loosely (say, by suffix alone) cannot let one user's session sign for another.
  const session = options.lookupSession(identity);
  if (session === undefined || !sessionHasIdentity(session, identity)) {
    return fail('unknown_session', `No live session belongs to the identity ${JSON.stringify(identity)}; expected the username used at login followed directly by the last 5 characters of its sessionId.`);
  }

  // 3. Session live.
  if (session.expired === true) {
    return fail('session_expired', `The session of ${JSON.stringify(session.username)} has expired; log in again for a new sessionId.`);
  }

  // 4. Body a JSON object carrying the date the profile reads.
  if (parts.json === undefined) {
    return fail('malformed_body', `The body cannot be read: ${parts.jsonProblem ?? 'it is not a JSON object'}; expected {"type":…,"msg":[{…}],"id":…,"date":…}.`);
  }
  const date = kxDatePart(parts, profile);
  if (date === undefined) {
    return fail(
      'malformed_body',
      profile.datePart === 'dateHeader'
        ? 'The request has no Date header, which this profile signs and checks; expected `Date: <RFC 1123 date>`.'
        : 'The body has no string "date" field; expected an RFC 1123 date such as "Fri, 26 Jul 2019 15:59:00 GMT".',
    );
  }
  provided.date = date;
  provided.bodyDigest = givenDigest ?? kxBodyDigest(parts.body, profile);
  const traceInput = { method: parts.method, authPath: parts.authPath, username: session.username, sessionId: session.sessionId, body: parts.body, contentTypeHeader: parts.contentType, date };
  const traceOf = () => (givenDigest === undefined ? computeKxTrace(traceInput, profile) : traceWithDigest(traceInput, givenDigest, profile));

  // 5. Date readable. Checked before the trace is built: an unreadable date (even an empty one)
  // must give this verdict, never an exception from the string-to-sign builder.
  let dateMs: number;
  try {
    dateMs = parseRfc1123(date).getTime();
  } catch {
    let trace: KxTrace | undefined;
    try {
      trace = traceOf();
    } catch {
      trace = undefined;
    }
    return fail('invalid_date', `The date ${JSON.stringify(date)} is not an RFC 1123 date; expected ${RFC1123_FORMAT}.`, trace);
  }
  const expected = traceOf();

  // 6. Date within the window.
  const skewSeconds = Math.abs(nowMs - dateMs) / 1000;
  if (skewSeconds > profile.clockWindowSeconds) {
    return fail(
      'clock_skew',
      `The date ${JSON.stringify(date)} is ${skewSeconds} s from the server clock (${new Date(nowMs).toUTCString()}); expected at most ${profile.clockWindowSeconds} s.`,
      expected,
    );
  }

  // 7. Signature.
  if (!constantTimeEqual(signature, expected.signature)) {
    return fail(
      'signature_mismatch',
      'The signature differs from the one computed over `expected.stringToSign`; expected the seven parts joined, digested and encoded per the profile (explainKxMismatch names known client deviations).',
      expected,
    );
  }
  return { ...verdict(parts, provided, 'ok', 'The request is signed correctly by a live session.', expected), ok: true, status: 200 };
}

/** `computeKxTrace` with the body's digest given rather than computed from the body (the same steps, docs/spec/kx-connect.md §2). */
function traceWithDigest(input: KxTraceInput, bodyDigest: string, profile: KxProfile): KxTrace {
  const contentType = profile.contentTypePart === 'docLiteral' ? KX_DOC_LITERAL_CONTENT_TYPE : input.contentTypeHeader;
  const { authPath, username, date, sessionId } = input;
  const trace: KxTrace = {
    profile: { ...profile }, method: input.method.toUpperCase(), authPath, username, bodyDigest, contentType, date, sessionId, stringToSign: '', signature: '', authorization: '',
  };
  trace.stringToSign = kxStringToSign(trace, profile);
  trace.signature = kxSignature(trace.stringToSign, sessionId, profile);
  trace.authorization = authorizationForEncodedSignature(username, sessionId, trace.signature);
  return trace;
}

function verdict(parts: KxWireParts, provided: KxProvided, code: KxVerdictCode, message: string, expected?: KxTrace): KxVerdict {
  const result: KxVerdict = { ok: false, code, message, serverMessage: KX_SERVER_MESSAGES[code], status: 401, provided: { ...provided } };
  if (expected !== undefined) result.expected = expected;
  if (parts.requestType !== undefined) result.requestType = parts.requestType;
  if (parts.id !== undefined) result.id = parts.id;
  return result;
}

function sessionHasIdentity(session: KxSessionRecord, identity: string): boolean {
  try {
    return kxIdentity(session.username, session.sessionId) === identity;
  } catch {
    // A stored record that cannot form an identity matches none.
    return false;
  }
}

function readNow(now: unknown): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new SigkitInputError('INVALID_NOW', `now must be a valid Date or epoch milliseconds, got ${describeType(now)}`, {
      expected: 'a Date or a finite number of milliseconds',
    });
  }
  return ms;
}

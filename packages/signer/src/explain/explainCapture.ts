/** Explains a captured request: the reference trace beside what was sent, the first differing step, and the known deviation that reproduces it. */
import {
  headerValue,
  kxIdentity,
  kxProfile,
  kxSessionSuffix,
  parseKxAuthorization,
  parseRfc1123,
  parseXConnectTimestamp,
  verifyKxRequest,
  verifyXConnectRequest,
  type KxProfile,
  type KxVariantName,
} from '../index.js';
import { diagnoseKx } from './diagnoseKx.js';
import { diagnoseXConnect } from './diagnoseXConnect.js';
import type { Diagnosis } from './types.js';
import { SigkitInputError } from '../errors.js';
import { explainRecordedKx } from './explainRecordedKx.js';
import { constantTimeEqual } from '../shared/crypto.js';
import { bodyFields, type BodyFields, type CapturedRequest, type Scheme } from './capture.js';

/** What the signer of the captured request holds. */
export interface ExplainCredentials {
  /** xConnect: the secret key (required) and the api key (default: the request's `x-arrow-apikey`). */
  apiKey?: string;
  secretKey?: string;
  /** KX Connect: the sessionId (required) and the username (default: read from the Authorization identity). */
  sessionId?: string;
  username?: string;
}

/** The explanation of one captured request (`sigkit explain --json` prints it). */
export interface CaptureExplanation {
  scheme: Scheme;
  source: string;
  request: BodyFields & { method: string; target: string; headers: Record<string, string> };
  /** The reference verifier's ruling, with the server clock set to the request's own date (so only signing is judged). */
  verdict: { ok: boolean; code: string; message: string };
  /** Whether the signature sent is the one the reference computes. */
  signatureMatches: boolean;
  diagnosis: Diagnosis;
  /** Where the explanation comes from, when not from recomputing the signature here (a KX entry of the mock's journal). */
  note?: string;
}

/**
 * Explains a captured request (docs/spec/xconnect.md §4, docs/spec/kx-connect.md §2). The scheme is `scheme`, or
 * guessed from the headers (`x-arrow-*` → xconnect, an `Authorization` on `/connect/api/` → kx).
 * A KX request the sigkit mock recorded (`captured.recorded`) is explained from the mock's own
 * diagnosis ({@link explainRecordedKx}) unless a sessionId is given; then it is recomputed here.
 * Throws `MISSING_CREDENTIALS` or `UNKNOWN_SCHEME` when it cannot proceed.
 *
 * @example
 * ```ts
 * const why = explainCapture(parseCurl(command), { secretKey });
 * why.diagnosis.deviations[0]?.flags; // ['UnsortedQuery']
 * ```
 */
export function explainCapture(
  captured: CapturedRequest,
  credentials: ExplainCredentials,
  options: { scheme?: Scheme; profile?: KxVariantName | Partial<KxProfile> } = {},
): CaptureExplanation {
  const recordedKx = captured.recorded?.verdict?.scheme === 'kx';
  const scheme = options.scheme ?? (recordedKx ? 'kx' : guessScheme(captured));
  const request = { method: captured.method, target: captured.target, headers: captured.headers, ...bodyFields(captured.body) };
  const header = (name: string) => headerValue(captured.headers, name);
  if (scheme === 'xconnect') {
    if (!credentials.secretKey) throw new SigkitInputError('MISSING_CREDENTIALS', 'explaining an xConnect request needs the secret key', { expected: '--secret-key (or XCONNECT_SECRET_KEY)' });
    const apiKey = credentials.apiKey ?? header('x-arrow-apikey');
    if (!apiKey) throw new SigkitInputError('MISSING_CREDENTIALS', 'the request has no x-arrow-apikey and no api key was given', { expected: '--api-key (or XCONNECT_API_KEY)' });
    const secretKey = credentials.secretKey;
    let now = Date.now();
    try {
      now = parseXConnectTimestamp(header('x-arrow-date') ?? '');
    } catch {
      // An unreadable date is reported by the verifier; the clock stays at now.
    }
    const verdict = verifyXConnectRequest(captured, {
      lookupCredentials: (key) => (key === apiKey ? { apiKey, secretKey } : undefined),
      now,
      acceptedVersions: [0, 1, 2],
      isExempt: () => false,
    });
    const diagnosis = diagnoseXConnect(captured, { apiKey, secretKey }, undefined, { code: verdict.code, message: verdict.message });
    const signatureMatches = verdict.expected !== undefined && constantTimeEqual(header('x-arrow-signature') ?? '', verdict.expected.signature);
    return { scheme, source: captured.source, request, verdict: { ok: verdict.ok, code: verdict.code, message: verdict.message }, signatureMatches, diagnosis };
  }
  if (recordedKx) {
    // The mock's journal keeps no sessionId and redacts the Authorization header: without a
    // sessionId, or for a login (nothing signed), the mock's own diagnosis is the explanation.
    const restored = credentials.sessionId === undefined || LOGIN_ROUTE.test(captured.target) ? undefined : withRecordedAuthorization(captured);
    if (restored === undefined) return explainRecordedKx(captured);
    captured = restored;
  }
  const profile = kxProfile(options.profile ?? recordedProfile(captured));
  if (!credentials.sessionId) throw new SigkitInputError('MISSING_CREDENTIALS', 'explaining a KX Connect call needs the sessionId', { expected: '--session-id (or KX_SESSION_ID)' });
  const sessionId = credentials.sessionId;
  const username = credentials.username ?? usernameFromAuthorization(header('authorization'), sessionId);
  let now = Date.now();
  try {
    const date = profile.datePart === 'dateHeader' ? header('date') : (JSON.parse(Buffer.from(captured.body).toString('utf8')) as { date?: string }).date;
    if (date !== undefined) now = parseRfc1123(date).getTime();
  } catch {
    // The verifier reports a missing or unreadable date.
  }
  const identity = kxIdentity(username, sessionId);
  const verdict = verifyKxRequest(captured, { lookupSession: (id) => (id === identity ? { username, sessionId } : undefined), now, profile });
  const diagnosis = diagnoseKx(captured, { username, sessionId, profile }, undefined, { code: verdict.code, message: verdict.message });
  const signatureMatches = verdict.expected !== undefined && constantTimeEqual(header('authorization') ?? '', verdict.expected.authorization);
  return { scheme, source: captured.source, request, verdict: { ok: verdict.ok, code: verdict.code, message: verdict.message }, signatureMatches, diagnosis };
}

const LOGIN_ROUTE = /^\/connect\/api\/auth\/login(?:\?|$)/;

/** The capture with the Authorization header the mock redacted put back from its diagnosis (identity and signature), or undefined when it cannot be. */
function withRecordedAuthorization(captured: CapturedRequest): CapturedRequest | undefined {
  const sent = headerValue(captured.headers, 'authorization');
  if (sent !== undefined && sent !== '[redacted]') return captured;
  const provided = (captured.recorded?.verdict?.diagnosis as { provided?: { identity?: unknown; signature?: unknown } } | undefined)?.provided;
  if (typeof provided?.identity !== 'string' || typeof provided.signature !== 'string') return undefined;
  const headers = Object.fromEntries(Object.entries(captured.headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
  return { ...captured, headers: { ...headers, authorization: `${provided.identity}:${provided.signature}` } };
}

/** The KX profile the mock verified under, from its recorded diagnosis. */
function recordedProfile(captured: CapturedRequest): Partial<KxProfile> | undefined {
  const profile = (captured.recorded?.verdict?.diagnosis as { profile?: unknown } | undefined)?.profile;
  return profile && typeof profile === 'object' ? (profile as Partial<KxProfile>) : undefined;
}

function guessScheme(captured: CapturedRequest): Scheme {
  const names = Object.keys(captured.headers).map((k) => k.toLowerCase());
  if (names.some((n) => n.startsWith('x-arrow-'))) return 'xconnect';
  if (names.includes('authorization') && captured.target.startsWith('/connect/api/')) return 'kx';
  throw new SigkitInputError('UNKNOWN_SCHEME', 'the request carries neither x-arrow-* headers nor a KX Connect Authorization', { expected: '--scheme xconnect or --scheme kx' });
}

function usernameFromAuthorization(authorization: string | undefined, sessionId: string): string {
  const expected = { expected: '--username (or KX_USER)' };
  if (authorization === undefined) throw new SigkitInputError('MISSING_CREDENTIALS', 'the call has no Authorization header to read the username from', expected);
  const { identity } = parseKxAuthorization(authorization);
  const suffix = kxSessionSuffix(sessionId);
  if (!identity.endsWith(suffix) || identity.length === suffix.length) {
    throw new SigkitInputError('MISSING_CREDENTIALS', `the Authorization identity ${JSON.stringify(identity)} does not end with this sessionId's last five characters ${JSON.stringify(suffix)}`, expected);
  }
  return identity.slice(0, -suffix.length);
}

/** Explains a KX Connect signature mismatch by finding which known client deviations reproduce it. */
import { SigkitInputError } from '../errors.js';
import { constantTimeEqual } from '../shared/crypto.js';
import type { WireRequest } from '../shared/wire.js';
import { kxIdentity, parseKxAuthorization, requireSessionId, requireUsername } from './authorization.js';
import { applyKxVariants, KX_VARIANT_NAMES, KX_VARIANTS, kxProfile, type KxProfile, type KxVariantName } from './profile.js';
import { kxDatePart, readKxWire, type KxWireParts } from './readWire.js';
import { computeKxTrace, type KxTrace } from './trace.js';

/** The explainer's findings for one request. */
export interface KxMismatchExplanation {
  /**
   * Each entry is a set of variants, relative to the configured profile, whose combination
   * reproduces the provided signature: `[[]]` when the profile itself does (no deviation),
   * `[['NoSeparator']]` for a client that concatenated the parts, `[]` when nothing tried does.
   */
  matches: KxVariantName[][];
  /** True when the configured profile reproduces the provided signature. */
  reproducedByProfile: boolean;
  /** What the configured profile computes for this request. */
  expected: KxTrace;
  /** The signature in the request's `Authorization` header. */
  providedSignature: string;
  /** A sentence naming the first part that differs, when the profile does not reproduce the signature. */
  firstDifference?: string;
}

/** Parts of the trace in string-to-sign order, then what is derived from them. */
const TRACE_FIELDS = ['method', 'authPath', 'username', 'bodyDigest', 'contentType', 'date', 'sessionId'] as const;

/**
 * Recomputes a request's signature under the configured profile, then under each single named
 * variant of it, then (only if no single one matches) under every pair of variants on different
 * knobs, and reports which reproduce the signature the client sent. Variants are relative to
 * the configured profile: a variant setting a knob to the value the profile already has is not
 * tried, and a deviation back to a default value has no name to report.
 *
 * @param credentials - the username and sessionId the client holds (the server's session record).
 * @throws SigkitInputError `MALFORMED_AUTHORIZATION` when the request carries no readable
 *   signature; `MALFORMED_BODY` when it lacks the date the configured profile signs;
 *   `INVALID_USERNAME`, `INVALID_SESSION_ID`, `INVALID_WIRE_REQUEST` or a profile code.
 *
 * @example
 * ```ts
 * const { matches } = explainKxMismatch(wire, { username: 'kxSupport', sessionId });
 * // [['Md5UpperHex']]: the client wrote the body digest in uppercase hex
 * ```
 */
export function explainKxMismatch(
  wire: WireRequest,
  credentials: { username: string; sessionId: string },
  options: { profile?: Partial<KxProfile> | KxVariantName } = {},
): KxMismatchExplanation {
  const profile = kxProfile(options?.profile);
  const username = requireUsername(credentials?.username);
  const sessionId = requireSessionId(credentials?.sessionId);
  const parts = readKxWire(wire);
  if (parts.authorization === undefined) {
    throw new SigkitInputError('MALFORMED_AUTHORIZATION', 'the request has no Authorization header, so there is no signature to explain', {
      expected: '<username><last 5 characters of sessionId>:<signature>',
    });
  }
  const { identity, signature: providedSignature } = parseKxAuthorization(parts.authorization);
  const traceUnder = (p: KxProfile): KxTrace | undefined => tryTrace(parts, username, sessionId, p);

  const expected = traceUnder(profile);
  if (expected === undefined) {
    throw new SigkitInputError('MALFORMED_BODY', `the request carries no ${profile.datePart === 'dateHeader' ? 'Date header' : 'body date'} to sign under the configured profile`, {
      expected: profile.datePart === 'dateHeader' ? 'a Date header' : 'a JSON object body with a string "date" field',
    });
  }
  // Compared in constant time, as the verifier does: the explainer also answers requests (the mock's 401s).
  if (constantTimeEqual(expected.signature, providedSignature)) return { matches: [[]], reproducedByProfile: true, expected, providedSignature };

  const candidates = KX_VARIANT_NAMES.filter((name) => profile[KX_VARIANTS[name].knob] !== KX_VARIANTS[name].value);
  const reproduces = (variants: KxVariantName[]): KxTrace | undefined => {
    const trace = traceUnder(applyKxVariants(profile, variants));
    return trace !== undefined && constantTimeEqual(trace.signature, providedSignature) ? trace : undefined;
  };
  const found: { variants: KxVariantName[]; trace: KxTrace }[] = [];
  for (const name of candidates) {
    const trace = reproduces([name]);
    if (trace !== undefined) found.push({ variants: [name], trace });
  }
  if (found.length === 0) {
    for (const [i, first] of candidates.entries()) {
      for (const second of candidates.slice(i + 1)) {
        if (KX_VARIANTS[first].knob === KX_VARIANTS[second].knob) continue;
        const trace = reproduces([first, second]);
        if (trace !== undefined) found.push({ variants: [first, second], trace });
      }
    }
  }

  const [best] = found;
  const firstDifference =
    best === undefined
      ? unexplained(expected, providedSignature, identity, kxIdentity(username, sessionId))
      : describeDifference(expected, best.trace, best.variants);
  return { matches: found.map((match) => match.variants), reproducedByProfile: false, expected, providedSignature, firstDifference };
}

function tryTrace(parts: KxWireParts, username: string, sessionId: string, profile: KxProfile): KxTrace | undefined {
  const date = kxDatePart(parts, profile);
  if (date === undefined) return undefined;
  try {
    return computeKxTrace(
      { method: parts.method, authPath: parts.authPath, username, sessionId, body: parts.body, contentTypeHeader: parts.contentType, date },
      profile,
    );
  } catch {
    // A variant that cannot apply to this request (say, re-serialising a body that is not JSON) reproduces nothing.
    return undefined;
  }
}

function describeDifference(expected: KxTrace, client: KxTrace, variants: KxVariantName[]): string {
  const because = `(${variants.join(' + ')})`;
  for (const field of TRACE_FIELDS) {
    if (expected[field] !== client[field]) {
      return `${field}: the server signs ${JSON.stringify(expected[field])} but the client signed ${JSON.stringify(client[field])} ${because}`;
    }
  }
  if (expected.stringToSign !== client.stringToSign) {
    return `joiner: the server joins the parts with ${expected.profile.joiner} but the client used ${client.profile.joiner} ${because}`;
  }
  return `signatureEncoding: the server encodes the HMAC as ${expected.profile.signatureEncoding} but the client used ${client.profile.signatureEncoding} ${because}`;
}

function unexplained(expected: KxTrace, providedSignature: string, providedIdentity: string, expectedIdentity: string): string {
  if (providedIdentity !== expectedIdentity) {
    return `identity: the Authorization header names ${JSON.stringify(providedIdentity)} but these credentials give ${JSON.stringify(expectedIdentity)}`;
  }
  return (
    `signature: expected ${JSON.stringify(expected.signature)}, got ${JSON.stringify(providedSignature)}, and no named variant or pair of ` +
    'variants reproduces it: the client signed a different body, date, path or sessionId than it sent, or deviates in an unknown way'
  );
}

/** Verifies an xConnect request for the mock (spec xconnect §3 via @sigkit/signer) and explains a rejection. */
import {
  explainXConnectMismatch,
  traceXConnectRequest,
  XCONNECT_DEVIATIONS,
  verifyXConnectRequest,
  type XConnectCredentialRecord,
  type XConnectDeviationFlag,
  type XConnectProvided,
  type XConnectStep,
  type XConnectTrace,
  type XConnectVerdict,
  type XConnectVerdictCode,
  type XConnectVersion,
} from '@sigkit/signer';
import type { MockCredential } from '../credentials/credentials.js';
import type { JsonObject } from '../http/types.js';
import type { PlatformRequest, PlatformServices } from '../platform/platformModule.js';

/** What the mock tells a client (strict profile) and the journal (both profiles) about a verdict. */
export interface XConnectDiagnosis {
  /** The deciding check of spec xconnect §3. */
  code: XConnectVerdictCode;
  /** A sentence saying what was wrong and what was expected. */
  message: string;
  /** The reference computation for this request, when verification got that far. */
  expected: XConnectTrace | null;
  /** What the client sent, as the server read it. */
  provided: XConnectProvided;
  /** The known client mistake(s) of spec xconnect §4 that reproduce the sent signature, if any. */
  deviation: { flags: XConnectDeviationFlag[]; steps: XConnectStep[]; summary: string } | null;
  /** Server time used for the clock check, ISO-8601. */
  serverTime: string;
  clockWindowSeconds: number;
  profile: PlatformServices['profile'];
  /** The journal entry of this request (`GET /__sigkit/journal/{id}`). */
  journalId: number;
}

/** The outcome of {@link verifyXConnectForMock}. */
export interface XConnectMockVerdict {
  verdict: XConnectVerdict;
  /** The credential the request authenticated as (or tried to). */
  credential: MockCredential | undefined;
  diagnosis: XConnectDiagnosis;
}

/** Versions the published server accepted (spec xconnect §2); `strict` accepts only the documented one. */
const ACCEPTED_VERSIONS: Record<PlatformServices['profile'], readonly XConnectVersion[]> = { strict: [1], moonstone: [0, 1, 2] };

/** Searching for the client's mistake re-hashes the body for each candidate; above this size the search is skipped. */
export const EXPLAIN_BODY_LIMIT = 256 * 1024;

function toRecord(credential: MockCredential, forceSigning: boolean): XConnectCredentialRecord {
  return {
    apiKey: credential.apiKey,
    secretKey: credential.secretKey,
    signingRequired: forceSigning ? true : credential.signingRequired,
    expired: credential.expired,
    applicationDisabled: credential.disabled,
  };
}

/**
 * Verifies a request against the mock's credentials, clock and profile, and builds the diagnosis:
 * on a signature mismatch it names the deviation that reproduces the client's signature.
 * Never throws on client input.
 *
 * @example
 * ```ts
 * const { verdict, diagnosis } = verifyXConnectForMock(request, services);
 * if (!verdict.ok) console.log(diagnosis.code, diagnosis.deviation?.flags);
 * ```
 */
export function verifyXConnectForMock(request: PlatformRequest, services: PlatformServices): XConnectMockVerdict {
  const strict = services.profile === 'strict';
  // Filled by the lookups below, which the verifier calls at most once.
  const found: { credential?: MockCredential } = {};
  const now = services.clock.now();
  const wire = { method: request.method, target: request.target, headers: request.headers, body: request.body };
  const verdict = verifyXConnectRequest(wire, {
    lookupCredentials: (apiKey) => {
      found.credential = services.credentials.get(apiKey);
      return found.credential && toRecord(found.credential, false);
    },
    // x-auth-token requests were let in where signing is off (spec xconnect §3); strict still looks
    // the token up so it can say that signing is what is missing, rather than "unknown token".
    lookupAuthToken: (token) => {
      found.credential = services.credentials.findByAuthToken(token);
      return found.credential && toRecord(found.credential, strict);
    },
    now,
    clockWindowSeconds: services.clock.windowSeconds,
    acceptedVersions: ACCEPTED_VERSIONS[services.profile],
  });

  const credential = found.credential;
  let message = verdict.message;
  let deviation: XConnectDiagnosis['deviation'] = null;
  if (verdict.code === 'signing_required' && strict && credential && !credential.signingRequired) {
    message = 'the strict profile requires HMAC-signed requests; an x-auth-token alone is accepted only by the moonstone profile, for keys with signing off';
  }
  if ((verdict.code === 'signature_mismatch' || verdict.code === 'unsupported_version') && credential && request.body.length <= EXPLAIN_BODY_LIMIT) {
    const explanation = explainXConnectMismatch(wire, { apiKey: credential.apiKey, secretKey: credential.secretKey });
    const match = explanation.matches[0];
    if (match) {
      deviation = { flags: match.flags, steps: match.steps, summary: explanation.summary };
      const what = match.flags.map((flag) => XCONNECT_DEVIATIONS[flag].description.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, ''));
      message += `; it is the signature of a client that ${what.join(' and ')} (${match.flags.join(' + ')})`;
    }
    if (verdict.code === 'signature_mismatch' && !match) {
      message += '; no known client mistake reproduces it: check the secret key, then compare your canonical request with expected.canonicalRequest line by line';
    }
    if (verdict.code === 'unsupported_version' && explanation.signatureMatches) {
      message += `; the signature itself is a correct version-${explanation.expected?.version} signature (the moonstone profile accepts versions 0, 1 and 2)`;
    }
  }
  return {
    verdict,
    credential,
    diagnosis: {
      code: verdict.code,
      message,
      expected: verdict.expected ?? null,
      provided: verdict.provided,
      deviation,
      serverTime: new Date(now).toISOString(),
      clockWindowSeconds: services.clock.windowSeconds,
      profile: services.profile,
      journalId: request.journalId,
    },
  };
}

/** The diagnosis as plain JSON (for the journal and the `sigkit` field of strict rejections). */
export function diagnosisJson(diagnosis: XConnectDiagnosis): JsonObject {
  return JSON.parse(JSON.stringify(diagnosis)) as JsonObject;
}

/**
 * The diagnosis as the journal keeps it until read: everything but the expected trace, which is a
 * kilobyte of strings per request. When read, the trace is computed again from what it was made of
 * (the request-target, the headers sent, the secret key as it was then, the body's hash), so the
 * JSON is the same as `diagnosisJson(diagnosis)` would have been.
 * @internal
 */
export function deferredDiagnosisJson(diagnosis: XConnectDiagnosis, target: string, secretKey: string | undefined): () => JsonObject {
  const { expected, provided } = diagnosis;
  const apiKey = provided.apiKey;
  const timestamp = provided.date;
  if (expected === null || secretKey === undefined || apiKey === undefined || timestamp === undefined) return diagnosisNow(diagnosis);
  // Only these are kept by the closure below (not `expected`, not `diagnosis`).
  const { method, path, version } = expected;
  const payloadHash = expected.payloadHash ?? undefined;
  const { code, message, deviation, serverTime, clockWindowSeconds, profile, journalId } = diagnosis;
  return () => {
    const q = target.indexOf('?');
    const rawQuery = q < 0 ? undefined : target.slice(q + 1);
    const parts = { method, path, rawQuery, body: '', apiKey, secretKey, timestamp, version };
    const trace = traceXConnectRequest(payloadHash === undefined ? parts : { ...parts, payloadHash });
    return diagnosisJson({ code, message, expected: trace, provided, deviation, serverTime, clockWindowSeconds, profile, journalId });
  };
}

function diagnosisNow(diagnosis: XConnectDiagnosis): () => JsonObject {
  return () => diagnosisJson(diagnosis);
}

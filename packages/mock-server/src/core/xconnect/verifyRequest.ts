/** Verifies an xConnect request for the mock (docs/spec/xconnect.md §3 via @sigkit/signer) and explains a rejection. */
import {
  explainXConnectMismatch,
  headerValue,
  traceXConnectRequest,
  XCONNECT_DEVIATIONS,
  verifyXConnectRequest,
  type XConnectCredentialRecord,
  type XConnectDeviationFlag,
  type XConnectFrontRejection,
  type XConnectProvided,
  type XConnectStep,
  type XConnectTrace,
  type XConnectVerdict,
  type XConnectVerdictCode,
  type XConnectVersion,
} from '@sigkit/signer';
import type { MockCredential } from '../credentials/credentials.js';
import type { JsonObject } from '../http/types.js';
import type { DiagnosisSource } from '../journal/journal.js';
import { REDACTED, redactDiagnosis } from '../journal/redact.js';
import { DEFERRED_SEARCH_BODY_LIMIT, type ExplainBudget } from '../platform/explainBudget.js';
import type { PlatformRequest, PlatformServices } from '../platform/platformModule.js';
import type { PlatformWouldDiffer } from '../platform/platformWouldDiffer.js';
import { filterNote, frontNote, mayDifferFromPlatform, platformFront } from './platformComparison.js';
import { isoTime } from '../clock/isoTime.js';

/** What the mock tells a client (strict profile) and the journal (both profiles) about a verdict. */
export interface XConnectDiagnosis {
  /** The deciding check of docs/spec/xconnect.md §3. */
  code: XConnectVerdictCode;
  /** A sentence saying what was wrong and what was expected. */
  message: string;
  /** The reference computation for this request, when verification got that far. */
  expected: XConnectTrace | null;
  /** What the client sent, as the server read it. */
  provided: XConnectProvided;
  /** The known client mistake(s) of docs/spec/xconnect.md §4 that reproduce the sent signature, if any. */
  deviation: { flags: XConnectDeviationFlag[]; steps: XConnectStep[]; summary: string } | null;
  /** Server time used for the clock check, ISO-8601. */
  serverTime: string;
  clockWindowSeconds: number;
  profile: PlatformServices['profile'];
  /** The journal entry of this request (`GET /__sigkit/journal/{id}`). */
  journalId: number;
  /**
   * strict profile: what the real platform would have answered instead, when that differs from this
   * answer (docs/spec/xconnect.md §3b); null when it would have answered alike. Always null in moonstone.
   */
  platformWouldDiffer: PlatformWouldDiffer | null;
  /** moonstone profile, an answer before any check: which layer of the platform answered, by which rule, and why. */
  front?: Pick<XConnectFrontRejection, 'status' | 'layer' | 'rule' | 'reason' | 'serverMessage'>;
  /** moonstone profile, a 5xx: says that the answer is a deliberate reproduction of the platform's, not a failure of the mock. */
  reproduction?: string;
}

/** The outcome of {@link verifyXConnectForMock}. */
export interface XConnectMockVerdict {
  verdict: XConnectVerdict;
  /** The credential the request authenticated as (or tried to). */
  credential: MockCredential | undefined;
  diagnosis: XConnectDiagnosis;
  /** Set when the budget left the search for the client's mistake undone: runs it, giving what it adds to the message and the deviation. */
  deferredSearch?: () => { note: string; deviation: XConnectDiagnosis['deviation'] };
}

/** Said in a rejection whose mistake was not searched while answering. */
export const DEFERRED_SEARCH_NOTE = '; the search for a known client mistake was left for later (many rejections at once): the journal entry names it when read';
/** Searches the known client mistakes for one reproducing the rejected signature: what it adds to the message, and the deviation. */
function searchMistake(wire: ReturnType<typeof wireOf>, credential: MockCredential, verdict: XConnectVerdict, strict: boolean): { note: string; deviation: XConnectDiagnosis['deviation'] } {
  let note = '';
  let deviation: XConnectDiagnosis['deviation'] = null;
  // moonstone explains against the platform's reading, and names the mistakes only the platform refused.
  const explanation = explainXConnectMismatch(wire, { apiKey: credential.apiKey, secretKey: credential.secretKey }, strict ? {} : { platform: 'moonstone' });
  const match = explanation.matches[0];
  if (match) {
    deviation = { flags: match.flags, steps: match.steps, summary: explanation.summary };
    if (match.flags.some((flag) => XCONNECT_DEVIATIONS[flag].scope === 'platform')) {
      note += `; ${explanation.summary}`;
    } else {
      const what = match.flags.map((flag) => XCONNECT_DEVIATIONS[flag].description.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, ''));
      note += `; it is the signature of a client that ${what.join(' and ')} (${match.flags.join(' + ')})`;
    }
  }
  if (verdict.code === 'signature_mismatch' && !match) {
    note += '; no known client mistake reproduces it: check the secret key, then compare your canonical request with expected.canonicalRequest line by line';
  }
  if (verdict.code === 'unsupported_version' && explanation.signatureMatches) {
    note += `; the signature itself is a correct version-${explanation.expected?.version} signature (the moonstone profile accepts versions 0, 1 and 2)`;
  }
  return { note, deviation };
}

/** Versions the published server accepted (docs/spec/xconnect.md §2); `strict` accepts only the documented one. */
const ACCEPTED_VERSIONS: Record<PlatformServices['profile'], readonly XConnectVersion[]> = { strict: [1], moonstone: [0, 1, 2] };

/** The verdicts whose signature is searched for a known client mistake; moonstone also names the mistakes only the platform refused. */
const EXPLAINED: Record<PlatformServices['profile'], readonly XConnectVerdictCode[]> = {
  strict: ['signature_mismatch', 'unsupported_version'],
  moonstone: ['signature_mismatch', 'unsupported_version', 'empty_parameter_name', 'invalid_date'],
};

/** Searching for the client's mistake re-hashes the body for each candidate; above this size the search is skipped. */
export const EXPLAIN_BODY_LIMIT = 256 * 1024;

/** The credential as the signer's verifier reads it; `forceSigning` holds a key with signing off to signing (strict). @internal */
export function toRecord(credential: MockCredential, forceSigning: boolean): XConnectCredentialRecord {
  const record: XConnectCredentialRecord = {
    apiKey: credential.apiKey,
    secretKey: credential.secretKey,
    signingRequired: forceSigning ? true : credential.signingRequired,
    expired: credential.expired,
    applicationDisabled: credential.disabled,
    companyMissing: credential.companyMissing,
    companyEnabled: !credential.companyDisabled,
  };
  if (credential.companyId !== null) record.companyId = credential.companyId;
  if (credential.companyName !== null) record.companyName = credential.companyName;
  return record;
}

/** The request as the signer reads it: strict reads the upper-cased method and the target without fragment; moonstone reads both as sent. */
function wireOf(request: PlatformRequest, moonstone: boolean) {
  return moonstone
    ? { method: request.rawMethod, target: request.wireTarget, headers: request.headers, body: request.body }
    : { method: request.method, target: request.target, headers: request.headers, body: request.body };
}

/** The platform's verdict on a request (its filter's, docs/spec/xconnect.md §3b), against the mock's credentials and clock. */
export function platformVerdictOf(request: PlatformRequest, services: PlatformServices, now: number): { verdict: XConnectVerdict; credential: MockCredential | undefined } {
  const found: { credential?: MockCredential } = {};
  const verdict = verifyXConnectRequest(wireOf(request, true), {
    lookupCredentials: (apiKey) => {
      found.credential = services.credentials.get(apiKey);
      return found.credential && toRecord(found.credential, false);
    },
    lookupAuthToken: (token) => {
      found.credential = services.credentials.findByAuthToken(token);
      return found.credential && toRecord(found.credential, false);
    },
    now,
    clockWindowSeconds: services.clock.windowSeconds,
    platform: 'moonstone',
  });
  return { verdict, credential: found.credential };
}

/**
 * strict profile: what the platform would have answered instead of the strict verdict, if that
 * differs. The second verification runs only when the platform may have judged otherwise (see
 * `mayDifferFromPlatform`: not for a plain request strict accepted, or refused for its signature).
 */
function platformNoteFor(request: PlatformRequest, services: PlatformServices, strictVerdict: XConnectVerdict, now: number): PlatformWouldDiffer | null {
  const front = platformFront(request);
  if (front) return frontNote(front);
  if (!mayDifferFromPlatform(request, strictVerdict)) return null;
  return filterNote(strictVerdict, platformVerdictOf(request, services, now).verdict) ?? null;
}

/**
 * Verifies a request against the mock's credentials, clock and profile, and builds the diagnosis:
 * on a signature mismatch it names the deviation that reproduces the client's signature, unless
 * `budget` is spent: then the search is left to `deferredSearch`, for the journal. `at` is the
 * clock's time to judge the request at (default: now; the proxy judges a request as of when it passed).
 * Never throws on client input.
 *
 * @example
 * ```ts
 * const { verdict, diagnosis } = verifyXConnectForMock(request, services);
 * if (!verdict.ok) console.log(diagnosis.code, diagnosis.deviation?.flags);
 * ```
 */
export function verifyXConnectForMock(request: PlatformRequest, services: PlatformServices, budget?: ExplainBudget, at?: number): XConnectMockVerdict {
  const strict = services.profile === 'strict';
  // Filled by the lookups below, which the verifier calls at most once.
  const found: { credential?: MockCredential } = {};
  const now = at ?? services.clock.now();
  const wire = wireOf(request, !strict);
  const verdict = verifyXConnectRequest(wire, {
    lookupCredentials: (apiKey) => {
      found.credential = services.credentials.get(apiKey);
      return found.credential && toRecord(found.credential, false);
    },
    // x-auth-token requests were let in where signing is off (docs/spec/xconnect.md §3); strict still looks
    // the token up so it can say that signing is what is missing, rather than "unknown token".
    lookupAuthToken: (token) => {
      found.credential = services.credentials.findByAuthToken(token);
      return found.credential && toRecord(found.credential, strict);
    },
    now,
    clockWindowSeconds: services.clock.windowSeconds,
    acceptedVersions: ACCEPTED_VERSIONS[services.profile],
    ...(strict ? {} : { platform: 'moonstone' as const }),
  });

  const credential = found.credential;
  let message = verdict.message;
  // moonstone's 500 for a form body its stack could not read, before any check.
  const reproduction = !strict && verdict.status >= 500 ? reproductionNote(verdict.status, 'its servlet filters threw while reading the form body, before any check') : undefined;
  let deviation: XConnectDiagnosis['deviation'] = null;
  if (verdict.code === 'signing_required' && strict && credential && !credential.signingRequired) {
    message = 'the strict profile requires HMAC-signed requests; an x-auth-token alone is accepted only by the moonstone profile, for keys with signing off';
  }
  let deferredSearch: XConnectMockVerdict['deferredSearch'];
  if (EXPLAINED[services.profile].includes(verdict.code) && credential && request.body.length <= EXPLAIN_BODY_LIMIT) {
    const search = () => searchMistake(wire, credential, verdict, strict);
    if (budget === undefined || budget.allow()) {
      const started = performance.now();
      const found = search();
      budget?.spent(performance.now() - started);
      message += found.note;
      deviation = found.deviation;
    } else {
      // Over the budget: answered now, searched if and when the journal entry is read.
      message += DEFERRED_SEARCH_NOTE;
      // The body is kept for the search only while small; a flood of large bodies must not fill memory.
      if (request.body.length <= DEFERRED_SEARCH_BODY_LIMIT) deferredSearch = search;
    }
  }
  return {
    verdict,
    credential,
    ...(deferredSearch === undefined ? {} : { deferredSearch }),
    diagnosis: {
      code: verdict.code,
      message,
      expected: verdict.expected ?? null,
      provided: verdict.provided,
      deviation,
      serverTime: isoTime(now),
      clockWindowSeconds: services.clock.windowSeconds,
      profile: services.profile,
      journalId: request.journalId,
      platformWouldDiffer: strict ? platformNoteFor(request, services, verdict, now) : null,
      ...(reproduction === undefined ? {} : { reproduction }),
    },
  };
}

/** What the journal says of a 5xx the moonstone profile answers: a reproduction of the platform's, not a failure of the mock. */
export function reproductionNote(status: number, why: string): string {
  return `deliberate: the moonstone profile reproduces the platform's ${status} (${why}); the mock itself did not fail, and the strict profile never answers 5xx for a request`;
}

/** The diagnosis as plain JSON (for the journal and the `sigkit` field of strict rejections). */
export function diagnosisJson(diagnosis: XConnectDiagnosis): JsonObject {
  return withAuthTokenRedacted(JSON.parse(JSON.stringify(diagnosis)) as JsonObject);
}

/** The x-auth-token is a credential, as the journal's redacted header says: a diagnosis (a copy, changed in place) only says one was sent. */
function withAuthTokenRedacted(json: JsonObject): JsonObject {
  const provided = json.provided;
  if (provided !== null && typeof provided === 'object' && !Array.isArray(provided) && typeof provided.authToken === 'string') provided.authToken = REDACTED;
  return json;
}

/**
 * The diagnosis as a client reads it in the `sigkit` field of a rejection: all of
 * {@link diagnosisJson} but the signing-key chain. Its first link, HMAC(apiKey, secretKey), signs
 * any request forever, and the others any request of the same instant, so a peer that forged one
 * request would learn a key; the expected signature signs this one request only. The chain stays
 * in the journal, behind the admin API (issue #18).
 */
export function clientDiagnosisJson(diagnosis: XConnectDiagnosis): JsonObject {
  // Without the chain, and through the journal's redaction pass, which copies it as JSON: a secret the
  // request carried (a `password=` query line of the canonical request) is not sent back. One copy,
  // not two: every 401 pays for it (issue #18: a rejection must cost about what an acceptance does).
  let expected: unknown = diagnosis.expected;
  if (diagnosis.expected !== null) {
    const { signingKey: _chain, ...rest } = diagnosis.expected;
    expected = rest;
  }
  return withAuthTokenRedacted(redactDiagnosis({ ...diagnosis, expected } as unknown as JsonObject));
}

/**
 * The diagnosis as the journal keeps it until read: everything but the expected trace, which is a
 * kilobyte of strings per request. When read, the trace is computed again from what it was made of
 * (the request-target as verified, the headers sent, the secret key as it was then, the body's hash,
 * the profile's reading of the query), so the JSON is the same as `diagnosisJson(diagnosis)` would
 * have been. A moonstone form body, whose fields the platform signed as parameters, is kept whole.
 * @internal
 */
export function deferredDiagnosisJson(diagnosis: XConnectDiagnosis, request: Pick<PlatformRequest, 'target' | 'wireTarget' | 'headers' | 'body'>, secretKey: string | undefined): DiagnosisSource {
  const { expected, provided } = diagnosis;
  const moonstone = diagnosis.profile === 'moonstone';
  if (expected === null || secretKey === undefined || provided.apiKey === undefined || provided.date === undefined || (moonstone && mayBeForm(request))) {
    return { build: () => diagnosisJson(diagnosis) };
  }
  // moonstone verified the target as sent, strict the normalised one (see `wireOf`).
  return new DeferredXConnectDiagnosis(diagnosis, expected, moonstone ? request.wireTarget : request.target, secretKey, provided.apiKey, provided.date);
}

/** A body the platform may have read as form fields (its fields are then signed as query parameters). */
function mayBeForm(request: Pick<PlatformRequest, 'headers' | 'body'>): boolean {
  return request.body.length > 0 && mayBeFormType(request.headers);
}

/**
 * Whether the content type may be the one of a form the platform reads as parameters: it names
 * `application/x-www-form-urlencoded` anywhere, in any case, a superset of what its container and
 * Spring's form filter take. @internal
 */
export function mayBeFormType(headers: PlatformRequest['headers']): boolean {
  return FORM_TYPE.test(headerValue(headers, 'content-type') ?? '');
}

const FORM_TYPE = /application\/x-www-form-urlencoded/i;

// A class, not a closure: one object of fields per journal entry, with no context behind it, and
// nothing of the trace kept.
class DeferredXConnectDiagnosis implements DiagnosisSource {
  readonly #code: XConnectDiagnosis['code'];
  readonly #message: string;
  readonly #provided: XConnectProvided;
  readonly #deviation: XConnectDiagnosis['deviation'];
  readonly #serverTime: string;
  readonly #clockWindowSeconds: number;
  readonly #profile: XConnectDiagnosis['profile'];
  readonly #journalId: number;
  readonly #platformWouldDiffer: PlatformWouldDiffer | null;
  readonly #method: string;
  readonly #path: string;
  readonly #version: XConnectVersion;
  readonly #payloadHash: string | undefined;
  readonly #target: string;
  readonly #secretKey: string;
  readonly #apiKey: string;
  readonly #timestamp: string;
  readonly #moonstone: boolean;

  constructor(diagnosis: XConnectDiagnosis, expected: XConnectTrace, target: string, secretKey: string, apiKey: string, timestamp: string) {
    this.#code = diagnosis.code;
    this.#message = diagnosis.message;
    this.#provided = diagnosis.provided;
    this.#deviation = diagnosis.deviation;
    this.#serverTime = diagnosis.serverTime;
    this.#clockWindowSeconds = diagnosis.clockWindowSeconds;
    this.#profile = diagnosis.profile;
    this.#journalId = diagnosis.journalId;
    this.#platformWouldDiffer = diagnosis.platformWouldDiffer;
    this.#method = expected.method;
    this.#path = expected.path;
    this.#version = expected.version;
    this.#payloadHash = expected.payloadHash ?? undefined;
    this.#target = target;
    this.#secretKey = secretKey;
    this.#apiKey = apiKey;
    this.#timestamp = timestamp;
    this.#moonstone = diagnosis.profile === 'moonstone';
  }

  build(): JsonObject {
    const q = this.#target.indexOf('?');
    const parts = {
      method: this.#method, path: this.#path, rawQuery: q < 0 ? undefined : this.#target.slice(q + 1), body: '',
      apiKey: this.#apiKey, secretKey: this.#secretKey, timestamp: this.#timestamp, version: this.#version,
      ...(this.#moonstone && { platform: 'moonstone' as const }),
    };
    const payloadHash = this.#payloadHash;
    const expected = traceXConnectRequest(payloadHash === undefined ? parts : { ...parts, payloadHash });
    return diagnosisJson({
      code: this.#code, message: this.#message, expected, provided: this.#provided, deviation: this.#deviation, serverTime: this.#serverTime,
      clockWindowSeconds: this.#clockWindowSeconds, profile: this.#profile, journalId: this.#journalId, platformWouldDiffer: this.#platformWouldDiffer,
    });
  }
}

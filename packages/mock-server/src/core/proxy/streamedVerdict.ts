/** The proxy's verdict on a request whose body it forwarded without holding it whole: verified against the digests computed as the body passed, and explained with less. */
import { SigkitError, verifyKxRequest, verifyXConnectRequest, type KxProfile } from '@sigkit/signer';
import type { JsonObject } from '../http/types.js';
import { lazyJournalVerdict } from '../journal/journal.js';
import { kxProfileName } from '../kx/config/profileOption.js';
import { kxJournalDiagnosisJson, type KxDiagnosis } from '../kx/verify/verifyKxCall.js';
import type { PlatformRequest, PlatformServices } from '../platform/platformModule.js';
import { diagnosisJson, mayBeFormType, toRecord, type XConnectDiagnosis } from '../xconnect/verifyRequest.js';
import type { LearnedKxSessions } from './learnedKxSessions.js';
import type { LocalVerdict } from './localVerdict.js';
import type { StreamedBody } from './requestBodyTap.js';

/** Said of every such verdict, in the journal's diagnosis (`bodyNotHeld`) and after a rejection's message. */
export function bodyNotHeldNote(size: number, held: number, digest: string): string {
  return `the body (${size} bytes) was forwarded as it arrived and not held whole (the proxy keeps its first ${held} bytes): the signature was checked against its ${digest} computed on the way, and the search for a known client mistake, which needs the whole body, was not run`;
}

/**
 * Verifies an xConnect request with the payload hash computed as its body passed, under the
 * profile's rules and versions as `verifyXConnectForMock` does, without its search for the client's
 * mistake or (strict) its comparison with the platform's verdict, which both need the whole body.
 * Under moonstone a form body is read as parameters, so one not held whole is not judged.
 */
export function verifyStreamedXConnect(request: PlatformRequest, body: StreamedBody & { payloadHash: string }, held: number, services: PlatformServices, now: number = services.clock.now()): LocalVerdict {
  const strict = services.profile === 'strict';
  if (!strict && mayBeFormType(request.headers)) {
    return { platform: 'xconnect', verdict: null, unverifiedBecause: `the platform reads a form body as parameters, and this one (${body.size} bytes) was not held whole (the proxy keeps ${held} bytes)` };
  }
  const verdict = verifyXConnectRequest(
    strict
      ? { method: request.method, target: request.target, headers: request.headers }
      : { method: request.rawMethod, target: request.wireTarget, headers: request.headers },
    {
      lookupCredentials: (apiKey) => {
        const credential = services.credentials.get(apiKey);
        return credential && toRecord(credential, false);
      },
      lookupAuthToken: (token) => {
        const credential = services.credentials.findByAuthToken(token);
        return credential && toRecord(credential, strict);
      },
      now,
      clockWindowSeconds: services.clock.windowSeconds,
      acceptedVersions: strict ? [1] : [0, 1, 2],
      ...(strict ? {} : { platform: 'moonstone' as const }),
      payloadHash: body.payloadHash,
    },
  );
  const note = bodyNotHeldNote(body.size, held, strict ? 'SHA-256' : "SHA-256 (of the body as the platform read it)");
  const diagnosis: XConnectDiagnosis = {
    code: verdict.code,
    message: verdict.ok ? verdict.message : `${verdict.message}; ${note}`,
    expected: verdict.expected ?? null,
    provided: verdict.provided,
    deviation: null,
    serverTime: new Date(now).toISOString(),
    clockWindowSeconds: services.clock.windowSeconds,
    profile: services.profile,
    journalId: request.journalId,
    platformWouldDiffer: null,
  };
  return {
    platform: 'xconnect',
    verdict: lazyJournalVerdict('xconnect', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, { build: (): JsonObject => ({ ...diagnosisJson(diagnosis), bodyNotHeld: note }) }),
    unverifiedBecause: null,
  };
}

/**
 * Verifies a KX call with the body digest computed as its body passed and the fields read on the
 * way (the verifier reads the stand-in as it would the whole body), as `verifyKxForMock` does,
 * without its search for the client's deviation.
 */
export function verifyStreamedKx(request: PlatformRequest, body: StreamedBody, held: number, sessions: LearnedKxSessions, profile: KxProfile, now: number): LocalVerdict {
  if (body.kxBodyDigest === undefined || body.kxStandIn === undefined) {
    return { platform: 'kx', verdict: null, unverifiedBecause: `the KX profile digests the re-serialised JSON (md5OfReserializedJson), which needs the whole body, and this one (${body.size} bytes) was not held whole (the proxy keeps ${held} bytes)` };
  }
  let session: ReturnType<LearnedKxSessions['findByIdentity']>;
  let verdict;
  try {
    verdict = verifyKxRequest(
      { method: request.method, target: request.target, headers: request.headers, body: body.kxStandIn },
      {
        lookupSession: (identity) => {
          session = sessions.findByIdentity(identity);
          return session && { username: session.username, sessionId: session.sessionId, expired: sessions.isExpired(session) };
        },
        now,
        profile,
        bodyDigest: body.kxBodyDigest,
      },
    );
  } catch (error) {
    if (!(error instanceof SigkitError)) throw error;
    // The signer throws only on a date it cannot sign (an empty one), after the other checks passed.
    return { platform: 'kx', verdict: null, unverifiedBecause: `the call cannot be signed as sent (${error.message})` };
  }
  const note = bodyNotHeldNote(body.size, held, 'MD5');
  const found = session;
  const diagnosis: KxDiagnosis = {
    code: verdict.code,
    message: verdict.ok ? verdict.message : `${verdict.message} ${note.charAt(0).toUpperCase()}${note.slice(1)}.`,
    expected: verdict.expected ?? null,
    provided: verdict.provided,
    deviation: null,
    firstDifference: null,
    session: found ? { username: found.username, createdAt: new Date(found.createdAt).toISOString(), lastUsedAt: new Date(found.lastUsedAt).toISOString(), expired: false, expiredBy: null } : null,
    serverTime: new Date(now).toISOString(),
    clockWindowSeconds: profile.clockWindowSeconds,
    profile: { ...profile },
    profileName: kxProfileName(profile),
    journalId: request.journalId,
  };
  return {
    platform: 'kx',
    verdict: lazyJournalVerdict('kx', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, { build: (): JsonObject => ({ ...kxJournalDiagnosisJson(diagnosis), bodyNotHeld: note }) }),
    unverifiedBecause: null,
  };
}

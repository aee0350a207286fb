/** Verifier cases for KX Connect: the vectors of one profile, and generated calls signed correctly then tampered with. */
import fc from 'fast-check';
import {
  KX_VARIANT_NAMES,
  formatRfc1123,
  kxIdentity,
  parseRfc1123,
  signKxRequest,
  signKxRequestAs,
  verifyKxRequest,
  type KxProfile,
  type KxSignInput,
  type KxSignedRequest,
  type KxVariantName,
} from '@sigkit/signer';
import type { VerifierCase, VerifierExpectation } from '../judge/judgeVerifier.js';
import { bodyBytesOf, bodyFields } from '../protocol/bodyEncoding.js';
import type { KxVerifyRequest, WireMessage } from '../protocol/types.js';
import { requestSize } from './checkCase.js';
import { kxCalls, styledBody, type GeneratedKxCall } from './kxGenerated.js';
import { sameSigningProfile } from './kxVectorCases.js';
import { readVectorFile, type KxSignatureTest, type VerificationTest } from './vectorFiles.js';

/** The reference's ruling on a KX verifier request line. */
export function kxReference(request: KxVerifyRequest): VerifierExpectation {
  const verdict = verifyKxRequest(
    { ...request.wire, body: bodyBytesOf(request.wire) },
    {
      lookupSession: (identity) => request.sessions.find((s) => safeIdentity(s.username, s.sessionId) === identity),
      now: Date.parse(request.now),
      profile: request.profile,
    },
  );
  return { valid: verdict.ok, code: verdict.code, reason: verdict.message };
}

function safeIdentity(username: string, sessionId: string): string | undefined {
  try {
    return kxIdentity(username, sessionId);
  } catch {
    return undefined;
  }
}

function verifierCase(category: string, caseId: string, title: string, flags: string[], request: KxVerifyRequest): VerifierCase {
  return { category, caseId, title, flags, request, expect: kxReference(request), size: requestSize(request) };
}

/**
 * Verifier cases from the KX vectors whose group runs `profile`: signature tests (valid in
 * `vectors`, deviant clients in `deviation vectors`) and, for the default signing profile, every
 * server check of `verification.json`.
 *
 * @example
 * ```ts
 * kxVerifierVectorCases(locateVectors(), kxProfile()).length;
 * ```
 */
export function kxVerifierVectorCases(vectorsDir: string, profile: KxProfile): VerifierCase[] {
  const cases: VerifierCase[] = [];
  for (const path of ['kx/default_profile.json', 'kx/profile_variants.json']) {
    const file = readVectorFile<KxSignatureTest>(vectorsDir, path);
    for (const group of file.testGroups) {
      if (group.profile === undefined || !sameSigningProfile(group.profile, profile)) continue;
      for (const test of group.tests) {
        const r = test.request;
        const request: KxVerifyRequest = {
          id: `${file.name}#${test.tcId}`,
          scheme: 'kx',
          role: 'verifier',
          wire: test.wire,
          now: parseRfc1123(profile.datePart === 'dateHeader' ? r.date : (JSON.parse(r.body) as { date: string }).date).toISOString(),
          sessions: [{ username: r.username, sessionId: r.sessionId }],
          profile: { ...profile },
        };
        cases.push(verifierCase(test.result === 'invalid' ? 'deviation vectors' : 'vectors', request.id, test.comment, test.flags, request));
      }
    }
  }
  const checks = readVectorFile<VerificationTest>(vectorsDir, 'kx/verification.json');
  for (const group of checks.testGroups) {
    if (group.profile === undefined || !sameSigningProfile(group.profile, profile)) continue;
    for (const test of group.tests) {
      const request: KxVerifyRequest = {
        id: `${checks.name}#${test.tcId}`,
        scheme: 'kx',
        role: 'verifier',
        wire: test.wire,
        now: test.serverTime,
        sessions: group.sessions ?? [],
        profile: { ...profile, clockWindowSeconds: group.profile.clockWindowSeconds },
      };
      cases.push(verifierCase('server checks', request.id, test.comment, test.flags, request));
    }
  }
  return cases;
}

/** Ways to tamper with a correctly signed call; the first ones keep it valid. */
export const KX_TAMPERINGS = [
  'Untampered',
  'HeaderNamesLowercased',
  ...KX_VARIANT_NAMES,
  'BodyChanged',
  'PathChanged',
  'ClockSkew',
  'SessionExpired',
  'UnknownSession',
  'UsernameChanged',
  'AuthorizationWithoutColon',
  'SignatureTruncated',
  'ContentTypeChanged',
  'DateRemoved',
] as const;

/** A KX tampering's name. */
export type KxTampering = (typeof KX_TAMPERINGS)[number];

/** A generated KX verifier case before it is built. */
export interface GeneratedKxTampering {
  call: GeneratedKxCall;
  tampering: KxTampering;
}

/** The arbitrary of tampered calls (a quarter of them left valid). */
export function kxTamperings(): fc.Arbitrary<GeneratedKxTampering> {
  return fc.record({
    call: kxCalls(),
    tampering: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...KX_TAMPERINGS.slice(0, 2)) }, { weight: 3, arbitrary: fc.constantFrom(...KX_TAMPERINGS.slice(2)) }),
  });
}

type Wire = { method: string; target: string; headers: Record<string, string>; body: string };

/**
 * Builds the verifier case for a generated tampering under `profile`; one that cannot apply leaves
 * the call untampered.
 *
 * @example
 * ```ts
 * tamperedKxCase({ call, tampering: 'HexSignature' }, 'generated#0', kxProfile()).expect.valid; // false
 * ```
 */
export function tamperedKxCase(generated: GeneratedKxTampering, caseId: string, profile: KxProfile): VerifierCase {
  const { call } = generated;
  const params = JSON.parse(JSON.stringify(call.params)) as Record<string, unknown>;
  const type = call.type ?? `${call.method}Req`;
  const dateMs = call.dateSeconds * 1000;
  const input: KxSignInput = { group: call.group, method: call.method, username: call.username, sessionId: call.sessionId, profile };
  const date = new Date(dateMs);
  // A spaced body gives Md5OfReserializedJson room to differ; a Date header a second later, DateHeader.
  if (call.bodyStyle !== null || generated.tampering === 'Md5OfReserializedJson') {
    input.body = styledBody({ type, msg: [params], id: call.requestId, date: formatRfc1123(date) }, call.bodyStyle ?? 'spaced');
    if (profile.datePart === 'dateHeader') input.date = date;
  } else Object.assign(input, { params, type, id: call.requestId, date });
  const session = { username: call.username, sessionId: call.sessionId };
  const applied = tamper(input, generated.tampering);
  const tampering = applied === undefined ? 'Untampered' : generated.tampering;
  const wire = applied?.wire ?? toWire(signKxRequest(input));
  const message: WireMessage = { method: wire.method, target: wire.target, headers: wire.headers, ...bodyFields(new Uint8Array(Buffer.from(wire.body, 'utf8'))) };
  const request: KxVerifyRequest = {
    id: caseId,
    scheme: 'kx',
    role: 'verifier',
    wire: message,
    now: new Date(dateMs + (applied?.clockOffsetMs ?? 0)).toISOString(),
    sessions: [applied?.session ?? session],
    profile: { ...profile },
  };
  return verifierCase('tampered', caseId, `${tampering}: ${call.group}.${call.method} as ${call.username}`, [tampering], request);
}

function toWire(signed: KxSignedRequest): Wire {
  return { method: signed.method, target: signed.path, headers: { ...signed.headers } as Record<string, string>, body: signed.body };
}

function tamper(input: KxSignInput, tampering: KxTampering): { wire: Wire; clockOffsetMs?: number; session?: { username: string; sessionId: string; expired?: boolean } } | undefined {
  const signed = toWire(signKxRequest(input));
  if ((KX_VARIANT_NAMES as readonly string[]).includes(tampering)) {
    try {
      const deviant = toWire(signKxRequestAs(input, [tampering as KxVariantName]));
      return deviant.headers['Authorization'] === signed.headers['Authorization'] ? undefined : { wire: deviant };
    } catch {
      return undefined;
    }
  }
  const withHeaders = (change: (headers: Record<string, string>) => void): Wire => {
    const headers = { ...signed.headers };
    change(headers);
    return { ...signed, headers };
  };
  switch (tampering) {
    case 'Untampered':
      return { wire: signed };
    case 'HeaderNamesLowercased':
      return { wire: { ...signed, headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])) } };
    case 'BodyChanged':
      return { wire: { ...signed, body: `${signed.body} ` } };
    case 'PathChanged':
      return { wire: { ...signed, target: `${signed.target}x` } };
    case 'ClockSkew':
      return { wire: signed, clockOffsetMs: 901_000 };
    case 'SessionExpired':
      return { wire: signed, session: { username: input.username, sessionId: input.sessionId, expired: true } };
    case 'UnknownSession':
      return { wire: signed, session: { username: input.username, sessionId: `${input.sessionId.slice(0, -5)}zzzzz` } };
    case 'UsernameChanged':
      return { wire: withHeaders((h) => (h['Authorization'] = `x${h['Authorization']}`)) };
    case 'AuthorizationWithoutColon':
      return { wire: withHeaders((h) => (h['Authorization'] = h['Authorization']!.replace(/:/g, ''))) };
    case 'SignatureTruncated':
      return { wire: withHeaders((h) => (h['Authorization'] = h['Authorization']!.slice(0, -1))) };
    case 'ContentTypeChanged':
      return { wire: withHeaders((h) => (h['Content-Type'] = 'application/json; charset=utf-8')) };
    case 'DateRemoved': {
      if ((input.profile as KxProfile).datePart === 'dateHeader') return { wire: withHeaders((h) => delete h['Date']) };
      const body = JSON.parse(signed.body) as Record<string, unknown>;
      delete body['date'];
      return { wire: { ...signed, body: JSON.stringify(body) } };
    }
    default:
      return undefined;
  }
}

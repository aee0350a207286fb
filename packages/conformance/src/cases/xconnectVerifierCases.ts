/** Verifier cases for xConnect: the vectors, and generated requests signed correctly then tampered with. */
import fc from 'fast-check';
import {
  XCONNECT_DEVIATION_FLAGS,
  XCONNECT_PLATFORM_DEVIATION_FLAGS,
  encodeQuery,
  parseXConnectTimestamp,
  signXConnectRequest,
  signXConnectRequestWithDeviations,
  verifyXConnectRequest,
  type XConnectDeviationFlag,
  type XConnectSignInput,
  type XConnectVersion,
} from '@sigkit/signer';
import type { VerifierCase, VerifierExpectation } from '../judge/judgeVerifier.js';
import { bodyBytesOf, bodyFields } from '../protocol/bodyEncoding.js';
import type { WireMessage, XConnectVerifyRequest } from '../protocol/types.js';
import { requestSize } from './checkCase.js';
import { generatedBodyBytes, xconnectRequests, type GeneratedXConnectRequest } from './xconnectGenerated.js';
import { readVectorFile, type VerificationTest, type XConnectSignatureTest } from './vectorFiles.js';

/** The reference's ruling on a verifier request line: the oracle every verifier case is judged against. */
export function xconnectReference(request: XConnectVerifyRequest): VerifierExpectation {
  const verdict = verifyXConnectRequest(
    { ...request.wire, body: bodyBytesOf(request.wire) },
    {
      lookupCredentials: (apiKey) => request.credentials.find((c) => c.apiKey === apiKey),
      lookupAuthToken: (token) => request.credentials.find((c) => c.apiKey === request.authTokens[token]),
      now: Date.parse(request.now),
      clockWindowSeconds: request.clockWindowSeconds,
      acceptedVersions: request.acceptedVersions,
    },
  );
  return { valid: verdict.ok, code: verdict.code, reason: verdict.message };
}

function verifierCase(category: string, caseId: string, title: string, flags: string[], request: XConnectVerifyRequest): VerifierCase {
  return { category, caseId, title, flags, request, expect: xconnectReference(request), size: requestSize(request) };
}

function dateOf(headers: Record<string, string>, fallback: string): string {
  const date = headers['x-arrow-date'];
  try {
    return date === undefined ? fallback : new Date(parseXConnectTimestamp(date)).toISOString();
  } catch {
    return fallback;
  }
}

/**
 * Verifier cases from the xConnect vectors: signature tests of the accepted versions (valid in
 * `vectors`, the deviant clients' requests in `deviation vectors`) and every server check of
 * `verification.json` (`server checks`), each with the server configuration it needs.
 *
 * @example
 * ```ts
 * xconnectVerifierVectorCases(locateVectors(), [1]).filter((c) => !c.expect.valid).length;
 * ```
 */
export function xconnectVerifierVectorCases(vectorsDir: string, versions: readonly XConnectVersion[]): VerifierCase[] {
  const cases: VerifierCase[] = [];
  for (const path of ['xconnect/v1_canonicalization.json', 'xconnect/v0_v2_legacy.json', 'xconnect/v1_deviations.json']) {
    const file = readVectorFile<XConnectSignatureTest>(vectorsDir, path);
    for (const group of file.testGroups) {
      for (const test of group.tests) {
        if (test.result === 'acceptable' && !versions.includes(test.request.version)) continue;
        const request: XConnectVerifyRequest = {
          id: `${file.name}#${test.tcId}`,
          scheme: 'xconnect',
          role: 'verifier',
          wire: test.wire,
          now: dateOf(test.wire.headers, test.request.timestamp),
          credentials: [{ apiKey: group.apiKey!, secretKey: group.secretKey! }],
          authTokens: {},
          clockWindowSeconds: 600,
          acceptedVersions: [...versions],
        };
        cases.push(verifierCase(test.result === 'invalid' ? 'deviation vectors' : 'vectors', request.id, test.comment, test.flags, request));
      }
    }
  }
  const checks = readVectorFile<VerificationTest>(vectorsDir, 'xconnect/verification.json');
  for (const group of checks.testGroups) {
    for (const test of group.tests) {
      const request: XConnectVerifyRequest = {
        id: `${checks.name}#${test.tcId}`,
        scheme: 'xconnect',
        role: 'verifier',
        wire: test.wire,
        now: test.serverTime,
        credentials: group.credentials ?? [],
        authTokens: group.authTokens ?? {},
        clockWindowSeconds: group.clockWindowSeconds ?? 600,
        acceptedVersions: group.acceptedVersions ?? [1],
      };
      cases.push(verifierCase('server checks', request.id, test.comment, test.flags, request));
    }
  }
  return cases;
}

// The mistakes of the signature itself; those only the published platform refused (§3b) are valid
// under the kit's rules, which a verifier under check follows, so they are no tampering here.
const SIGNATURE_DEVIATION_FLAGS = XCONNECT_DEVIATION_FLAGS.filter((flag) => !XCONNECT_PLATFORM_DEVIATION_FLAGS.includes(flag));

/** Ways to tamper with a correctly signed request; the first ones keep it valid. */
export const XCONNECT_TAMPERINGS = [
  'Untampered',
  'QueryReordered',
  'QueryReencoded',
  'HeaderNamesCapitalised',
  ...SIGNATURE_DEVIATION_FLAGS,
  'MethodChanged',
  'PathChanged',
  'QueryValueChanged',
  'QueryParamAdded',
  'QueryParamDropped',
  'BodyChanged',
  'DateChangedAfterSigning',
  'ClockSkew',
  'SignatureTruncated',
  'SignatureRemoved',
  'DateRemoved',
  'ApiKeyRemoved',
  'UnknownApiKey',
  'WrongSecret',
  'VersionHeaderRemoved',
  'UnknownVersion',
] as const;

/** A tampering's name. */
export type XConnectTampering = (typeof XCONNECT_TAMPERINGS)[number];

/** A generated verifier case before it is built: a request, and what is done to it. */
export interface GeneratedXConnectTampering {
  request: GeneratedXConnectRequest;
  tampering: XConnectTampering;
}

/** The arbitrary of tampered requests (a quarter of them left valid). */
export function xconnectTamperings(versions: readonly XConnectVersion[]): fc.Arbitrary<GeneratedXConnectTampering> {
  const valid = XCONNECT_TAMPERINGS.slice(0, 4);
  const invalid = XCONNECT_TAMPERINGS.slice(4);
  return fc.record({
    request: xconnectRequests(versions),
    tampering: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...valid) }, { weight: 3, arbitrary: fc.constantFrom(...invalid) }),
  });
}

type Wire = { method: string; target: string; headers: Record<string, string>; body: Uint8Array };
const OTHER_SECRET = 'c29tZSBvdGhlciBzZWNyZXQ=';
// Not hex, so it can never be a generated key.
const OTHER_API_KEY = 'unknown-api-key';

/**
 * Builds the verifier case for a generated tampering. A tampering that cannot apply to the request
 * (say, dropping a parameter of a request without any) leaves it untampered.
 *
 * @example
 * ```ts
 * const c = tamperedXConnectCase({ request, tampering: 'UppercaseHex' }, 'generated#3');
 * c.expect.valid; // false
 * ```
 */
export function tamperedXConnectCase(generated: GeneratedXConnectTampering, caseId: string, versions: readonly XConnectVersion[]): VerifierCase {
  const g = generated.request;
  const params = g.params.map((p) => [p.name, p.value] as [string, string]);
  const input: XConnectSignInput = {
    method: g.method,
    path: '/' + g.segments.join('/'),
    query: params,
    body: generatedBodyBytes(g.body),
    apiKey: g.apiKey,
    secretKey: g.secretKey,
    timestamp: new Date(g.timestampMs).toISOString(),
    version: g.version,
  };
  const applied = tamper(input, generated.tampering);
  const tampering = applied === undefined ? 'Untampered' : generated.tampering;
  const wire = applied?.wire ?? toWire(signXConnectRequest(input));
  const message: WireMessage = { method: wire.method, target: wire.target, headers: wire.headers, ...bodyFields(wire.body) };
  const request: XConnectVerifyRequest = {
    id: caseId,
    scheme: 'xconnect',
    role: 'verifier',
    wire: message,
    now: new Date(g.timestampMs + (applied?.clockOffsetMs ?? 0)).toISOString(),
    credentials: [{ apiKey: g.apiKey, secretKey: g.secretKey }],
    authTokens: {},
    clockWindowSeconds: 600,
    acceptedVersions: [...versions],
  };
  return verifierCase('tampered', caseId, `${tampering}: ${wire.method} ${wire.target.length > 80 ? wire.target.slice(0, 80) + '…' : wire.target}`, [tampering], request);
}

function toWire(signed: { method: string; target: string; headers: object; body: string | Uint8Array }): Wire {
  const body = typeof signed.body === 'string' ? new Uint8Array(Buffer.from(signed.body, 'utf8')) : signed.body;
  return { method: signed.method, target: signed.target, headers: { ...(signed.headers as Record<string, string>) }, body };
}

function withHeaders(wire: Wire, change: (headers: Record<string, string>) => void): Wire {
  const headers = { ...wire.headers };
  change(headers);
  return { ...wire, headers };
}

/** Applies a tampering, or says it cannot apply (undefined). */
function tamper(input: XConnectSignInput, tampering: XConnectTampering): { wire: Wire; clockOffsetMs?: number } | undefined {
  const signed = toWire(signXConnectRequest(input));
  const params = input.query as [string, string][];
  const [path, query] = [input.path, signed.target.includes('?') ? signed.target.slice(signed.target.indexOf('?') + 1) : ''];
  const withQuery = (q: string): Wire => ({ ...signed, target: q === '' ? path : `${path}?${q}` });
  if ((SIGNATURE_DEVIATION_FLAGS as readonly string[]).includes(tampering)) {
    try {
      return { wire: toWire(signXConnectRequestWithDeviations(input, [tampering as XConnectDeviationFlag])) };
    } catch {
      return undefined;
    }
  }
  switch (tampering) {
    case 'Untampered':
      return { wire: signed };
    case 'QueryReordered':
      return params.length < 2 ? undefined : { wire: withQuery(encodeQuery([...params].reverse())) };
    case 'QueryReencoded':
      // "+" for spaces and lower-case escapes decode to the same parameters.
      return query.includes('%') ? { wire: withQuery(query.replace(/%20/g, '+').replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())) } : undefined;
    case 'HeaderNamesCapitalised':
      return { wire: { ...signed, headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), v])) } };
    case 'MethodChanged':
      return { wire: { ...signed, method: signed.method === 'POST' ? 'PUT' : 'POST' } };
    case 'PathChanged':
      return { wire: { ...signed, target: `${path}x${signed.target.slice(path.length)}` } };
    case 'QueryValueChanged':
      return params.length === 0 ? undefined : { wire: withQuery(encodeQuery(params.map(([n, v], i) => [n, i === 0 ? `${v}x` : v]))) };
    case 'QueryParamAdded':
      return { wire: withQuery(query === '' ? 'added=1' : `${query}&added=1`) };
    case 'QueryParamDropped':
      return params.length === 0 ? undefined : { wire: withQuery(encodeQuery(params.slice(1))) };
    case 'BodyChanged':
      return { wire: { ...signed, body: Buffer.concat([signed.body, Uint8Array.of(0x20)]) } };
    case 'DateChangedAfterSigning':
      return { wire: withHeaders(signed, (h) => (h['x-arrow-date'] = new Date(Date.parse(h['x-arrow-date']!) + 1000).toISOString())), clockOffsetMs: 0 };
    case 'ClockSkew':
      return { wire: signed, clockOffsetMs: 600_000 };
    case 'SignatureTruncated':
      return { wire: withHeaders(signed, (h) => (h['x-arrow-signature'] = h['x-arrow-signature']!.slice(0, -1))) };
    case 'SignatureRemoved':
      return { wire: withHeaders(signed, (h) => delete h['x-arrow-signature']) };
    case 'DateRemoved':
      return { wire: withHeaders(signed, (h) => delete h['x-arrow-date']) };
    case 'ApiKeyRemoved':
      return { wire: withHeaders(signed, (h) => delete h['x-arrow-apikey']) };
    case 'UnknownApiKey':
      return { wire: withHeaders(signed, (h) => (h['x-arrow-apikey'] = OTHER_API_KEY)) };
    case 'WrongSecret':
      return { wire: toWire(signXConnectRequest({ ...input, secretKey: OTHER_SECRET })) };
    case 'VersionHeaderRemoved':
      return input.version === 0 ? undefined : { wire: withHeaders(signed, (h) => delete h['x-arrow-version']) };
    case 'UnknownVersion':
      return { wire: withHeaders(signed, (h) => (h['x-arrow-version'] = '3')) };
    default:
      return undefined;
  }
}

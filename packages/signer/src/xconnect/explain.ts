/** Tells which known client mistake(s) reproduce the signature of a rejected xConnect request. */
import { SigkitError } from '../errors.js';
import { constantTimeEqual } from '../shared/crypto.js';
import { bodyBytes, headerValue, splitTarget, type WireRequest } from '../shared/wire.js';
import { XCONNECT_DEVIATIONS, XCONNECT_DEVIATION_FLAGS, type XConnectDeviationFlag, type XConnectStep } from './deviations.js';
import { computeXConnectTrace, type XConnectKnobs, type XConnectSigningParts } from './trace.js';
import { findXConnectPlatformMistakes } from './platformMistakes.js';
import { moonstoneRequestPath } from './platformFront.js';
import type { XConnectCredentials, XConnectPlatform, XConnectTrace } from './types.js';
import { parseVersion } from './verify.js';

/** Options of {@link explainXConnectMismatch}. */
export interface ExplainXConnectOptions {
  /**
   * Whose rules the request was refused by (default `'kit'`). With `'moonstone'` the reference is the
   * platform's reading of the request (docs/spec/xconnect.md §3b), and the mistakes only the platform
   * refused (`FirewallRejectedPath`, `LowercaseMethod`, `EmptyParameterName`, `UnparseableDate`,
   * `NonUtf8Body`) are named first, each as a match of its own.
   */
  platform?: XConnectPlatform;
  /**
   * Whether to try every pair of mistakes when no single one reproduces the signature (default
   * true). The pairs cost ten times the singles; a caller diagnosing many requests of one client
   * (the conformance checker) stops trying them once they have explained none of its requests.
   */
  pairs?: boolean;
}

/** One explanation: a set of mistakes that together reproduce the provided signature. */
export interface XConnectMismatchMatch {
  flags: XConnectDeviationFlag[];
  /** The steps those mistakes change, in algorithm order. */
  steps: XConnectStep[];
  /** The trace of the client's (wrong) computation. */
  trace: XConnectTrace;
}

/** The result of {@link explainXConnectMismatch}. */
export interface XConnectMismatchExplanation {
  /** The provided signature equals the reference signature: nothing to explain. */
  signatureMatches: boolean;
  /** Sets of deviations that reproduce the provided signature: singles first, then pairs. Empty when none does. */
  matches: XConnectMismatchMatch[];
  /** The reference trace for this wire request (absent when it cannot be computed, e.g. an undecodable query). */
  expected?: XConnectTrace;
  /** The signature the client sent. */
  providedSignature?: string;
  /** A sentence summing up the diagnosis. */
  summary: string;
}

const STEP_ORDER: XConnectStep[] = ['method', 'path', 'query lines', 'payload hash', 'string to sign', 'signing key', 'signature', 'headers'];

/**
 * Given a request as it arrived and the credentials it should have been signed with, finds which
 * known client mistake(s) of docs/spec/xconnect.md §4 produce the signature it carries. Tries each mistake
 * alone, then every pair. Never throws on client input.
 *
 * @example
 * ```ts
 * const why = explainXConnectMismatch(wireRequest, { apiKey, secretKey });
 * why.matches[0]?.flags; // ['CrlfQueryLines']
 * ```
 */
export function explainXConnectMismatch(wire: WireRequest, credentials: XConnectCredentials, options: ExplainXConnectOptions = {}): XConnectMismatchExplanation {
  if (options.platform === 'moonstone') return explainForPlatform(wire, credentials);
  const versionHeader = headerValue(wire.headers, 'x-arrow-version');
  const providedSignature = headerValue(wire.headers, 'x-arrow-signature');
  const timestamp = headerValue(wire.headers, 'x-arrow-date') ?? '';
  const version = parseVersion(versionHeader);
  const base: Omit<XConnectMismatchExplanation, 'summary' | 'matches' | 'signatureMatches'> = {};
  if (providedSignature !== undefined) base.providedSignature = providedSignature;

  if (version === undefined) {
    const flags: XConnectDeviationFlag[] = providedSignature === undefined ? ['UnknownVersionNoSignature'] : [];
    return {
      ...base,
      signatureMatches: false,
      matches: flags.length ? [{ flags, steps: ['headers'], trace: emptyTrace() }] : [],
      summary: `x-arrow-version "${versionHeader}" is not a version${flags.length ? ' and no signature was sent: UnknownVersionNoSignature' : ''}`,
    };
  }
  const { path, query } = splitTarget(wire.target);
  const parts: XConnectSigningParts = {
    method: String(wire.method).toUpperCase(), path, rawQuery: query, body: bodyBytes(wire.body),
    apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? credentials.apiKey, secretKey: credentials.secretKey, timestamp, version,
  };
  let expected: XConnectTrace;
  try {
    expected = computeXConnectTrace(parts);
    if (expected.payloadHash !== null) parts.payloadHash = expected.payloadHash; // hash the body once for every candidate
  } catch (error) {
    if (error instanceof SigkitError) return { ...base, signatureMatches: false, matches: [], summary: `the request cannot be canonicalised: ${error.message}` };
    throw error;
  }
  if (providedSignature === undefined) {
    return { ...base, expected, signatureMatches: false, matches: [], summary: 'no x-arrow-signature header was sent' };
  }
  if (constantTimeEqual(providedSignature, expected.signature)) {
    return { ...base, expected, signatureMatches: true, matches: [], summary: 'the signature matches the reference: no mistake to explain' };
  }

  const attemptsByFlag = XCONNECT_DEVIATION_FLAGS.map((flag) => ({ flag, attempts: XCONNECT_DEVIATIONS[flag].attempts(parts) })).filter((a) => a.attempts.length > 0);
  const matches: XConnectMismatchMatch[] = [];
  const tryKnobs = (flags: XConnectDeviationFlag[], knobs: XConnectKnobs) => {
    const trace = computeXConnectTrace(parts, knobs);
    if (constantTimeEqual(trace.signature, providedSignature)) matches.push({ flags, steps: stepsOf(flags), trace });
  };
  for (const { flag, attempts } of attemptsByFlag) {
    for (const attempt of attempts) tryKnobs([flag], attempt.knobs);
  }
  if (matches.length === 0 && options.pairs !== false) {
    for (let i = 0; i < attemptsByFlag.length; i += 1) {
      for (let j = i + 1; j < attemptsByFlag.length; j += 1) {
        const a = attemptsByFlag[i]!;
        const b = attemptsByFlag[j]!;
        for (const x of a.attempts) for (const y of b.attempts) tryKnobs([a.flag, b.flag], { ...x.knobs, ...y.knobs });
      }
    }
  }
  const unique = dedupe(matches);
  const summary = unique.length
    ? `the signature is reproduced by ${unique.map((m) => m.flags.join(' + ')).join(', or ')} (step: ${unique[0]!.steps.join(', ')})`
    : 'no known mistake reproduces the signature: check the credentials, or compare the canonical request step by step';
  return { ...base, expected, signatureMatches: false, matches: unique, summary };
}

/**
 * The explanation against the platform: its own mistakes first (a request with one of them was refused
 * whatever its signature, or, for a body that is not UTF-8, hashed differently), then the signature
 * mistakes, searched against the platform's reading of the request.
 */
function explainForPlatform(wire: WireRequest, credentials: XConnectCredentials): XConnectMismatchExplanation {
  const mistakes = findXConnectPlatformMistakes(wire);
  const kit = explainXConnectMismatch(wire, credentials);
  const providedSignature = headerValue(wire.headers, 'x-arrow-signature');
  const versionHeader = headerValue(wire.headers, 'x-arrow-version');
  const version = parseVersion(versionHeader === '' ? undefined : versionHeader);
  const { query } = splitTarget(wire.target);
  const parts: XConnectSigningParts | undefined = version === undefined ? undefined : {
    method: String(wire.method).toUpperCase(), path: moonstoneRequestPath(wire.target), rawQuery: query, body: bodyBytes(wire.body),
    apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? credentials.apiKey, secretKey: credentials.secretKey,
    timestamp: headerValue(wire.headers, 'x-arrow-date') ?? '', version, platform: 'moonstone',
  };
  let expected: XConnectTrace | undefined;
  try {
    expected = parts && computeXConnectTrace(parts);
  } catch {
    expected = undefined;
  }
  const platformMatches: XConnectMismatchMatch[] = [];
  for (const mistake of mistakes) {
    // A body that is not UTF-8 is a mistake when the client hashed its bytes: the kit's reference then matches.
    if (mistake.flag === 'NonUtf8Body' && !kit.signatureMatches) continue;
    platformMatches.push({ flags: [mistake.flag], steps: [XCONNECT_DEVIATIONS[mistake.flag].step], trace: kit.expected ?? expected ?? emptyTrace() });
  }
  const signatureMatches = expected !== undefined && providedSignature !== undefined && constantTimeEqual(providedSignature, expected.signature);
  let matches = platformMatches;
  if (!signatureMatches && expected !== undefined && parts !== undefined && providedSignature !== undefined && platformMatches.length === 0) {
    // Search the signature mistakes against the platform's reference.
    parts.payloadHash = expected.payloadHash ?? undefined;
    if (parts.payloadHash === undefined) delete parts.payloadHash;
    const found: XConnectMismatchMatch[] = [];
    for (const flag of XCONNECT_DEVIATION_FLAGS) {
      for (const attempt of XCONNECT_DEVIATIONS[flag].attempts(parts)) {
        const trace = computeXConnectTrace(parts, attempt.knobs);
        if (constantTimeEqual(trace.signature, providedSignature)) found.push({ flags: [flag], steps: stepsOf([flag]), trace });
      }
    }
    matches = dedupe(found);
  }
  const base: Omit<XConnectMismatchExplanation, 'summary' | 'matches' | 'signatureMatches'> = {};
  if (providedSignature !== undefined) base.providedSignature = providedSignature;
  if (expected !== undefined) base.expected = expected;
  const summary = platformMatches.length > 0
    ? `the platform refused this request for what it is, whatever its signature: ${mistakes.filter((m) => platformMatches.some((p) => p.flags[0] === m.flag)).map((m) => `${m.flag} (${m.message})`).join('; ')}`
    : matches.length > 0
      ? `the signature is reproduced by ${matches.map((m) => m.flags.join(' + ')).join(', or ')} (step: ${matches[0]!.steps.join(', ')})`
      : signatureMatches
        ? "the signature matches the platform's reference: no mistake to explain"
        : expected === undefined
          ? kit.summary
          : "no known mistake reproduces the signature against the platform's reading of the request: check the credentials, or compare the canonical request step by step";
  return { ...base, signatureMatches, matches, summary };
}

function stepsOf(flags: XConnectDeviationFlag[]): XConnectStep[] {
  const steps = new Set(flags.map((f) => XCONNECT_DEVIATIONS[f].step));
  return STEP_ORDER.filter((s) => steps.has(s));
}

function dedupe(matches: XConnectMismatchMatch[]): XConnectMismatchMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = m.flags.join('+');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function emptyTrace(): XConnectTrace {
  return { version: 0, method: '', path: '', queryLines: [], payloadHash: null, canonicalRequest: '', canonicalRequestHash: null, stringToSign: '', signingKey: [], signature: '' };
}

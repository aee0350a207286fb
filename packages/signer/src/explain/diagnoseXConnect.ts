/** Explains a rejected xConnect request step by step: reference trace beside the client's, the first step that differs, and the known deviation that reproduces it. */
import { constantTimeEqual } from '../shared/crypto.js';
import {
  XCONNECT_DEVIATIONS,
  explainXConnectMismatch,
  headerValue,
  type WireRequest,
  type XConnectTrace,
  type XConnectVersion,
} from '../index.js';
import { lineDiff } from './lineDiff.js';
import { familyMemberOfTrace, findXConnectFamilies, timestampRulesBetween, type TimestampRule } from './xconnectFamilies.js';
import type { DeviationMatch, Diagnosis, StepComparison } from './types.js';

/** The steps of docs/spec/xconnect.md §1 in the order they are computed (`line separators`: how the canonical request's lines are joined), then what travels in headers. */
export const XCONNECT_STEPS = ['method', 'path', 'query lines', 'payload hash', 'line separators', 'string to sign', 'signing key', 'signature', 'headers'] as const;

/** What the client was asked to sign, when known: its headers are compared with it. */
export interface XConnectAsked {
  apiKey: string;
  secretKey: string;
  timestamp?: string;
  version?: XConnectVersion;
}

/**
 * Diagnoses an xConnect request the reference rejects. The provided side of each step comes from
 * `intermediates` (the client's own values, named as in the vectors) when given, otherwise from the
 * trace of the known deviation that reproduces the signature sent (docs/spec/xconnect.md §4), otherwise
 * only from the headers. Never throws on client input.
 *
 * @example
 * ```ts
 * const d = diagnoseXConnect(wire, { apiKey, secretKey });
 * d.deviations[0]?.flags;  // ['CrlfQueryLines']
 * d.firstDifferingStep;    // 'query lines'
 * ```
 */
export function diagnoseXConnect(
  wire: WireRequest,
  asked: XConnectAsked,
  intermediates?: Record<string, unknown>,
  verdict?: { code: string; message: string },
  budget?: SearchBudget,
): Diagnosis {
  const pairs = budget === undefined || budget.pairs > 0;
  const explanation = explainXConnectMismatch(wire, { apiKey: asked.apiKey, secretKey: asked.secretKey }, { pairs });
  const expected = explanation.expected;
  // The catalogue was searched (the expected trace is known) and nothing in it reproduces the signature.
  const unexplained = explanation.matches.length === 0 && !explanation.signatureMatches && expected !== undefined;
  if (pairs && budget !== undefined && unexplained) budget.pairs -= 1;
  const deviations: DeviationMatch[] = explanation.matches.map((m) => {
    const deviation: DeviationMatch = {
      flags: m.flags,
      steps: m.steps,
      bugType: [...new Set(m.flags.map((f) => XCONNECT_DEVIATIONS[f].bugType))].join(' + '),
      description: m.flags.map((f) => XCONNECT_DEVIATIONS[f].description).join(' '),
    };
    // TimestampReformatted has several spellings: say which one was signed, so that it can be replayed elsewhere.
    const member = familyMemberOfTrace(m.flags, m.trace);
    if (member) deviation.member = member;
    return deviation;
  });
  // The catalogue found nothing: search the families of mistakes (each member replayed on the request sent).
  const sentSignature = headerValue(wire.headers, 'x-arrow-signature');
  const sentDate = headerValue(wire.headers, 'x-arrow-date') ?? '';
  const searchFamilies = unexplained && sentSignature !== undefined && (budget === undefined || budget.families > 0);
  const families = searchFamilies
    ? findXConnectFamilies({ expected, apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? asked.apiKey, secretKey: asked.secretKey, timestamp: sentDate, signature: sentSignature, ...(budget?.timestampRules !== undefined && { timestampHints: budget.timestampRules }) })
    : [];
  if (searchFamilies && budget !== undefined && families.length === 0) budget.families -= 1;
  const respelt = families.find((f) => f.member?.family === 'TimestampReformatted')?.member;
  if (budget !== undefined && respelt !== undefined && 'signed' in respelt && (budget.timestampRules?.length ?? 0) < 16) {
    // Remembered for the next requests of the run: the same client most likely re-spells them alike.
    budget.timestampRules = [...(budget.timestampRules ?? []), ...timestampRulesBetween(sentDate, respelt.signed).slice(0, 4)];
  }
  for (const { provided: _provided, ...family } of families) deviations.push(family);
  const fromAdapter = intermediates !== undefined && Object.keys(intermediates).length > 0;
  const match = explanation.matches[0];
  const family = families[0];
  const source: Diagnosis['source'] = fromAdapter ? 'adapter' : (match && match.trace.signature !== '') || family ? 'deviation' : 'wire';
  const provided: Record<string, unknown> =
    source === 'adapter' ? intermediates! : source !== 'deviation' ? {} : match ? { ...match.trace } : { ...explanation.expected, ...family!.provided };
  if (source === 'deviation' && match?.flags.includes('UnknownVersionNoSignature')) delete provided['signature'];

  const steps = explanation.expected ? traceRows(explanation.expected, provided) : [];
  steps.push(...headerRows(wire, asked, explanation.expected, provided));
  const firstDifferingStep = XCONNECT_STEPS.find((step) => steps.some((row) => row.step === step && row.provided !== undefined && !row.same));

  const diagnosis: Diagnosis = { source, steps, deviations, summary: '' };
  if (verdict) diagnosis.verdict = verdict;
  if (firstDifferingStep) diagnosis.firstDifferingStep = firstDifferingStep;
  const providedCanonical = provided['canonicalRequest'];
  if (explanation.expected && typeof providedCanonical === 'string' && providedCanonical !== explanation.expected.canonicalRequest) {
    diagnosis.diff = { field: 'canonicalRequest', lines: lineDiff(explanation.expected.canonicalRequest, providedCanonical) };
  }
  diagnosis.summary = summarise(diagnosis, explanation.summary, explanation.signatureMatches);
  return diagnosis;
}

const asText = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : Array.isArray(value) ? value.map(String).join('\n') : JSON.stringify(value);

function row(step: string, field: string, expected: string, provided: unknown): StepComparison {
  const text = asText(provided);
  const comparison: StepComparison = { step, field, expected, same: text === expected };
  if (text !== undefined) comparison.provided = text;
  return comparison;
}

function traceRows(expected: XConnectTrace, provided: Record<string, unknown>): StepComparison[] {
  const canonical = typeof provided['canonicalRequest'] === 'string' ? provided['canonicalRequest'] : undefined;
  // The parts are compared only as the implementation gave them: cutting its canonical request at "\n"
  // would blame the method for a "\r\n" it wrote after it.
  const rows: StepComparison[] = [
    row('method', 'method', expected.method, provided['method']),
    row('path', 'path', expected.path, provided['path']),
    row('query lines', 'queryLines', expected.queryLines.join('\n'), provided['queryLines']),
  ];
  if (expected.payloadHash !== null) rows.push(row('payload hash', 'payloadHash', expected.payloadHash, provided['payloadHash']));
  const canonicalStep = canonical === undefined ? 'query lines' : stepOfCanonicalDifference(expected, canonical);
  rows.push(row(canonicalStep, 'canonicalRequest', expected.canonicalRequest, canonical));
  if (expected.canonicalRequestHash !== null) rows.push(row('string to sign', 'canonicalRequestHash', expected.canonicalRequestHash, provided['canonicalRequestHash']));
  rows.push(row('string to sign', 'stringToSign', expected.stringToSign, provided['stringToSign']));
  if (expected.signingKey.length > 0) rows.push(withFirstLinkMasked(row('signing key', 'signingKey', expected.signingKey.join('\n'), provided['signingKey'])));
  rows.push(row('signature', 'signature', expected.signature, provided['signature']));
  return rows;
}

/**
 * The signing key row with the chain's first link cut to its first 8 hex digits, compared whole
 * first: `k1 = HMAC(apiKey, secretKey)` signs any request of the key pair for ever, so no
 * explanation carries it (docs/spec/xconnect.md §1.3); the prefix is enough to compare one's own.
 */
function withFirstLinkMasked(comparison: StepComparison): StepComparison {
  const mask = (chain: string) => chain.replace(/^([0-9a-f]{8})[0-9a-f]{56}(?=\n|$)/i, '$1…(first link, cut)');
  const masked: StepComparison = { ...comparison, expected: mask(comparison.expected) };
  if (comparison.provided !== undefined) masked.provided = mask(comparison.provided);
  return masked;
}

/**
 * How many more requests of one client may be searched in vain for pairs of catalogued mistakes
 * (ten times the cost of the singles) and for members of the families (hundreds of timestamp
 * re-spellings): each search that finds nothing spends one. Once a count is spent that search is
 * no longer made: the client's mistake is not such a pair, or not such a member. One budget per run
 * of the conformance checker; without one, every request is searched whole.
 *
 * @example
 * ```ts
 * const budget: SearchBudget = { pairs: 32, families: 32 };
 * for (const wire of sent) diagnoseXConnect(wire, asked, undefined, undefined, budget);
 * ```
 */
export interface SearchBudget {
  pairs: number;
  families: number;
  /** Timestamp re-spelling rules proved on earlier requests, tried first (see `FamilyInputs.timestampHints`). */
  timestampRules?: TimestampRule[];
}

/**
 * The step a provided canonical request first differs in, found by the character where it departs
 * from the expected one and the part of the expected request that character belongs to, never by
 * cutting the provided text at "\n". A departure at a line break is `line separators` after the
 * method or path, and `query lines` after a query line (the line's own ending, docs/spec/xconnect.md §1.2).
 * @internal
 */
export function stepOfCanonicalDifference(expected: Pick<XConnectTrace, 'version' | 'method' | 'path' | 'queryLines' | 'payloadHash' | 'canonicalRequest'>, provided: string): string {
  const text = expected.canonicalRequest;
  if (text === provided) return 'query lines';
  let at = 0;
  while (at < text.length && at < provided.length && text[at] === provided[at]) at += 1;
  // The expected request as labelled pieces, each followed (but the last) by its line break.
  const pieces: { step: string; length: number; breakStep: string }[] = [
    { step: 'method', length: expected.method.length, breakStep: 'line separators' },
    { step: 'path', length: expected.path.length, breakStep: 'line separators' },
    ...expected.queryLines.map((line) => ({ step: 'query lines', length: line.length, breakStep: 'query lines' })),
  ];
  if (expected.version !== 0 && expected.payloadHash !== null) pieces.push({ step: 'payload hash', length: expected.payloadHash.length, breakStep: 'line separators' });
  let start = 0;
  for (const piece of pieces) {
    const end = start + piece.length;
    if (at < end) return piece.step;
    if (at === end) {
      // At the break after a piece: a longer piece, or another separator?
      const next = provided.charAt(at);
      return next === '' || next === '\r' || next === '\n' || next === ' ' || next === '\t' ? piece.breakStep : piece.step;
    }
    start = end + 1;
  }
  return expected.version === 0 ? 'headers' : 'payload hash';
}

function headerRows(wire: WireRequest, asked: XConnectAsked, expected: XConnectTrace | undefined, provided: Record<string, unknown>): StepComparison[] {
  const header = (name: string): string | undefined => headerValue(wire.headers, name);
  const rows: StepComparison[] = [];
  const sentSignature = header('x-arrow-signature');
  if (expected) {
    const computed = typeof provided['signature'] === 'string' ? provided['signature'] : undefined;
    // The client's own computation is right (or reproduced), yet another value travelled.
    rows.push(row(computed !== undefined && !constantTimeEqual(computed, sentSignature ?? '') ? 'headers' : 'signature', 'x-arrow-signature', expected.signature, sentSignature ?? '(none)'));
  }
  rows.push(row('headers', 'x-arrow-apikey', asked.apiKey, header('x-arrow-apikey') ?? '(none)'));
  if (asked.timestamp !== undefined) rows.push(row('headers', 'x-arrow-date', asked.timestamp, header('x-arrow-date') ?? '(none)'));
  if (asked.version !== undefined) {
    rows.push(row('headers', 'x-arrow-version', asked.version === 0 ? '(none)' : String(asked.version), header('x-arrow-version') ?? '(none)'));
  }
  return rows;
}

function summarise(diagnosis: Diagnosis, explainerSummary: string, signatureMatches: boolean): string {
  const parts: string[] = [];
  if (diagnosis.verdict) parts.push(`The reference verifier says ${diagnosis.verdict.code}: ${diagnosis.verdict.message}.`);
  if (signatureMatches) parts.push('The signature itself matches the reference.');
  else if (diagnosis.deviations.length > 0) {
    const names = diagnosis.deviations.map((d) => d.flags.join(' + ')).join(', or ');
    parts.push(`The signature sent is reproduced by the known deviation ${names}: ${diagnosis.deviations[0]!.description}`);
  } else if (diagnosis.source === 'wire') parts.push(`${capitalise(explainerSummary)}; have the adapter send its intermediates for a step-by-step diff.`);
  if (diagnosis.firstDifferingStep) {
    const where = diagnosis.source === 'adapter' ? "in the adapter's own intermediates" : diagnosis.source === 'deviation' ? "in the deviation's trace" : 'on the wire';
    parts.push(`First differing step: ${diagnosis.firstDifferingStep} (${where}).`);
  }
  return parts.join(' ');
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);


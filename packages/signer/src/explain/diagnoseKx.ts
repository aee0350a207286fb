/** Explains a rejected KX Connect call part by part: the reference string to sign beside the client's, and the named profile variant that reproduces it. */
import { KX_VARIANTS, applyKxVariants, explainKxMismatch, headerValue, type KxProfile, type KxTrace, type WireRequest } from '../index.js';
import { findKxFamilies, type KxFamilyMatch } from './kxFamilies.js';
import { lineDiff } from './lineDiff.js';
import type { DeviationMatch, Diagnosis, StepComparison } from './types.js';

/** The parts of docs/spec/kx-connect.md §2 in signing order, then how they are joined, signed and sent. */
export const KX_STEPS = ['method', 'path', 'username', 'body digest', 'content type', 'date', 'session id', 'joiner', 'signature', 'authorization'] as const;

const PARTS: { field: keyof KxTrace; step: (typeof KX_STEPS)[number] }[] = [
  { field: 'method', step: 'method' },
  { field: 'authPath', step: 'path' },
  { field: 'username', step: 'username' },
  { field: 'bodyDigest', step: 'body digest' },
  { field: 'contentType', step: 'content type' },
  { field: 'date', step: 'date' },
  { field: 'sessionId', step: 'session id' },
];

/** The session the client signs with and the profile the server runs. */
export interface KxAsked {
  username: string;
  sessionId: string;
  profile: KxProfile;
}

/**
 * Diagnoses a KX Connect call the reference rejects. The provided side comes from the client's
 * `intermediates` (`bodyDigest`, `contentType`, `date`, `stringToSign`, `signature`) when given,
 * else from the trace of the named variant(s) that reproduce the signature, else from the
 * `Authorization` header alone. Never throws on client input.
 *
 * @example
 * ```ts
 * diagnoseKx(wire, { username, sessionId, profile: kxProfile() }).deviations[0]?.flags; // ['Md5UpperHex']
 * ```
 */
export function diagnoseKx(wire: WireRequest, asked: KxAsked, intermediates?: Record<string, unknown>, verdict?: { code: string; message: string }): Diagnosis {
  const credentials = { username: asked.username, sessionId: asked.sessionId };
  let expected: KxTrace | undefined;
  let matches: string[][] = [];
  let explainerNote: string | undefined;
  let families: KxFamilyMatch[] = [];
  try {
    const explanation = explainKxMismatch(wire, credentials, { profile: asked.profile });
    expected = explanation.expected;
    matches = explanation.matches.filter((m) => m.length > 0);
    explainerNote = explanation.firstDifference;
    // The families too (other alphabets, paddings, joiners), each replayed on the call sent: an unpadded
    // standard Base64 without "+" or "/" is also Base64url, and both are listed as equally good.
    if (!explanation.reproducedByProfile) {
      const named = new Set(matches.map((m) => m.join('+')));
      families = findKxFamilies(explanation.expected, asked.sessionId, explanation.providedSignature).filter((f) => !named.has(f.flags.join('+')));
    }

  } catch (error) {
    explainerNote = (error as Error).message;
  }
  const deviations: DeviationMatch[] = matches.map((flags) => ({
    flags,
    steps: [...new Set(flags.map((f) => stepOfKnob(KX_VARIANTS[f as keyof typeof KX_VARIANTS].knob)))],
    bugType: [...new Set(flags.map((f) => KX_VARIANTS[f as keyof typeof KX_VARIANTS].bugType))].join(' + '),
    description: flags.map((f) => KX_VARIANTS[f as keyof typeof KX_VARIANTS].description).join(' '),
  }));

  for (const { provided: _provided, ...family } of families) deviations.push(family);
  let source: Diagnosis['source'] = 'wire';
  let provided: Record<string, unknown> = {};
  if (intermediates !== undefined && Object.keys(intermediates).length > 0) {
    source = 'adapter';
    provided = intermediates;
  } else if (matches.length === 0 && families[0] !== undefined && expected) {
    source = 'deviation';
    provided = { ...expected, ...families[0].provided };
  } else if (matches[0] !== undefined) {
    try {
      const variantProfile = applyKxVariants(asked.profile, matches[0] as (keyof typeof KX_VARIANTS)[]);
      provided = { ...explainKxMismatch(wire, credentials, { profile: variantProfile }).expected };
      source = 'deviation';
    } catch {
      // The variant's own trace cannot be computed; the header is all there is.
    }
  }
  const authorization = headerValue(wire.headers, 'authorization');
  const steps: StepComparison[] = [];
  if (expected) {
    const providedParts = typeof provided['stringToSign'] === 'string' ? splitParts(provided['stringToSign'], expected) : undefined;
    const partRows = PARTS.map(({ field, step }, i) => row(step, field, String(expected![field]), provided[field] ?? providedParts?.[i]));
    steps.push(...partRows);
    // The whole string differs by its joiner only when every part is the same.
    const differingPart = partRows.find((r) => r.provided !== undefined && !r.same);
    steps.push(row(differingPart?.step ?? 'joiner', 'stringToSign', expected.stringToSign, provided['stringToSign']));
    steps.push(row('signature', 'signature', expected.signature, provided['signature']));
    steps.push(row('authorization', 'Authorization', expected.authorization, authorization ?? '(none)'));
  }
  const firstDifferingStep = KX_STEPS.find((step) => steps.some((r) => r.step === step && r.provided !== undefined && !r.same));
  const diagnosis: Diagnosis = { source, steps, deviations, summary: '' };
  if (verdict) diagnosis.verdict = verdict;
  if (firstDifferingStep) diagnosis.firstDifferingStep = firstDifferingStep;
  if (expected && typeof provided['stringToSign'] === 'string' && provided['stringToSign'] !== expected.stringToSign) {
    diagnosis.diff = { field: 'stringToSign', lines: lineDiff(expected.stringToSign, provided['stringToSign']) };
  }
  const parts: string[] = [];
  if (verdict) parts.push(`The reference verifier says ${verdict.code}: ${verdict.message}`);
  if (deviations.length > 0) parts.push(`The signature sent is reproduced by the profile variant ${deviations.map((d) => d.flags.join(' + ')).join(', or ')}: ${deviations[0]!.description}`);
  else if (explainerNote) parts.push(`${explainerNote.charAt(0).toUpperCase()}${explainerNote.slice(1)}.`);
  if (firstDifferingStep) parts.push(`First differing step: ${firstDifferingStep} (${source === 'adapter' ? "in the adapter's own intermediates" : source === 'deviation' ? "in the variant's trace" : 'on the wire'}).`);
  diagnosis.summary = parts.join(' ');
  return diagnosis;
}

function stepOfKnob(knob: keyof KxProfile): string {
  switch (knob) {
    case 'joiner':
      return 'joiner';
    case 'bodyDigest':
      return 'body digest';
    case 'contentTypePart':
      return 'content type';
    case 'datePart':
      return 'date';
    case 'signatureEncoding':
      return 'signature';
    default:
      return 'date';
  }
}

/** The seven parts of a provided string to sign, when it is joined by newlines like the expected one. */
function splitParts(stringToSign: string, expected: KxTrace): string[] | undefined {
  // The seven expected parts joined some other way: every part is the same, the joiner differs.
  const parts = PARTS.map(({ field }) => String(expected[field]));
  for (const joiner of ['\r\n', '\r', ' ', '\t', '\n\n', '', '\n']) {
    if (parts.join(joiner) === stringToSign || parts.map((p) => p + joiner).join('') === stringToSign) return parts;
  }
  if (expected.profile.joiner === 'none') return undefined;
  const lines = stringToSign.split('\n');
  if (expected.profile.joiner === 'trailingNewline' && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 7 ? lines : undefined;
}

function row(step: string, field: string, expected: string, provided: unknown): StepComparison {
  const text = provided === undefined || provided === null ? undefined : String(provided);
  const comparison: StepComparison = { step, field, expected, same: text === expected };
  if (text !== undefined) comparison.provided = text;
  return comparison;
}


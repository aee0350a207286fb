/** What a judge rules on one answer: a pass, or a failure with its kind, its cause and a diagnosis. */
import { KX_STEPS, XCONNECT_STEPS, type DeviationMatch, type Diagnosis } from '@sigkit/signer/explain';
import type { ProblemReply, ErrorReply } from '../protocol/types.js';

/**
 * The kinds of failure. Signer role: `rejected` (the reference verifier refuses the request sent),
 * `wrong_request` (it verifies, but is not the request asked for), `vector_mismatch` (it differs
 * from the published vector), `adapter_error` (the implementation declined a valid request).
 * Verifier role: `accepted_invalid`, `rejected_valid`. Either: `timeout`, `crash`, `protocol`,
 * `unavailable`; and `checker_error` when sigkit itself could not judge an answer.
 */
export type FailureKind =
  | 'rejected'
  | 'wrong_request'
  | 'vector_mismatch'
  | 'adapter_error'
  | 'accepted_invalid'
  | 'rejected_valid'
  | 'timeout'
  | 'crash'
  | 'protocol'
  | 'unavailable'
  | 'checker_error';

/** Why one case failed. */
export interface CaseFailure {
  kind: FailureKind;
  /** Failures with the same key have the same cause; the report lists each cause once. */
  classKey: string;
  /** One line naming the cause, e.g. `rejected: signature_mismatch, reproduced by CrlfQueryLines`. */
  headline: string;
  /** Sentences saying what was wrong and what was expected. */
  message: string;
  /** The deviation flags reproducing it (signer) or the flag of the invalid request accepted (verifier). */
  flags: string[];
  diagnosis?: Diagnosis;
  /**
   * Each equally good explanation proved on this case (a set of flags that together reproduce it,
   * and which member of a family it is); the runner replays each on every other case of the run
   * and groups the cases by the mistakes that survive.
   */
  explanations?: Explanation[];
  /**
   * The first differing step as the implementation's own intermediates or the wire show it, without
   * any mistake's trace: a failure whose names are all refuted is known by this step.
   */
  wireStep?: string;
}

/** One explanation of a case: the flags that together reproduce it, and the family member when it is one. */
export type Explanation = Pick<DeviationMatch, 'flags' | 'member'>;

/** A judge's ruling. */
export type Outcome = { ok: true } | { ok: false; failure: CaseFailure };

/** The failure for an answer that is an error or no answer at all. */
export function failureOfReply(reply: ErrorReply | ProblemReply, role: 'signer' | 'verifier'): CaseFailure {
  if (reply.kind === 'error') {
    const what = role === 'signer' ? 'could not sign a valid request' : 'could not judge the request';
    return {
      kind: 'adapter_error',
      classKey: `adapter_error${reply.code ? ':' + reply.code : ''}`,
      headline: `adapter_error: the implementation ${what}${reply.code ? ` (${reply.code})` : ''}`,
      message: `The implementation answered with an error: ${reply.message}`,
      flags: [],
    };
  }
  return { kind: reply.problem, classKey: reply.problem, headline: `${reply.problem}: no usable answer`, message: reply.message, flags: [] };
}

/** The failure outcome of the given kind, naming no deviation flags. */
export function failed(kind: FailureKind, classKey: string, headline: string, message: string): Outcome {
  return { ok: false, failure: { kind, classKey, headline, message, flags: [] } };
}

/**
 * The failure for a signed request the reference verifier rejected, named only by the mistakes the
 * diagnosis proved, each by replaying it on the request actually sent and getting the signature the
 * client sent (docs/spec/xconnect.md §4, docs/spec/kx-connect.md §2). Equally good explanations
 * (ties) are all named; with none, the failure is known by its first differing step. `also`, when
 * given, is appended to the message.
 */
export function rejectedFailure(code: string, diagnosis: Diagnosis, also?: string): Outcome {
  const explanations: Explanation[] = diagnosis.deviations.map((d) => (d.member === undefined ? { flags: d.flags } : { flags: d.flags, member: d.member }));
  const named = [...new Set(explanations.flatMap((e) => e.flags))];
  const ties = explanations.map((e) => e.flags.join(' + '));
  const cause = ties.length > 0 ? `, reproduced by ${ties.join(', or ')}` : diagnosis.firstDifferingStep ? `, first differing step: ${diagnosis.firstDifferingStep}` : '';
  const failure: CaseFailure = {
    kind: 'rejected',
    classKey: `rejected:${code}:${ties.length > 0 ? [...new Set(ties)].sort().join('|') : diagnosis.firstDifferingStep ?? 'unexplained'}`,
    headline: `rejected: ${code}${cause}`,
    message: also ? `${diagnosis.summary} Also, ${also}` : diagnosis.summary,
    flags: named,
    diagnosis,
    wireStep: wireStepOf(code, diagnosis),
  };
  if (explanations.length > 0) failure.explanations = explanations;
  return { ok: false, failure };
}

/** Header rows: what travelled, whatever mistake's trace fills the other rows. */
const WIRE_FIELDS = new Set(['x-arrow-signature', 'x-arrow-apikey', 'x-arrow-date', 'x-arrow-version', 'Authorization']);
const STEP_ORDER: readonly string[] = [...XCONNECT_STEPS, ...KX_STEPS];
/** Verifier codes of a KX Authorization header it could not read or match to a session: the step is the header, whatever was inside. */
const AUTHORIZATION_CODES = new Set(['malformed_authorization', 'unknown_session', 'session_expired']);

/**
 * The first differing step without any mistake's trace: the implementation's own (when it sent its
 * intermediates), else the first header that differs; for a KX Authorization the verifier could not
 * read or match, `authorization`, so that one mistake there is one cause whichever code it drew.
 */
function wireStepOf(code: string, diagnosis: Diagnosis): string {
  if (diagnosis.source === 'adapter' && diagnosis.firstDifferingStep !== undefined) return diagnosis.firstDifferingStep;
  if (AUTHORIZATION_CODES.has(code)) return 'authorization';
  const differing = diagnosis.steps.filter((row) => WIRE_FIELDS.has(row.field) && row.provided !== undefined && !row.same).map((row) => row.step);
  differing.sort((a, b) => STEP_ORDER.indexOf(a) - STEP_ORDER.indexOf(b));
  return differing[0] ?? diagnosis.firstDifferingStep ?? 'unexplained';
}

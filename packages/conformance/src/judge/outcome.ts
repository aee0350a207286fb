/** What a judge rules on one answer: a pass, or a failure with its kind, its cause and a diagnosis. */
import type { Diagnosis } from '../diagnosis/types.js';
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
}

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
 * The failure for a signed request the reference verifier rejected, named by the deviation that
 * reproduces it: the diagnosis's own, else the flags of the deviation vector it matches (`vectorFlags`),
 * else the first step where it differs. `also`, when given, is appended to the message.
 */
export function rejectedFailure(code: string, diagnosis: Diagnosis, vectorFlags: string[], also?: string): Outcome {
  const flags = diagnosis.deviations[0]?.flags ?? [];
  const named = flags.length > 0 ? flags : vectorFlags;
  const cause = named.length > 0 ? `, reproduced by ${named.join(' + ')}` : diagnosis.firstDifferingStep ? `, first differing step: ${diagnosis.firstDifferingStep}` : '';
  return {
    ok: false,
    failure: {
      kind: 'rejected',
      classKey: `rejected:${code}:${named.length > 0 ? named.join('+') : diagnosis.firstDifferingStep ?? 'unexplained'}`,
      headline: `rejected: ${code}${cause}`,
      message: also ? `${diagnosis.summary} Also, ${also}` : diagnosis.summary,
      flags: named,
      diagnosis,
    },
  };
}

/** Rules on a verifier's answer: it must accept exactly the requests the reference accepts. */
import type { CheckCase } from '../cases/checkCase.js';
import type { Reply, VerifyRequest } from '../protocol/types.js';
import { failureOfReply, type Outcome } from './outcome.js';

/** What a verifier must answer for a case, and why. */
export interface VerifierExpectation {
  valid: boolean;
  /** The reference's deciding check (`ok`, `signature_mismatch`, `clock_skew`…). */
  code: string;
  /** The reference's explanation. */
  reason: string;
}

/** A verifier case (either scheme). */
export type VerifierCase = CheckCase<VerifyRequest, VerifierExpectation>;

/**
 * Judges a verifier's answer: accepting an invalid request fails as `accepted_invalid`, named by
 * the case's flags (the known mistake or tampering it carries); refusing a valid one fails as
 * `rejected_valid`.
 *
 * @example
 * ```ts
 * judgeVerifier(testCase, { kind: 'verdict', valid: true }); // fails when testCase.expect.valid is false
 * ```
 */
export function judgeVerifier(testCase: VerifierCase, reply: Reply): Outcome {
  if (reply.kind === 'error' || reply.kind === 'problem') return { ok: false, failure: failureOfReply(reply, 'verifier') };
  if (reply.kind !== 'verdict') {
    return { ok: false, failure: { kind: 'protocol', classKey: 'protocol', headline: 'protocol: a signed request where a verdict was expected', message: 'A verifier answers {"id":…,"valid":true|false}.', flags: [] } };
  }
  const { expect } = testCase;
  if (reply.valid === expect.valid) return { ok: true };
  const theirs = reply.reason === undefined ? '' : ` (its reason: ${reply.reason})`;
  const name = testCase.flags.join(' + ') || testCase.category;
  if (reply.valid) {
    return {
      ok: false,
      failure: {
        kind: 'accepted_invalid',
        classKey: `accepted_invalid:${name}`,
        headline: `accepted_invalid: let in a request with ${name}`,
        message: `The verifier accepted a request the reference rejects with ${expect.code}: ${expect.reason}`,
        flags: testCase.flags,
      },
    };
  }
  return {
    ok: false,
    failure: {
      kind: 'rejected_valid',
      classKey: `rejected_valid:${name}`,
      headline: `rejected_valid: refused a correctly signed request (${name})`,
      message: `The verifier refused a request the reference accepts (${expect.code}: ${expect.reason})${theirs}.`,
      flags: testCase.flags,
    },
  };
}

/** Makes a failing fixed case (an edge case) 1-minimal: the counterpart of shrinking for cases that were not generated. */
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Exchange, Reply } from '../protocol/types.js';
import { removeParts } from './removeParts.js';
import type { ShrinkBudget, ShrunkFailure } from './shrinkFailure.js';
import type { Suite } from './suite.js';

/**
 * Removes the parts of `testCase` (the suite's `caseRemovals`: a parameter, a value, a path segment,
 * the body) one at a time while it still fails with `classKey`, and returns the smallest case with
 * its reply and ruling; `steps` counts the parts removed. `undefined` when the suite lists no
 * removals, or the case no longer fails that way (a flaky implementation).
 *
 * @example
 * ```ts
 * const minimal = await minimizeCase(suite, exchange, edgeCase, 'rejected:signature_mismatch:query lines', { maxCalls: 1000, timeMs: 20_000 });
 * minimal?.testCase.request; // the edge request without the parameters the failure does not need
 * ```
 */
export async function minimizeCase<C extends CheckCase, V>(
  suite: Suite<C, V>,
  exchange: Exchange,
  testCase: C,
  classKey: string,
  budget: ShrinkBudget,
): Promise<ShrunkFailure<C> | undefined> {
  const removals = suite.caseRemovals;
  if (removals === undefined) return undefined;
  const started = Date.now();
  let calls = 0;
  let stopped = false;
  const run = async (candidate: C): Promise<{ reply: Reply; outcome: Outcome } | undefined> => {
    const reply = await exchange(candidate.request);
    if (reply.kind === 'problem' && reply.problem === 'unavailable') {
      stopped = true;
      return undefined;
    }
    return { reply, outcome: suite.judge(candidate, reply) };
  };
  const stillFails = async (candidate: C): Promise<boolean> => {
    if (stopped || calls >= budget.maxCalls || Date.now() - started > budget.timeMs) return false;
    calls += 1;
    const result = await run(candidate);
    return result !== undefined && !result.outcome.ok && result.outcome.failure.classKey === classKey;
  };
  // Candidates carry ids of their own: an adapter may still hold an answer for the case's id.
  let serial = 0;
  const renamed = (candidate: C): C => withId(candidate, `${testCase.caseId}.r${(serial += 1)}`);
  const { value, removed } = await removeParts(testCase, (c) => removals(c).map(renamed), stillFails);
  const final = withId(value, `${testCase.caseId}-minimal`);
  const result = await run(final);
  if (result === undefined || result.outcome.ok || result.outcome.failure.classKey !== classKey) return undefined;
  return { testCase: final, reply: result.reply, outcome: result.outcome, steps: removed };
}

function withId<C extends CheckCase>(testCase: C, caseId: string): C {
  return { ...testCase, caseId, request: { ...testCase.request, id: caseId } };
}

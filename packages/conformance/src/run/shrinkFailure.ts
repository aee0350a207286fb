/** Shrinks one generated failure to a minimal counterexample with fast-check, replaying the run that found it. */
import fc from 'fast-check';
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Exchange, Reply } from '../protocol/types.js';
import { removeParts } from './removeParts.js';
import type { Suite } from './suite.js';

/** Limits on one shrink, so that a slow implementation cannot stall the run. */
export interface ShrinkBudget {
  /** Most requests sent while shrinking one failure (default 1000). */
  maxCalls: number;
  /** Most time spent shrinking one failure, ms (default 20 000). */
  timeMs: number;
}

/** A shrunk counterexample: the case, its reply and ruling, and how many shrink steps led there. */
export interface ShrunkFailure<C extends CheckCase> {
  testCase: C;
  reply: Reply;
  outcome: Outcome;
  steps: number;
}

/**
 * Replays run `index` of the generated cases (same `seed`) with an async fast-check property that
 * fails only with the same cause (`classKey`), so fast-check shrinks towards the smallest request
 * that still fails that way; then, when the suite lists a value's removable parts, removes parts one
 * at a time while the failure stays the same ({@link removeParts}), so that the request returned is
 * 1-minimal: without any one of its parameters, path segments or its body it passes or fails
 * another way. Returns it with one more exchange for its final answer; `steps` counts both passes.
 * `undefined` when the replay does not fail again (a flaky implementation).
 *
 * @example
 * ```ts
 * const shrunk = await shrinkFailure(suite, exchange, { seed: 42, numRuns: 2000, index: 17, classKey: 'rejected:signature_mismatch:CrlfQueryLines' });
 * shrunk?.testCase.request; // a request with one query parameter
 * ```
 */
export async function shrinkFailure<C extends CheckCase, V>(
  suite: Suite<C, V>,
  exchange: Exchange,
  target: { seed: number; numRuns: number; index: number; classKey: string },
  budget: ShrinkBudget,
): Promise<ShrunkFailure<C> | undefined> {
  const generated = suite.generated;
  if (generated === undefined) return undefined;
  const started = Date.now();
  let calls = 0;
  let stopped = false;
  const property = fc.asyncProperty(generated.arbitrary, async (value) => {
    // Past the budget every candidate "passes", which ends shrinking with the best one so far.
    if (stopped || calls >= budget.maxCalls || Date.now() - started > budget.timeMs) return true;
    calls += 1;
    const testCase = generated.toCase(value, `shrink#${target.index}.${calls}`);
    const reply = await exchange(testCase.request);
    if (reply.kind === 'problem' && reply.problem === 'unavailable') {
      stopped = true;
      return true;
    }
    const outcome = suite.judge(testCase, reply);
    return outcome.ok || outcome.failure.classKey !== target.classKey;
  });
  const details = await fc.check(property, { seed: target.seed, numRuns: target.numRuns, path: String(target.index) });
  if (!details.failed || details.counterexample === null) return undefined;
  let [value] = details.counterexample;
  let removed = 0;
  if (generated.removals !== undefined && !stopped) {
    // The 1-minimality pass has a budget of its own: fast-check may have spent all of its.
    const passStarted = Date.now();
    let passCalls = 0;
    const stillFails = async (candidate: V): Promise<boolean> => {
      if (stopped || passCalls >= budget.maxCalls || Date.now() - passStarted > budget.timeMs) return false;
      passCalls += 1;
      const testCase = generated.toCase(candidate, `shrink#${target.index}.r${passCalls}`);
      const reply = await exchange(testCase.request);
      if (reply.kind === 'problem' && reply.problem === 'unavailable') {
        stopped = true;
        return false;
      }
      const outcome = suite.judge(testCase, reply);
      return !outcome.ok && outcome.failure.classKey === target.classKey;
    };
    ({ value, removed } = await removeParts(value, (v) => generated.removals!(v), stillFails));
  }
  const testCase = generated.toCase(value, `generated#${target.index}-shrunk`);
  const reply = await exchange(testCase.request);
  const outcome = suite.judge(testCase, reply);
  if (outcome.ok || outcome.failure.classKey !== target.classKey) return undefined;
  return { testCase, reply, outcome, steps: details.numShrinks + removed };
}

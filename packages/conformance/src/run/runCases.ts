/** Sends cases to the implementation with many in flight at once, and judges each answer as it comes. */
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Exchange, Reply } from '../protocol/types.js';

/** One case's result: the reply and the judge's ruling (both absent when the case was not run). */
export interface CaseResult<C extends CheckCase = CheckCase> {
  testCase: C;
  reply?: Reply;
  outcome?: Outcome;
}

/** How {@link runCases} runs. */
export interface RunCasesOptions {
  /** Requests in flight at once (default 256): enough to keep a pipelined adapter busy. */
  window?: number;
  /** Called after each case is judged. */
  onResult?: (result: CaseResult) => void;
  /** Checked before each case is sent: true stops the run (remaining cases are not run). */
  shouldStop?: () => boolean;
}

/**
 * Runs `cases` through `exchange` with up to `window` in flight, judging each reply with `judge`.
 * Stops sending (the rest stay not run) when the implementation becomes unavailable or
 * `shouldStop` says so. Results are in the order of `cases`.
 *
 * @example
 * ```ts
 * const results = await runCases(cases, adapter.exchange, judgeXConnectSigner);
 * results.filter((r) => r.outcome && !r.outcome.ok).length;
 * ```
 */
export async function runCases<C extends CheckCase>(
  cases: readonly C[],
  exchange: Exchange,
  judge: (testCase: C, reply: Reply) => Outcome,
  options: RunCasesOptions = {},
): Promise<{ results: CaseResult<C>[]; unavailable?: string }> {
  const results: CaseResult<C>[] = cases.map((testCase) => ({ testCase }));
  let next = 0;
  let unavailable: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < cases.length && unavailable === undefined && !(options.shouldStop?.() ?? false)) {
      const index = next++;
      const testCase = cases[index]!;
      const reply = await exchange(testCase.request);
      if (reply.kind === 'problem' && reply.problem === 'unavailable') {
        unavailable ??= reply.message;
        return;
      }
      const result = results[index]!;
      result.reply = reply;
      result.outcome = judgeSafely(judge, testCase, reply);
      options.onResult?.(result);
    }
  };
  const width = Math.max(1, Math.min(options.window ?? 256, cases.length));
  await Promise.all(Array.from({ length: width }, worker));
  return unavailable === undefined ? { results } : { results, unavailable };
}

function judgeSafely<C extends CheckCase>(judge: (testCase: C, reply: Reply) => Outcome, testCase: C, reply: Reply): Outcome {
  try {
    return judge(testCase, reply);
  } catch (error) {
    // A judge must rule on any answer; if one throws, the case fails visibly rather than the run.
    const message = `sigkit could not judge this answer (${(error as Error).message}); this is a sigkit bug, please report it.`;
    return { ok: false, failure: { kind: 'checker_error', classKey: 'checker_error', headline: 'checker_error: the answer could not be judged', message, flags: [] } };
  }
}

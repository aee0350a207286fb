/** Sends cases to the implementation with many in flight at once, and judges each answer as it comes. */
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Exchange, Reply } from '../protocol/types.js';
import type { CategorySummary } from '../report/types.js';

/** One case's result: the reply and the judge's ruling (both absent when the case was not run). */
export interface CaseResult<C extends CheckCase = CheckCase> {
  testCase: C;
  reply?: Reply;
  outcome?: Outcome;
}

/**
 * Cases built one at a time, just before they are sent, so that only those in flight are held in
 * memory (a generated case can carry a 256 KiB body, twice).
 */
export interface LazyCases<C extends CheckCase> {
  readonly length: number;
  /** Builds case `index` (called once per case sent). */
  at(index: number): C;
  /** The category a case that was never built counts in. */
  readonly category: string;
}

/** How {@link runCases} runs. */
export interface RunCasesOptions<C extends CheckCase = CheckCase> {
  /** Requests in flight at once (default 256): enough to keep a pipelined adapter busy. */
  window?: number;
  /** Called after each case is judged. */
  onResult?: (result: CaseResult<C>) => void;
  /** Checked before each case is sent: true stops the run (remaining cases are not run). */
  shouldStop?: () => boolean;
  /** Which judged results to keep in `results` (default: all); the others only count in `categories`. */
  retain?: (result: CaseResult<C>) => boolean;
}

/** What {@link runCases} returns. */
export interface RunCasesResult<C extends CheckCase> {
  /**
   * In the order of the cases: every retained result, and, when the cases are an array, every case
   * not run (without reply or outcome).
   */
  results: CaseResult<C>[];
  /** Totals per category over every case, retained or not, in order of first appearance. */
  categories: CategorySummary[];
  /** Why the run stopped early, when the implementation became unavailable. */
  unavailable?: string;
}

/**
 * Runs `cases` through `exchange` with up to `window` in flight, judging each reply with `judge`.
 * Stops sending (the rest stay not run) when the implementation becomes unavailable or
 * `shouldStop` says so. Results are in the order of `cases`.
 *
 * @example
 * ```ts
 * const { results } = await runCases(cases, adapter.exchange, judgeXConnectSigner);
 * results.filter((r) => r.outcome && !r.outcome.ok).length;
 * ```
 */
export async function runCases<C extends CheckCase>(
  cases: readonly C[] | LazyCases<C>,
  exchange: Exchange,
  judge: (testCase: C, reply: Reply) => Outcome,
  options: RunCasesOptions<C> = {},
): Promise<RunCasesResult<C>> {
  const lazy = !Array.isArray(cases);
  const count = cases.length;
  const source = cases as LazyCases<C>;
  const array = cases as readonly C[];
  // Judged results land here by index; a hole is a case not run (or not retained).
  const judged: (CaseResult<C> | undefined)[] = new Array(count);
  const categories = new Map<string, CategorySummary>();
  const row = (name: string): CategorySummary => {
    let r = categories.get(name);
    if (r === undefined) {
      r = { name, total: 0, passed: 0, failed: 0, notRun: 0 };
      categories.set(name, r);
    }
    return r;
  };
  // Category order is that of the cases (for an array), whatever order answers come in.
  if (lazy) {
    if (count > 0) row(source.category);
  } else {
    for (const testCase of array) row(testCase.category);
  }
  let next = 0;
  let unavailable: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < count && unavailable === undefined && !(options.shouldStop?.() ?? false)) {
      const index = next++;
      const testCase = lazy ? source.at(index) : array[index]!;
      const reply = await exchange(testCase.request);
      if (reply.kind === 'problem' && reply.problem === 'unavailable') {
        unavailable ??= reply.message;
        return;
      }
      const result: CaseResult<C> = { testCase, reply, outcome: judgeSafely(judge, testCase, reply) };
      const summary = row(testCase.category);
      if (result.outcome!.ok) summary.passed += 1;
      else summary.failed += 1;
      options.onResult?.(result);
      if (options.retain === undefined || options.retain(result)) judged[index] = result;
    }
  };
  const width = Math.max(1, Math.min(options.window ?? 256, count));
  await Promise.all(Array.from({ length: width }, worker));

  const results: CaseResult<C>[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = judged[index];
    if (result !== undefined) results.push(result);
    else if (!lazy) results.push({ testCase: array[index]! });
  }
  let run = 0;
  for (const r of categories.values()) run += r.passed + r.failed;
  if (lazy) row(source.category).notRun += count - run;
  else for (const result of results) if (result.outcome === undefined) row(result.testCase.category).notRun += 1;
  for (const r of categories.values()) r.total = r.passed + r.failed + r.notRun;
  return unavailable === undefined ? { results, categories: [...categories.values()] } : { results, categories: [...categories.values()], unavailable };
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

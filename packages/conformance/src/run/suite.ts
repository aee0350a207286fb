/** A suite: everything the runner needs to check one scheme in one role. */
import type fc from 'fast-check';
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Reply, Role, Scheme } from '../protocol/types.js';
import type { ConformanceReport } from '../report/types.js';

/**
 * The fixed cases (vectors), the generator of further cases, and the judge of one scheme and role.
 *
 * @example
 * ```ts
 * const suite = xconnectSignerSuite({ versions: [1] });
 * const report = await runSuite(suite, { exchange, subject: 'in-process', cases: 500, seed: 1 });
 * ```
 */
export interface Suite<C extends CheckCase = CheckCase, V = unknown> {
  scheme: Scheme;
  role: Role;
  /** Echoed in the report. */
  settings: ConformanceReport['settings'];
  fixedCases: C[];
  /** Property-generated cases, shrunk on failure; undefined when the suite has none. */
  generated?: {
    category: string;
    arbitrary: fc.Arbitrary<V>;
    /** Builds the case for one generated value under the given case id. */
    toCase(value: V, caseId: string): C;
    /**
     * The value with one part removed, for each removable part (a parameter, a path segment, the
     * body): the final pass of shrinking tries each, so that the counterexample is 1-minimal.
     */
    removals?(value: V): V[];
  };
  /**
   * An edge case with one part removed, for each removable part: a failure found only by edge cases
   * is made 1-minimal with these, as a generated one is with `generated.removals`.
   */
  caseRemovals?(testCase: C): C[];
  judge(testCase: C, reply: Reply): Outcome;
  /** Called by `runSuite` before a run's first judgement: the judge's state of one run (a search budget) starts afresh. */
  startRun?(): void;
}

/** How much searching for a client's mistake a platform module does while answering rejections; the rest is done when the journal entry is read. */

/** Largest body kept so that a deferred search can run when the journal entry is read. */
export const DEFERRED_SEARCH_BODY_LIMIT = 16 * 1024;
/** Milliseconds per second the mock spends at most searching rejections for the client's mistake while answering. */
export const EXPLAIN_MS_PER_SECOND = 100;

/**
 * How much searching for client mistakes a mock does while answering. Each search re-signs the
 * request for dozens of candidate mistakes; done for every 401 it made a rejection about 18× as
 * slow as an acceptance (issue #18), so a flood of bad signatures could starve good clients.
 */
export interface ExplainBudget {
  /** Whether a search may run now. */
  allow(): boolean;
  /** Records the time a search took, in ms. */
  spent(ms: number): void;
}

/**
 * A budget of `msPerSecond` milliseconds of searching in each second: a test suite's rejections
 * are all searched while answering; in a flood, the rejections beyond it are searched when read.
 *
 * @example
 * ```ts
 * const budget = createExplainBudget(200);
 * if (budget.allow()) { const t = performance.now(); search(); budget.spent(performance.now() - t); }
 * ```
 */
export function createExplainBudget(msPerSecond: number = EXPLAIN_MS_PER_SECOND, clock: () => number = () => performance.now()): ExplainBudget {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  const roll = () => {
    const now = clock();
    if (now - windowStart >= 1000) {
      windowStart = now;
      used = 0;
    }
  };
  return {
    allow() {
      roll();
      return used < msPerSecond;
    },
    spent(ms) {
      used += ms;
    },
  };
}

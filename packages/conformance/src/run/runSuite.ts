/** Runs a suite end to end: fixed cases, generated cases, failures grouped by cause and shrunk, then the report. */
import { requestSize, type CheckCase } from '../cases/checkCase.js';
import type { CaseFailure } from '../judge/outcome.js';
import { groupCauses, type FailureClass } from './groupCauses.js';
import { answerRecord } from '../report/answerRecord.js';
import { REPORT_VERSION, type CaseRecord, type CategorySummary, type ConformanceReport, type Counterexample, type FailureReport } from '../report/types.js';
import type { Exchange } from '../protocol/types.js';
import { generateValues } from './generateValues.js';
import { minimizeCase } from './minimizeCase.js';
import { runCases, type CaseResult } from './runCases.js';
import { shrinkFailure, type ShrinkBudget } from './shrinkFailure.js';
import type { Suite } from './suite.js';

/** Where a run is, for progress displays. */
export interface Progress {
  phase: 'vectors' | 'generated' | 'shrinking';
  done: number;
  total: number;
  failed: number;
}

/** How {@link runSuite} runs. */
export interface RunSuiteOptions {
  exchange: Exchange;
  /** Named in the report: the adapter command, or `in-process`. */
  subject: string;
  /** Generated cases (default 2000; 0 runs the fixed cases only: vectors and, for signers, edge cases). */
  cases?: number;
  /** Seed of the generated cases (default: random, printed in the report). */
  seed?: number;
  /** Requests in flight at once (default 256). */
  window?: number;
  /** Stop sending new cases after this long, ms (default: no limit); unsent cases count as not run. */
  timeLimitMs?: number;
  /** At most this many distinct causes are shrunk (default 5). */
  maxShrunkFailures?: number;
  shrinkBudget?: Partial<ShrinkBudget>;
  /** Called after the implementation became unavailable during shrinking, to allow a fresh start. */
  revive?: () => void;
  onProgress?: (progress: Progress) => void;
}

const MAX_LISTED_GENERATED = 200;

/**
 * Bytes of passed generated cases kept to test names on (a name must agree with every case signed,
 * docs/MUTANTS.md); past it, passed cases only count. At the default 2000 cases it is never reached.
 */
const PASSED_KEPT_BYTES = 64 * 1024 * 1024;

/**
 * Runs the suite's fixed cases, then `cases` generated ones (all pipelined), groups the failures
 * by cause, shrinks the generated failures of each cause to a minimal counterexample, and returns
 * the report (failures smallest first). Never throws for what the implementation does.
 *
 * @example
 * ```ts
 * const report = await runSuite(xconnectSignerSuite({ versions: [1] }), { exchange, subject: 'in-process', cases: 1000, seed: 7 });
 * report.ok; // true when every case passed
 * ```
 */
export async function runSuite<C extends CheckCase, V>(suite: Suite<C, V>, options: RunSuiteOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const numRuns = suite.generated ? Math.max(0, options.cases ?? 2000) : 0;
  const deadline = options.timeLimitMs === undefined ? Infinity : started + options.timeLimitMs;
  const shouldStop = () => Date.now() > deadline;
  suite.startRun?.();
  const judge = suite.judge.bind(suite);
  let fatal: string | undefined;

  const progress = (phase: Progress['phase'], total: number) => {
    let done = 0;
    let failed = 0;
    options.onProgress?.({ phase, done, total, failed });
    return (result: CaseResult) => {
      done += 1;
      if (result.outcome && !result.outcome.ok) failed += 1;
      options.onProgress?.({ phase, done, total, failed });
    };
  };

  const fixedRun = runCases(suite.fixedCases, options.exchange, judge, { window: options.window, shouldStop, onResult: progress('vectors', suite.fixedCases.length) });
  // Drawn while the fixed cases are in flight (and an adapter process boots). The values are small
  // (a large body is a size and a seed); each case is built just before it is sent, and only
  // failures are kept, so that memory does not grow with --cases.
  const values = suite.generated && numRuns > 0 ? generateValues(suite.generated.arbitrary, numRuns, seed) : [];
  const fixed = await fixedRun;
  fatal = fixed.unavailable;

  let generatedResults: CaseResult<C>[] = [];
  let passedGenerated: CaseResult<C>[] = [];
  let generatedCategories: CategorySummary[] = [];
  if (fatal === undefined && suite.generated && numRuns > 0) {
    const { toCase, category } = suite.generated;
    const cases = { length: values.length, category, at: (index: number) => toCase(values[index]!, `generated#${index}`) };
    let keptBytes = 0;
    const run = await runCases(cases, options.exchange, judge, {
      window: options.window,
      shouldStop,
      onResult: progress('generated', values.length),
      retain: (result) => {
        if (result.outcome === undefined) return false;
        if (!result.outcome.ok) return true;
        // A passed case is kept while there is room, for names to be tested on (signers only).
        if (result.reply?.kind !== 'signed' || keptBytes > PASSED_KEPT_BYTES) return false;
        keptBytes += 2 * result.reply.wire.body.byteLength + 2048;
        return true;
      },
    });
    generatedResults = run.results.filter((r) => r.outcome !== undefined && !r.outcome.ok);
    passedGenerated = run.results.filter((r) => r.outcome?.ok === true);
    generatedCategories = run.categories;
    fatal = run.unavailable;
  }

  const failedAll = [...fixed.results, ...generatedResults].filter((r) => r.outcome !== undefined && !r.outcome.ok);
  // Names are tested on every case the implementation signed, passed or failed.
  const signedAll = [...fixed.results, ...passedGenerated, ...generatedResults].filter((r) => r.reply?.kind === 'signed' && r.testCase.request.role === 'signer');
  const classes = groupCauses(failedAll, signedAll);
  const budget: ShrinkBudget = { maxCalls: options.shrinkBudget?.maxCalls ?? 1000, timeMs: options.shrinkBudget?.timeMs ?? 20_000 };
  const counterexamples = new Map<string, Counterexample>();
  // Causes with generated cases are shrunk; causes only edge cases found are made 1-minimal (minimizeCase), after them.
  const withGenerated = [...classes.values()].filter((c) => c.results.some((r) => isGenerated(r)));
  const edgeOnly = suite.caseRemovals === undefined ? [] : [...classes.values()].filter((c) => !withGenerated.includes(c) && c.results.some((r) => isEdge(r)));
  const toShrink = fatal === undefined ? [...withGenerated, ...edgeOnly].slice(0, options.maxShrunkFailures ?? 5) : [];
  const tick = progress('shrinking', toShrink.length);
  for (const failureClass of toShrink) {
    if (Date.now() > deadline) break;
    // An unexplained cause is shrunk from a case its own judge could not explain either: one a refuted name happened to reproduce would shrink towards that coincidence.
    const fitting = failureClass.failure.flags.length > 0 ? failureClass.results : failureClass.results.filter((r) => !(r.outcome && !r.outcome.ok && r.outcome.failure.explanations?.length));
    const shrinkable = (rs: CaseResult[]) => (rs.some((r) => isGenerated(r)) ? rs.filter((r) => isGenerated(r)) : rs.filter((r) => isEdge(r)));
    const candidates = shrinkable(fitting).length > 0 ? shrinkable(fitting) : shrinkable(failureClass.results);
    const generatedOnes = candidates.filter((r) => isGenerated(r));
    const smallest = smallestOf(candidates);
    // A cause merged from several explanations shrinks within the smallest case's own (unmerged) class.
    const ownKey = smallest.outcome && !smallest.outcome.ok ? smallest.outcome.failure.classKey : failureClass.key;
    const shrunk =
      generatedOnes.length > 0
        ? await shrinkFailure(suite, options.exchange, { seed, numRuns, index: Number(smallest.testCase.caseId.slice('generated#'.length)), classKey: ownKey }, budget)
        : await minimizeCase(suite, options.exchange, smallest.testCase, ownKey, budget);
    if (shrunk !== undefined && !shrunk.outcome.ok && (generatedOnes.length > 0 || shrunk.steps > 0)) {
      counterexamples.set(failureClass.key, counterexampleOf({ testCase: shrunk.testCase, reply: shrunk.reply, outcome: shrunk.outcome }, { from: smallest.testCase.caseId, steps: shrunk.steps }));
    }
    options.revive?.();
    tick({ testCase: smallest.testCase });
  }

  const failures: FailureReport[] = [...classes.values()].map((c) => {
    const counterexample = counterexamples.get(c.key) ?? counterexampleOf(smallestOf(c.results), null);
    const failure = named(counterexample.request === undefined ? c.failure : failureOf(counterexample, c.failure), c);
    const report: FailureReport = {
      classKey: c.key,
      kind: failure.kind,
      headline: failure.headline,
      message: failure.message,
      flags: failure.flags,
      occurrences: c.results.length,
      byCategory: c.byCategory,
      caseIds: c.results.slice(0, 20).map((r) => r.testCase.caseId),
      counterexample,
    };
    // A cause no name explains is known by the step it was grouped by; a refuted name's trace does not say it.
    const unexplained = failure.kind === 'rejected' && failure.flags.length === 0 && c.failure.wireStep !== undefined;
    const step = unexplained ? c.failure.wireStep : counterexample.diagnosis?.firstDifferingStep;
    if (step !== undefined) report.step = step;
    if (counterexample.diagnosis) {
      // The counterexample lists only the names its cause kept (one refuted elsewhere is no explanation), without
      // the family member each stands for, which served to replay it and is not part of the report (report.schema.json).
      const kept = new Set((c.failure.explanations ?? []).map((e) => e.flags.join(' + ')));
      const deviations = counterexample.diagnosis.deviations
        .filter((d) => failure.kind !== 'rejected' || kept.has(d.flags.join(' + ')))
        .map(({ member: _member, ...d }) => d);
      counterexample.diagnosis = { ...counterexample.diagnosis, deviations };
    }
    return report;
  });
  failures.sort((a, b) => requestSize(a.counterexample.request) - requestSize(b.counterexample.request));

  const all = [...fixed.results, ...generatedResults];
  // Each failed case, to the key of its cause: two cases of one class key may land in different causes (a name one reproduces and the other does not).
  const causeOf = new Map<CaseResult, string>();
  for (const c of classes.values()) for (const r of c.results) causeOf.set(r, c.key);
  const categories = mergeCategories([...fixed.categories, ...generatedCategories]);
  const cases: CaseRecord[] = [];
  let listedGenerated = 0;
  for (const result of all) {
    const generated = isGenerated(result);
    const status: CaseRecord['status'] = result.outcome === undefined ? 'not run' : result.outcome.ok ? 'passed' : 'failed';
    if (generated && (status !== 'failed' || listedGenerated++ >= MAX_LISTED_GENERATED)) continue;
    const record: CaseRecord = { category: result.testCase.category, caseId: result.testCase.caseId, title: result.testCase.title, flags: result.testCase.flags, status };
    if (result.outcome && !result.outcome.ok) record.failure = causeOf.get(result) ?? result.outcome.failure.classKey;
    cases.push(record);
  }
  const notRun = categories.some((c) => c.notRun > 0);
  if (fatal === undefined && notRun) fatal = 'the time limit was reached before every case ran';

  return {
    reportVersion: REPORT_VERSION,
    ok: failures.length === 0 && fatal === undefined,
    scheme: suite.scheme,
    role: suite.role,
    subject: options.subject,
    seed,
    generatedCases: numRuns,
    settings: suite.settings,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    categories,
    cases,
    failures,
    fatal: fatal === undefined ? null : { message: fatal },
  };
}

function isEdge(result: CaseResult): boolean {
  return result.testCase.caseId.startsWith('edge#');
}

function isGenerated(result: CaseResult): boolean {
  return result.testCase.caseId.startsWith('generated#');
}

/** A cause's failure with the cause's own key, headline and flags (a merged cause names what all its cases share). */
function named(failure: CaseFailure, c: FailureClass): CaseFailure {
  return { ...failure, classKey: c.key, headline: c.failure.headline, flags: c.failure.flags };
}

function smallestOf(results: CaseResult[]): CaseResult {
  return results.reduce((best, r) => (r.testCase.size < best.testCase.size ? r : best));
}

function counterexampleOf(result: CaseResult, shrunk: Counterexample['shrunk']): Counterexample {
  const failure = result.outcome && !result.outcome.ok ? result.outcome.failure : undefined;
  const counterexample: Counterexample = {
    caseId: result.testCase.caseId,
    category: result.testCase.category,
    title: result.testCase.title,
    shrunk,
    request: result.testCase.request,
    answer: result.reply ? answerRecord(result.reply) : null,
    message: failure?.message ?? '',
  };
  if (failure?.diagnosis) counterexample.diagnosis = failure.diagnosis;
  return counterexample;
}

/** The counterexample's own failure text (a shrunk case may say it more precisely than the first one found). */
function failureOf(counterexample: Counterexample, fallback: CaseFailure): CaseFailure {
  return { ...fallback, message: counterexample.message || fallback.message };
}

/** Category rows with the same name added up, in order of first appearance. */
function mergeCategories(rows: readonly CategorySummary[]): CategorySummary[] {
  const merged = new Map<string, CategorySummary>();
  for (const row of rows) {
    const into = merged.get(row.name);
    if (into === undefined) merged.set(row.name, { ...row });
    else {
      into.total += row.total;
      into.passed += row.passed;
      into.failed += row.failed;
      into.notRun += row.notRun;
    }
  }
  return [...merged.values()];
}

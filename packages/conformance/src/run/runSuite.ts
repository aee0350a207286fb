/** Runs a suite end to end: fixed cases, generated cases, failures grouped by cause and shrunk, then the report. */
import { requestSize, type CheckCase } from '../cases/checkCase.js';
import type { CaseFailure } from '../judge/outcome.js';
import { refutedBy } from '../judge/refuteNames.js';
import type { KxSignRequest, XConnectSignRequest } from '../protocol/types.js';
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

interface FailureClass {
  key: string;
  failure: CaseFailure;
  results: CaseResult[];
  byCategory: Record<string, number>;
}

const MAX_LISTED_GENERATED = 200;

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
  let generatedCategories: CategorySummary[] = [];
  if (fatal === undefined && suite.generated && numRuns > 0) {
    const { toCase, category } = suite.generated;
    const cases = { length: values.length, category, at: (index: number) => toCase(values[index]!, `generated#${index}`) };
    const run = await runCases(cases, options.exchange, judge, {
      window: options.window,
      shouldStop,
      onResult: progress('generated', values.length),
      retain: (result) => result.outcome !== undefined && !result.outcome.ok,
    });
    generatedResults = run.results;
    generatedCategories = run.categories;
    fatal = run.unavailable;
  }

  const passedSigned = fixed.results.filter((r) => r.outcome?.ok === true && r.testCase.request.role === 'signer');
  const classes = mergeByMistake(classify([...fixed.results, ...generatedResults]), passedSigned);
  const budget: ShrinkBudget = { maxCalls: options.shrinkBudget?.maxCalls ?? 1000, timeMs: options.shrinkBudget?.timeMs ?? 20_000 };
  const counterexamples = new Map<string, Counterexample>();
  // Causes with generated cases are shrunk; causes only edge cases found are made 1-minimal (minimizeCase), after them.
  const withGenerated = [...classes.values()].filter((c) => c.results.some((r) => isGenerated(r)));
  const edgeOnly = suite.caseRemovals === undefined ? [] : [...classes.values()].filter((c) => !withGenerated.includes(c) && c.results.some((r) => isEdge(r)));
  const toShrink = fatal === undefined ? [...withGenerated, ...edgeOnly].slice(0, options.maxShrunkFailures ?? 5) : [];
  const tick = progress('shrinking', toShrink.length);
  for (const failureClass of toShrink) {
    if (Date.now() > deadline) break;
    const generatedOnes = failureClass.results.filter((r) => isGenerated(r));
    const smallest = smallestOf(generatedOnes.length > 0 ? generatedOnes : failureClass.results.filter((r) => isEdge(r)));
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
    const step = counterexample.diagnosis?.firstDifferingStep;
    if (step !== undefined) report.step = step;
    return report;
  });
  failures.sort((a, b) => requestSize(a.counterexample.request) - requestSize(b.counterexample.request));

  const all = [...fixed.results, ...generatedResults];
  // A case's own class key, to the key of the cause it was merged into.
  const causeOf = new Map<string, string>();
  for (const c of classes.values()) for (const r of c.results) if (r.outcome && !r.outcome.ok) causeOf.set(r.outcome.failure.classKey, c.key);
  const categories = mergeCategories([...fixed.categories, ...generatedCategories]);
  const cases: CaseRecord[] = [];
  let listedGenerated = 0;
  for (const result of all) {
    const generated = isGenerated(result);
    const status: CaseRecord['status'] = result.outcome === undefined ? 'not run' : result.outcome.ok ? 'passed' : 'failed';
    if (generated && (status !== 'failed' || listedGenerated++ >= MAX_LISTED_GENERATED)) continue;
    const record: CaseRecord = { category: result.testCase.category, caseId: result.testCase.caseId, title: result.testCase.title, flags: result.testCase.flags, status };
    if (result.outcome && !result.outcome.ok) record.failure = causeOf.get(result.outcome.failure.classKey) ?? result.outcome.failure.classKey;
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

function classify(results: CaseResult[]): Map<string, FailureClass> {
  const classes = new Map<string, FailureClass>();
  for (const result of results) {
    if (result.outcome === undefined || result.outcome.ok) continue;
    const { failure } = result.outcome;
    let c = classes.get(failure.classKey);
    if (c === undefined) {
      c = { key: failure.classKey, failure, results: [], byCategory: {} };
      classes.set(failure.classKey, c);
    }
    c.results.push(result);
    c.byCategory[result.testCase.category] = (c.byCategory[result.testCase.category] ?? 0) + 1;
  }
  return classes;
}

/**
 * One root cause, one failure (docs/spec/xconnect.md §4): classes of rejected cases whose proved
 * explanations share a mistake are merged, most frequent first, and the merged cause is named by the
 * mistakes every one of its cases proves (ties: all of them). Sorting by name then value is proved
 * alone on `a=1&a-b=1` and ties with keeping request order on `a=1&a.b=1`: one cause, SortByName.
 */
function mergeByMistake(classes: Map<string, FailureClass>, passed: readonly CaseResult[]): Map<string, FailureClass> {
  const merged = new Map<string, FailureClass & { names?: Set<string>; sets?: string[][] }>();
  const ordered = [...classes.values()].sort((a, b) => b.results.length - a.results.length);
  for (const c of ordered) {
    const sets = c.failure.explanations;
    if (c.failure.kind !== 'rejected' || sets === undefined || sets.length === 0) {
      merged.set(c.key, c);
      continue;
    }
    const code = c.key.split(':')[1];
    const into = [...merged.values()].find((m) => m.names !== undefined && m.key.split(':')[1] === code && sets.some((set) => m.names!.has(set.join('+'))));
    if (into === undefined) {
      merged.set(c.key, { ...c, results: [...c.results], byCategory: { ...c.byCategory }, names: new Set(sets.map((s) => s.join('+'))), sets });
      continue;
    }
    // Keep the explanations this class proves too; the merged cause is what all its cases share.
    const keys = new Set(sets.map((s) => s.join('+')));
    into.sets = into.sets!.filter((s) => keys.has(s.join('+')));
    into.names = new Set(into.sets.map((s) => s.join('+')));
    into.results.push(...c.results);
    for (const [category, n] of Object.entries(c.byCategory)) into.byCategory[category] = (into.byCategory[category] ?? 0) + n;
  }
  const out = new Map<string, FailureClass>();
  for (const m of merged.values()) {
    const existing = out.get(m.key);
    if (m.sets === undefined && existing) {
      existing.results.push(...m.results);
      for (const [category, n] of Object.entries(m.byCategory)) existing.byCategory[category] = (existing.byCategory[category] ?? 0) + n;
      continue;
    }
    if (m.sets === undefined) {
      out.set(m.key, m);
      continue;
    }
    const code = m.key.split(':')[1]!;
    // A name must also survive the cases the implementation passed: one that would have changed them is not its mistake.
    const surviving = m.sets.filter((set) => !passed.some((r) => refutedBy(set, r.testCase.request as XConnectSignRequest | KxSignRequest, r.reply)));
    if (surviving.length === 0) {
      const step = m.failure.diagnosis?.firstDifferingStep ?? 'unexplained';
      const key = `rejected:${code}:${step}`;
      const refuted = m.sets.map((s) => s.join(' + ')).join(', ');
      const failure: CaseFailure = { ...m.failure, classKey: key, flags: [], headline: `rejected: ${code}, first differing step: ${step} (${refuted} reproduces it but would have failed cases that passed)` };
      delete failure.explanations;
      const into = out.get(key);
      if (into) {
        into.results.push(...m.results);
        for (const [category, n] of Object.entries(m.byCategory)) into.byCategory[category] = (into.byCategory[category] ?? 0) + n;
      } else out.set(key, { key, failure, results: m.results, byCategory: m.byCategory });
      continue;
    }
    m.sets = surviving;
    const ties = m.sets.map((s) => s.join(' + '));
    const key = `rejected:${code}:${[...ties].sort().join('|')}`;
    out.set(key, { key, failure: { ...m.failure, classKey: key, flags: [...new Set(m.sets.flat())], explanations: m.sets, headline: `rejected: ${code}, reproduced by ${ties.join(', or ')}` }, results: m.results, byCategory: m.byCategory });
  }
  return out;
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

/** Runs the checker against one mutant and scores the result: caught, named right, named wrong, counterexample size. */
import { fileURLToPath } from 'node:url';
import { checkAdapter, checkClient, type ConformanceReport, type SignRequest } from '@sigkit/conformance';
import type { Mutant } from './catalogue.js';
import { signKxMutant, type KxJsMutation } from './js/kxClient.js';
import { signXConnectMutant, type XConnectJsMutation } from './js/xconnectClient.js';

const PYTHON_DIR = fileURLToPath(new URL('./python/', import.meta.url));

/** How one run of the checker went against one mutant. */
export interface MutantResult {
  id: string;
  seed: number;
  cases: number;
  /** The checker failed the mutant. */
  caught: boolean;
  /** Every name (deviation flag, variant or family) some failure of the report gives. */
  namesGiven: string[];
  /** The mutant's expected name is among them (always true for a mutant the catalogue does not know). */
  namedRight: boolean;
  /** Names given that are not the mutant's: every one is wrong (a name must agree with every case the mutant signed). */
  wrongNames: string[];
  /** How many distinct causes the report lists. */
  causes: number;
  /** The JSON length of the smallest counterexample's request (`requestSize`), when caught. */
  counterexampleSize?: number;
  /** The smallest counterexample's request in short, when caught. */
  counterexample?: string;
  durationMs: number;
}

/**
 * Checks one mutant (JS in process, Python through its adapter) at the given case count and seed.
 *
 * @example
 * ```ts
 * const result = await runMutant(MUTANTS[0]!, { cases: 200, seed: 1 });
 * result.caught; // true
 * ```
 */
export async function runMutant(mutant: Mutant, options: { cases: number; seed: number }): Promise<MutantResult> {
  const started = Date.now();
  const common = { scheme: mutant.scheme, cases: options.cases, seed: options.seed } as const;
  let report: ConformanceReport;
  if (mutant.language === 'js') {
    const sign = (input: SignRequest) =>
      input.scheme === 'xconnect' ? signXConnectMutant(input, mutant.mutation as XConnectJsMutation) : signKxMutant(input, mutant.mutation as KxJsMutation);
    report = await checkClient({ ...common, sign });
  } else {
    const script = mutant.scheme === 'xconnect' ? 'xconnect_mutant.py' : 'kx_mutant.py';
    report = await checkAdapter({ ...common, command: `python3 ${JSON.stringify(PYTHON_DIR + script)} ${mutant.mutation}` });
  }
  return scoreReport(mutant, report, options, Date.now() - started);
}

/** Scores a report against what the mutant is (exported so the scoring itself can be tested). */
export function scoreReport(mutant: Mutant, report: ConformanceReport, options: { cases: number; seed: number }, durationMs: number): MutantResult {
  const namesGiven = [...new Set(report.failures.flatMap((f) => f.flags))].sort();
  const result: MutantResult = {
    id: mutant.id,
    seed: options.seed,
    cases: options.cases,
    caught: !report.ok,
    namesGiven,
    namedRight: mutant.names.length === 0 || mutant.names.some((name) => namesGiven.includes(name)),
    wrongNames: namesGiven.filter((name) => !mutant.names.includes(name)),
    causes: report.failures.length,
    durationMs,
  };
  const smallest = report.failures[0]?.counterexample;
  if (smallest) {
    result.counterexampleSize = JSON.stringify(smallest.request).length;
    result.counterexample = sketch(smallest.request as unknown as Record<string, unknown>);
  }
  return result;
}

function sketch(request: Record<string, unknown>): string {
  if (request['scheme'] === 'kx') return `${String(request['group'])}/${String(request['method'])} ${JSON.stringify(request['params'])}`.slice(0, 120);
  const body = typeof request['body'] === 'string' ? (request['body'] as string).length : typeof request['bodyBase64'] === 'string' ? Math.floor(((request['bodyBase64'] as string).length * 3) / 4) : 0;
  return `${String(request['method'])} ${String(request['path'])}${request['rawQuery'] ? `?${String(request['rawQuery'])}` : ''} body ${body} B`.slice(0, 120);
}

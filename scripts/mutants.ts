/**
 * `pnpm mutants`: runs the checker against every broken client of mutants/ and prints the mutation
 * score (caught / total), the naming score (named right, no wrong name) and the median
 * counterexample size, at `--cases 200` over seeds 1..10 and at the default case count (docs/MUTANTS.md).
 *
 *   pnpm mutants                 # full: --cases 200 on seeds 1..10, then the default on seed 1
 *   pnpm mutants --quick         # --cases 200 on seed 1 only (CI-sized)
 *   pnpm mutants --cases 500 --seeds 1-3 --only kx --json out.json
 */
import { writeFileSync } from 'node:fs';
import { CONTROLS, MUTANTS, type Mutant } from '../mutants/catalogue.js';
import { runMutant, type MutantResult } from '../mutants/runMutant.js';

interface Run {
  label: string;
  cases: number;
  seeds: number[];
}

function parseArgs(argv: string[]): { runs: Run[]; only?: string; json?: string } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const seedsText = value('--seeds');
  const seeds = seedsText ? range(seedsText) : undefined;
  const cases = value('--cases');
  const out: { runs: Run[]; only?: string; json?: string } = { runs: [] };
  if (cases !== undefined) out.runs = [{ label: `--cases ${cases}`, cases: Number(cases), seeds: seeds ?? [1] }];
  else if (argv.includes('--quick')) out.runs = [{ label: '--cases 200', cases: 200, seeds: seeds ?? [1] }];
  else out.runs = [{ label: '--cases 200', cases: 200, seeds: seeds ?? range('1-10') }, { label: 'default (2000)', cases: 2000, seeds: [1] }];
  const only = value('--only');
  if (only !== undefined) out.only = only;
  const json = value('--json');
  if (json !== undefined) out.json = json;
  return out;
}

function range(text: string): number[] {
  const [from, to] = text.split('-').map(Number);
  if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) throw new Error(`--seeds takes N or N-M, got ${text}`);
  const out: number[] = [];
  for (let s = from!; s <= (to ?? from!); s += 1) out.push(s);
  return out;
}

const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const { runs, only, json } = parseArgs(process.argv.slice(2));
  const pick = (m: Mutant) => only === undefined || m.id.includes(only);
  const mutants = MUTANTS.filter(pick);
  const all: Record<string, MutantResult[]> = {};
  let problems = 0;
  for (const run of runs) {
    const results: MutantResult[] = [];
    for (const control of CONTROLS.filter(pick)) {
      const r = await runMutant(control, { cases: run.cases, seed: run.seeds[0]! });
      if (r.caught) {
        problems += 1;
        console.log(`✗ control ${control.id} fails (${r.namesGiven.join(', ') || 'unnamed'}): the measurement below means nothing until it passes`);
      }
    }
    for (const mutant of mutants) {
      for (const seed of run.seeds) {
        const r = await runMutant(mutant, { cases: run.cases, seed });
        results.push(r);
        const mark = !r.caught ? 'MISSED' : !r.namedRight ? 'unnamed' : r.wrongNames.length ? 'WRONG NAME' : 'ok';
        if (mark !== 'ok' || seed === run.seeds[0]) {
          const names = r.namesGiven.length ? r.namesGiven.join(', ') : '-';
          console.log(`${run.label} seed ${seed} ${mutant.id.padEnd(52)} ${mark.padEnd(10)} causes ${r.causes} names ${names}${r.wrongNames.length ? ` (wrong: ${r.wrongNames.join(', ')})` : ''} ${r.counterexample ?? ''} ${r.durationMs} ms`);
        }
      }
    }
    all[run.label] = results;
    const byMutant = new Map<string, MutantResult[]>();
    for (const r of results) byMutant.set(r.id, [...(byMutant.get(r.id) ?? []), r]);
    const caughtEverywhere = [...byMutant.values()].filter((rs) => rs.every((r) => r.caught)).length;
    const nameable = mutants.filter((m) => m.names.length > 0);
    const namedEverywhere = nameable.filter((m) => byMutant.get(m.id)!.every((r) => r.caught && r.namedRight)).length;
    const wrong = [...byMutant.entries()].filter(([, rs]) => rs.some((r) => r.wrongNames.length > 0));
    const sizes = results.filter((r) => r.counterexampleSize !== undefined).map((r) => r.counterexampleSize!);
    const causes = results.filter((r) => r.caught).map((r) => r.causes);
    console.log('');
    console.log(`== ${run.label}, seeds ${run.seeds.join(',')} ==`);
    console.log(`mutation score: ${caughtEverywhere}/${mutants.length} caught on every seed (${results.filter((r) => r.caught).length}/${results.length} runs)`);
    console.log(`naming score:   ${namedEverywhere}/${nameable.length} nameable mutants named on every seed; ${wrong.length} mutant(s) given a wrong name${wrong.length ? ': ' + wrong.map(([id, rs]) => `${id} (${[...new Set(rs.flatMap((r) => r.wrongNames))].join(', ')})`).join('; ') : ''}`);
    console.log(`median counterexample size: ${median(sizes)} (JSON length of the request line); median distinct causes per caught run: ${median(causes)}`);
    console.log('');
    const missed = [...byMutant.entries()].filter(([, rs]) => rs.some((r) => !r.caught));
    if (missed.length) console.log(`missed on some seed: ${missed.map(([id, rs]) => `${id} (${rs.filter((r) => !r.caught).map((r) => r.seed).join(',')})`).join('; ')}`);
    const unnamed = nameable.filter((m) => byMutant.get(m.id)!.some((r) => r.caught && !r.namedRight));
    if (unnamed.length) console.log(`not named on some seed: ${unnamed.map((m) => m.id).join('; ')}`);
    const split = [...byMutant.entries()].filter(([, rs]) => rs.some((r) => r.caught && r.causes > 1));
    console.log(`one cause: ${results.filter((r) => r.caught && r.causes === 1).length}/${results.filter((r) => r.caught).length} caught runs${split.length ? `; more than one on some seed: ${split.map(([id, rs]) => `${id} (${rs.filter((r) => r.causes > 1).map((r) => `seed ${r.seed}: ${r.causes}`).join(', ')})`).join('; ')}` : ''}`);
    if (wrong.length) {
      // A wrong name is the one outcome the checker must never give: fail the run, loudly.
      problems += wrong.length;
      console.error(`✗ WRONG NAME: ${wrong.map(([id, rs]) => `${id} was named ${[...new Set(rs.flatMap((r) => r.wrongNames))].join(', ')} on seed(s) ${rs.filter((r) => r.wrongNames.length > 0).map((r) => r.seed).join(',')}`).join('; ')}`);
    }
    console.log('');
  }
  if (json) writeFileSync(json, JSON.stringify({ mutants: MUTANTS, results: all }, null, 2));
  process.exitCode = problems > 0 ? 1 : 0;
}

await main();

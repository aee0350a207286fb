/** `pnpm bench`: runs every benchmark side by side in one process and prints each figure beside its baseline. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { addSignerBenchmarks } from './signer.js';

const bench = new Bench({ time: Number(process.env.SIGKIT_BENCH_MS ?? 1000), warmupTime: 200 });
addSignerBenchmarks(bench);
await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  const throughput = result && 'throughput' in result ? result.throughput.mean : 0;
  const p99 = result && 'latency' in result ? result.latency.p99 : undefined;
  return { name: task.name, opsPerSecond: Math.round(throughput), p99Ms: p99 };
});
const floorOf = (name: string) => rows.find((r) => r.name === name.replace(/: sigkit .*$/, ': floor'));
console.table(
  rows.map((r) => {
    const floor = floorOf(r.name);
    return { task: r.name, 'ops/s': r.opsPerSecond.toLocaleString('en'), 'vs floor': floor && floor !== r ? (r.opsPerSecond / floor.opsPerSecond).toFixed(2) + '×' : '' };
  }),
);
const out = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2) + '\n');
console.log(`results written to ${out}`);

/**
 * `pnpm bench`: every benchmark of the project, each figure beside its baseline measured in the same
 * run. A full run writes bench/results.json and the table of docs/BENCHMARKS.md. `--quick` shortens
 * every measurement (a smoke run) and `--only signer,paging,…` picks sections; such runs write
 * bench/results.partial.json instead (not committed), so they never replace the full figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { adapterThroughput, inProcessThroughput } from './conformance.js';
import { coldStart } from './coldStart.js';
import { addPagingBenchmarks, mockMemory, mockRejections, mockVersusBareExpress } from './mock.js';
import { proxyVersusDirect, wrkAvailable, type LoadClient } from './proxy.js';
import { BUILT_CLI, ROOT } from './processes.js';
import { addSignerBenchmarks, checkSignerBaselinesAgree } from './signer.js';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ALL_SECTIONS = 'signer,mock,rejections,memory,coldstart,conformance,paging,proxy';
const sections = new Set((onlyArg ?? ALL_SECTIONS).split(','));

interface Row {
  section: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

async function microBench(add: (bench: Bench) => void | Promise<void>): Promise<Map<string, number>> {
  const bench = new Bench({ time: quick ? 200 : 2000, warmupTime: quick ? 50 : 300 });
  await add(bench);
  await bench.run();
  const out = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result;
    out.set(task.name, result && 'throughput' in result ? result.throughput.mean : 0);
  }
  return out;
}

if (sections.has('signer')) {
  checkSignerBaselinesAgree();
  const ops = await microBench(addSignerBenchmarks);
  raw.signer = Object.fromEntries(ops);
  for (const group of new Set([...ops.keys()].map((k) => k.split(' | ')[0]!))) {
    const floor = ops.get(`${group} | floor`)!;
    const sigkit = ops.get(`${group} | sigkit`)!;
    const r = ratio(sigkit, floor);
    rows.push({ section: 'signer', figure: `${group}: sigkit ops/s`, value: fmt(sigkit), baseline: `floor ${fmt(floor)}`, ratio: `${r.toFixed(2)}×`, target: '≥ 0.8× floor', met: r >= 0.8 });
    const cryptoJs = ops.get(`${group} | crypto-js`);
    if (cryptoJs !== undefined) {
      const c = ratio(sigkit, cryptoJs);
      rows.push({ section: 'signer', figure: `${group}: vs crypto-js`, value: fmt(sigkit), baseline: `crypto-js ${fmt(cryptoJs)}`, ratio: `${c.toFixed(1)}×`, target: '≥ 5× crypto-js', met: c >= 5 });
    }
  }
}

const needsBuild = ['mock', 'rejections', 'memory', 'coldstart', 'proxy'].some((s) => sections.has(s));
if (needsBuild) {
  // The processes run the built CLI, as users do, not TypeScript through a loader.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', ...['signer', 'mock-server', 'conformance', 'cli'].map((p) => `packages/${p}/tsconfig.build.json`)], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(BUILT_CLI)) throw new Error(`no ${BUILT_CLI} after the build`);
}

if (sections.has('mock')) {
  const figures = await mockVersusBareExpress(quick ? 2 : 10);
  raw.mock = figures;
  const pairs = [['GET /devices?_page=0&_size=20 (xConnect)', figures.sigkitDevices, figures.bareDevices], ['POST monPublic.getMem (KX)', figures.sigkitGetMem, figures.bareGetMem]] as const;
  for (const [name, sigkit, bare] of pairs) {
    if (!sigkit || !bare) continue;
    const r = ratio(sigkit.requestsPerSecond, bare.requestsPerSecond);
    rows.push({
      section: 'mock', figure: `${name}: req/s (p50/p99 ms)`, value: `${fmt(sigkit.requestsPerSecond)} (${sigkit.p50Ms}/${sigkit.p99Ms})`,
      baseline: `bare Express ${fmt(bare.requestsPerSecond)} (${bare.p50Ms}/${bare.p99Ms})`, ratio: `${r.toFixed(2)}×`, target: '≥ 0.75× bare Express', met: r >= 0.75 && sigkit.non2xx === 0,
    });
  }
}

if (sections.has('rejections')) {
  const { accepted, rejected } = await mockRejections(quick ? 2 : 10);
  raw.rejections = { accepted, rejected };
  const r = ratio(rejected.requestsPerSecond, accepted.requestsPerSecond);
  rows.push({
    section: 'mock', figure: 'GET /devices, wrong secret (401): req/s (p50/p99 ms)', value: `${fmt(rejected.requestsPerSecond)} (${rejected.p50Ms}/${rejected.p99Ms})`,
    baseline: `right secret ${fmt(accepted.requestsPerSecond)} (${accepted.p50Ms}/${accepted.p99Ms})`, ratio: `${r.toFixed(2)}×`, target: '≥ 0.5× accepted', met: r >= 0.5,
  });
}

if (sections.has('memory')) {
  const memory = await mockMemory();
  raw.memory = memory;
  const r = ratio(memory.after200kMiB, memory.after10kMiB);
  rows.push({ section: 'memory', figure: 'RSS after 200,000 requests (MiB)', value: String(memory.after200kMiB), baseline: `after 10,000: ${memory.after10kMiB}`, ratio: `${r.toFixed(2)}×`, target: '≤ 1.2×', met: r <= 1.2 });
}

if (sections.has('coldstart')) {
  const start = await coldStart(quick ? 5 : 20);
  raw.coldStart = start;
  const { floor, sign, version, mock } = start.medianMs;
  const runs = (name: keyof typeof start.runsMs) => `runs ${start.runsMs[name].join(', ')}`;
  rows.push({ section: 'cold start', figure: '`node -e 0`: spawn → exit, median (ms)', value: String(floor), baseline: runs('floor'), ratio: '', target: 'the floor', met: null });
  // Issue 12: a one-shot command within 3× Node's own start-up; the mock listening within 2× it plus 100 ms.
  for (const [figure, value] of [['`sigkit sign xconnect GET /devices`', sign], ['`sigkit --version`', version]] as const) {
    const r = ratio(value, floor);
    rows.push({ section: 'cold start', figure: `${figure}: spawn → exit, median (ms)`, value: String(value), baseline: `node -e 0 ${floor}`, ratio: `${r.toFixed(2)}×`, target: '≤ 3× node -e 0', met: r <= 3 });
  }
  const limit = 2 * floor + 100;
  rows.push({ section: 'cold start', figure: '`sigkit mock --port 0`: spawn → listening line, median (ms)', value: String(mock), baseline: `node -e 0 ${floor}; ${runs('mock')}`, ratio: `${ratio(mock, floor).toFixed(2)}×`, target: `≤ 2× node -e 0 + 100 ms (${limit})`, met: mock <= limit });
}

if (sections.has('conformance')) {
  // A first, unmeasured run (of other cases) warms the JIT, as tinybench does for the signer figures.
  await inProcessThroughput(quick ? 500 : 3000, 2);
  const inProcess = await inProcessThroughput(quick ? 2000 : 20_000);
  const adapter = await adapterThroughput(quick ? 500 : 2000);
  raw.conformance = { inProcess, adapter };
  rows.push({ section: 'conformance', figure: 'generated cases/s, in process', value: fmt(inProcess.casesPerSecond), baseline: `${inProcess.cases} cases in ${inProcess.seconds} s`, ratio: '', target: '≥ 20,000/s', met: inProcess.casesPerSecond >= 20_000 });
  rows.push({ section: 'conformance', figure: 'generated cases/s, Python adapter', value: fmt(adapter.casesPerSecond), baseline: `${adapter.cases} cases in ${adapter.seconds} s`, ratio: '', target: '≥ 2,000/s', met: adapter.casesPerSecond >= 2000 });
}

if (sections.has('paging')) {
  const ops = await microBench(addPagingBenchmarks);
  raw.paging = Object.fromEntries(ops);
  const first = ops.get('telemetry paging | page 0')!;
  const far = ops.get('telemetry paging | page 10000')!;
  const r = ratio(first, far);
  rows.push({ section: 'paging', figure: 'page 10,000 of a year of per-minute telemetry (req/s)', value: fmt(far), baseline: `page 0 ${fmt(first)}`, ratio: `${r.toFixed(2)}× slower`, target: '≤ 2× slower', met: r <= 2 });
}

if (sections.has('proxy')) {
  // Issue 17: through the verifying proxy at least 0.7× the requests per second of the mock alone,
  // at 50 connections. The client, the proxy and the mock share the machine's cores, so the client's
  // own CPU is taken from the proxy: the target is judged with wrk (C, a few µs a request), and the
  // same comparison with autocannon (in this process, about 30 µs a request) stands beside it,
  // unjudged (docs/BENCHMARKS.md, the proxy, round four). Without wrk the target is not measured.
  const TARGET = '≥ 0.7× direct at 50 connections';
  const hasWrk = wrkAvailable();
  if (!hasWrk) {
    console.warn('wrk is not installed (apt-get install wrk): the proxy\'s target is judged with wrk, so it is not measured in this run (docs/BENCHMARKS.md)');
    rows.push({ section: 'proxy', figure: 'GET /devices through sigkit proxy, wrk: req/s (p50/p99 ms)', value: 'not measured: wrk is not installed', baseline: '', ratio: '', target: TARGET, met: false });
  }
  raw.proxy = {};
  for (const client of (hasWrk ? ['wrk', 'autocannon'] : ['autocannon']) as LoadClient[]) {
    const judged = client === 'wrk';
    const { direct, proxied } = await proxyVersusDirect(quick ? 2 : 10, client);
    (raw.proxy as Record<string, unknown>)[client] = { direct, proxied };
    const r = ratio(proxied.requestsPerSecond, direct.requestsPerSecond);
    rows.push({
      section: 'proxy', figure: `GET /devices through sigkit proxy, ${judged ? 'wrk' : 'autocannon in the bench process'}: req/s (p50/p99 ms)`, value: `${fmt(proxied.requestsPerSecond)} (${proxied.p50Ms}/${proxied.p99Ms})`,
      baseline: `mock direct ${fmt(direct.requestsPerSecond)} (${direct.p50Ms}/${direct.p99Ms}); added p50 ${(proxied.p50Ms - direct.p50Ms).toFixed(1)} ms, p99 ${(proxied.p99Ms - direct.p99Ms).toFixed(1)} ms`,
      ratio: `${r.toFixed(2)}×`,
      target: judged ? TARGET : '', met: judged ? r >= 0.7 && proxied.non2xx === 0 && direct.non2xx === 0 : null,
    });
    // CPU per request says where the time goes whatever else the machine runs.
    rows.push({
      section: 'proxy', figure: `CPU per request through the proxy, ${client} (µs): proxy / mock / client`, value: `${proxied.proxyCpuUs} / ${proxied.mockCpuUs} / ${proxied.clientCpuUs}`,
      baseline: `direct: mock ${direct.mockCpuUs} / client ${direct.clientCpuUs}`, ratio: '', target: '', met: null,
    });
  }
}

console.table(rows.map((r) => ({ figure: r.figure, value: r.value, baseline: r.baseline, ratio: r.ratio, target: r.target, met: r.met === null ? '' : r.met ? 'yes' : 'NO' })));

const results = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, quick, rows, raw };
const fullRun = !quick && sections.size === ALL_SECTIONS.split(',').length;
const resultsFile = fullRun ? 'bench/results.json' : 'bench/results.partial.json';
writeFileSync(join(ROOT, resultsFile), JSON.stringify(results, null, 2) + '\n');

// docs/BENCHMARKS.md keeps its prose; only the block between the markers is replaced.
const docPath = join(ROOT, 'docs/BENCHMARKS.md');
const table = [
  `Measured ${results.date.slice(0, 10)} on Node ${results.node}, ${results.cpus} cores${quick ? ' (quick run)' : ''}; every ratio is between two figures of the same run.`,
  '',
  '| section | figure | value | baseline | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.section} | ${r.figure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`),
].join('\n');
if (fullRun && existsSync(docPath)) {
  const doc = readFileSync(docPath, 'utf8');
  const updated = doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${table}\n<!-- bench:end -->`);
  writeFileSync(docPath, updated);
  console.log('docs/BENCHMARKS.md updated');
}
console.log(`results written to ${resultsFile}`);

/** Cold start of the built CLI beside Node's own start-up (`node -e 0`), measured in turns in one run. */
import { spawn } from 'node:child_process';
import { BUILT_CLI, median, ROOT, spawnListening } from './processes.js';

/** What a cold start measures: each one-shot command's spawn to exit, and the mock's spawn to its listening line. */
export const COLD_START_COMMANDS = {
  floor: ['-e', '0'],
  sign: [BUILT_CLI, 'sign', 'xconnect', 'GET', '/devices'],
  version: [BUILT_CLI, '--version'],
} as const;

/** Milliseconds of every run of each measurement, and their medians. */
export interface ColdStartFigures {
  runsMs: Record<keyof typeof COLD_START_COMMANDS | 'mock', number[]>;
  medianMs: Record<keyof typeof COLD_START_COMMANDS | 'mock', number>;
}

/** Spawns `node args…` and resolves with the milliseconds to its exit; a failed command fails the benchmark (a quick error is no start-up figure). */
function timeToExit(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node ${args.join(' ')} exited ${signal ?? code}`));
    });
  });
}

/**
 * Measures `runs` turns of: `node -e 0`, `sigkit sign xconnect GET /devices`, `sigkit --version`
 * and `sigkit mock --port 0` to its listening line, after one turn that is not counted (it warms
 * the file cache). Taking them in turns, rather than each in a block, gives every figure the same
 * share of whatever else the machine is doing, so their ratios hold on a busy machine.
 */
export async function coldStart(runs: number): Promise<ColdStartFigures> {
  const runsMs: ColdStartFigures['runsMs'] = { floor: [], sign: [], version: [], mock: [] };
  for (let turn = -1; turn < runs; turn += 1) {
    const floor = await timeToExit(COLD_START_COMMANDS.floor);
    const sign = await timeToExit(COLD_START_COMMANDS.sign);
    const version = await timeToExit(COLD_START_COMMANDS.version);
    const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
    await mock.stop();
    if (turn < 0) continue;
    runsMs.floor.push(Math.round(floor));
    runsMs.sign.push(Math.round(sign));
    runsMs.version.push(Math.round(version));
    runsMs.mock.push(Math.round(mock.startMs));
  }
  const medianMs = Object.fromEntries(Object.entries(runsMs).map(([name, values]) => [name, Math.round(median(values))])) as ColdStartFigures['medianMs'];
  return { runsMs, medianMs };
}

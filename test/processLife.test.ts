/**
 * The README's start command as a supervisor and a terminal stop it: SIGTERM to the top process
 * (npm exec, which runs pnpm, which runs the mock), or Ctrl-C's SIGINT to the whole process group.
 * Either must stop the mock and free its port within a second, exit 0 and print no ELIFECYCLE.
 * It runs the built CLI, as `pnpm start` does: the README's install builds it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { accepts } from './support/ports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
/** The pnpm of the README, through npx as a new user has it. */
const PNPM = ['--yes', 'pnpm@10.34.9'];
/** The issue asks for 1 s; a loaded 2-core machine gets a little slack, a mock left running gets none. */
const STOP_DEADLINE_MS = 1_500;

const started: ChildProcess[] = [];

afterAll(() => {
  // Whatever a failed case left behind (each start is the leader of its own process group).
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
});

function requireBuiltCli(): void {
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run the README's install (npx --yes pnpm@10.34.9 install --frozen-lockfile), which builds it`);
}

/** Starts `npx pnpm start --port 0` in a process group of its own and resolves with the mock's port once it listens. */
async function startMock(): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  requireBuiltCli();
  const child = spawn('npx', [...PNPM, 'start', '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 60 s:\n${text}`)), 60_000);
    const look = () => {
      const match = /sigkit mock listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => reject(new Error(`the start command ended (${signal ?? code}) before listening:\n${text}`)));
  });
  return { child, port, output: () => text, exited };
}

/** Whether any process is left in the group. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopAndCheck(signal: 'SIGTERM' | 'SIGINT', target: 'top process' | 'process group'): Promise<void> {
  const { child, port, output, exited } = await startMock();
  expect(await accepts(port)).toBe(true);
  const sentAt = performance.now();
  process.kill(target === 'top process' ? child.pid! : -child.pid!, signal);
  const outcome = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), STOP_DEADLINE_MS))]);
  const elapsed = performance.now() - sentAt;
  expect(outcome, `the top process after ${signal} to the ${target} (${elapsed.toFixed(0)} ms); output:\n${output()}`).toEqual({ code: 0, signal: null });
  expect(await accepts(port), `port ${port} after the start command exited`).toBe(false);
  expect(groupAlive(child.pid!), 'a process of the start command still running').toBe(false);
  expect(output()).not.toContain('ELIFECYCLE');
}

describe("the README's start command (npx pnpm start)", () => {
  it('stops the mock, frees the port and exits 0 on SIGTERM to the top process', async () => {
    await stopAndCheck('SIGTERM', 'top process');
  });

  it('stops the mock, frees the port and exits 0 on Ctrl-C (SIGINT to the process group), without ELIFECYCLE', async () => {
    await stopAndCheck('SIGINT', 'process group');
  });
});

describe('the built sigkit', () => {
  it('prints the version of @sigkit/cli for --version and -V', () => {
    requireBuiltCli();
    const { version } = JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = spawnSync(process.execPath, [BUILT_BIN, flag], { encoding: 'utf8' });
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

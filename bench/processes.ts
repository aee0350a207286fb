/** Starting and measuring the processes the benchmarks drive: the built sigkit mock and a bare Express server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILT_CLI = join(ROOT, 'packages/cli/dist/bin.js');

/** A child process that printed `… listening on http://HOST:PORT`. */
export interface Listening {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the listening line. */
  startMs: number;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves once it prints a line with `listening on <url>`. */
export function spawnListening(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Listening> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no listening line from node ${args.join(' ')}`)), 30_000);
    lines.on('line', (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      const startMs = performance.now() - started;
      resolve({
        child, url: match[1]!, startMs,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => reject(new Error(`node ${args.join(' ')} exited ${code} before listening`)));
  });
}

/** Resident memory of a process in MiB (Linux /proc). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kib / 1024) * 10) / 10;
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `check --live`: runs a client command against a fresh mock on a free port, then judges it by the mock's journal. */
import { spawn } from 'node:child_process';
import { createMockServer, GUIDE_API_KEY, GUIDE_SECRET_KEY, type JournalEntry, type MockServerOptions } from '@sigkit/mock-server';
import { ConformanceError } from '../errors.js';

/** Options of {@link checkLive}. */
export interface CheckLiveOptions {
  /** The command and its arguments; a single string runs through the shell. */
  command: readonly string[];
  cwd?: string;
  /** Extra environment for the command (the mock's variables are added on top). */
  env?: NodeJS.ProcessEnv;
  /** Options of the mock (seed, profile, credentials, …). */
  mock?: MockServerOptions;
  /** Where the command's output goes (default: this process's stdout and stderr). */
  stdout?: { write(chunk: string | Uint8Array): unknown };
  stderr?: { write(chunk: string | Uint8Array): unknown };
  /** Kill the command after this long, ms (default: no limit). */
  timeoutMs?: number;
}

/** One request the mock rejected, with what it found. */
export interface LiveRejection {
  journalId: number;
  method: string;
  target: string;
  status: number | null;
  platform: string | null;
  code: string;
  message: string;
  /** The known client mistake(s) that reproduce the signature, when the mock found them. */
  deviation: string[] | null;
}

/** The result of {@link checkLive}. */
export interface LiveReport {
  ok: boolean;
  /** Why it failed, one sentence each (empty when ok). */
  problems: string[];
  /** The mock's base URL during the run. */
  url: string;
  /** The environment given to the command. */
  environment: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  requests: number;
  byPlatform: Record<string, number>;
  rejected: number;
  /** The rejected requests still in the journal (all of them unless the journal overflowed). */
  rejections: LiveRejection[];
  /** Requests the mock itself failed on (5xx that were not injected): should never happen. */
  mockErrors: number;
}

function deviationOf(diagnosis: unknown): string[] | null {
  if (typeof diagnosis !== 'object' || diagnosis === null) return null;
  const deviation = (diagnosis as { deviation?: unknown }).deviation;
  if (typeof deviation !== 'object' || deviation === null) return null;
  const flags = (deviation as { flags?: unknown }).flags;
  return Array.isArray(flags) && flags.every((f) => typeof f === 'string') ? (flags as string[]) : null;
}

function rejectionOf(entry: JournalEntry): LiveRejection {
  return {
    journalId: entry.id,
    method: entry.method,
    target: entry.target,
    status: entry.response.status,
    platform: entry.platform,
    code: entry.verdict?.code ?? 'unverified',
    message: entry.verdict?.message ?? entry.error ?? '',
    deviation: deviationOf(entry.verdict?.diagnosis),
  };
}

/**
 * Starts the mock on a free port of 127.0.0.1, runs `command` with `SIGKIT_URL`,
 * `XCONNECT_BASE_URL`, `XCONNECT_API_KEY`, `XCONNECT_SECRET_KEY`, `KX_HOST_PORT`, `KX_USER` and
 * `KX_PASSWORD` set, waits for it, and reads the journal. The run fails when the command fails,
 * when the mock rejected any request, or when no request reached the mock.
 *
 * @example
 * ```ts
 * const report = await checkLive({ command: ['python3', 'examples/python/xconnect_client.py'] });
 * if (!report.ok) console.error(report.problems.join('\n'));
 * ```
 */
export async function checkLive(options: CheckLiveOptions): Promise<LiveReport> {
  if (!Array.isArray(options.command) || options.command.length === 0 || options.command.some((part) => typeof part !== 'string' || part === '')) {
    throw new ConformanceError('INVALID_OPTIONS', 'check --live needs the command to run after "--"', { expected: 'sigkit check --live -- python3 my_client.py' });
  }
  const mock = createMockServer(options.mock ?? {});
  const { url, port } = await mock.listen(0, '127.0.0.1');
  try {
    const environment: Record<string, string> = {
      SIGKIT_URL: url,
      XCONNECT_BASE_URL: url,
      XCONNECT_API_KEY: GUIDE_API_KEY,
      XCONNECT_SECRET_KEY: GUIDE_SECRET_KEY,
      KX_HOST_PORT: `127.0.0.1:${port}`,
      KX_USER: 'kxSupport',
      KX_PASSWORD: '12345678',
    };
    const { exitCode, signal, spawnError } = await runCommand(options, environment);
    const stats = mock.core.journal.stats();
    const rejections = mock.core.journal.list({ ok: false, limit: Number.MAX_SAFE_INTEGER }).entries.map(rejectionOf);
    const problems: string[] = [];
    if (spawnError) problems.push(`the command could not be started: ${spawnError}`);
    else if (signal !== null) problems.push(`the command was killed by ${signal}`);
    else if (exitCode !== 0) problems.push(`the command exited with status ${exitCode}`);
    if (stats.rejected > 0) problems.push(`the mock rejected ${stats.rejected} of ${stats.requests} requests`);
    if (stats.errors > 0) problems.push(`the mock failed on ${stats.errors} requests (a sigkit bug: please report it)`);
    if (stats.requests === 0) problems.push(`no request reached the mock at ${url}: does the command read XCONNECT_BASE_URL / KX_HOST_PORT?`);
    return {
      ok: problems.length === 0,
      problems,
      url,
      environment,
      exitCode,
      signal,
      requests: stats.requests,
      byPlatform: stats.byPlatform,
      rejected: stats.rejected,
      rejections,
      mockErrors: stats.errors,
    };
  } finally {
    await mock.close();
  }
}

function runCommand(options: CheckLiveOptions, environment: Record<string, string>): Promise<{ exitCode: number | null; signal: string | null; spawnError?: string }> {
  const [file, ...args] = options.command;
  const child = spawn(file!, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, ...environment },
    shell: options.command.length === 1,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = options.stdout ?? process.stdout;
  const err = options.stderr ?? process.stderr;
  child.stdout.on('data', (chunk: Buffer) => out.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.write(chunk));
  return new Promise((resolve) => {
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, spawnError: error.message });
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal });
    });
  });
}

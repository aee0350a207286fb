/** Runs sigkit's commands in process, as `runSigkit` would, capturing output and exit status: the platform commands (kx, xconnect, sign), or any others. */
import { createServer } from 'node:net';
import { Command, CommanderError } from 'commander';
import type { FetchLike } from '@sigkit/signer/client';
import { registerKxCommand } from '../src/commands/kx.js';
import type { PlatformCommandIo } from '../src/commands/platformIo.js';
import { registerSignCommand } from '../src/commands/sign.js';
import { registerXConnectCommand } from '../src/commands/xconnect.js';

/** What one run printed and how it ended. */
export interface CliRun {
  stdout: string;
  stderr: string;
  /** As the binary ends: the status the command set, else 0; 2 for commander's parse errors, as `runSigkit` maps them. */
  exitCode: number;
}

/** Options of a run: environment (exactly this one; default empty), working directory (default: as the binary finds it), a fetch to send through, a TTY stderr. */
export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  fetch?: FetchLike;
  stderrIsTTY?: boolean;
}

/** A command's `register…Command(program, io)`. */
export type RegisterCommand = (program: Command, io: Partial<PlatformCommandIo>) => unknown;

/**
 * Runs `sigkit <args>` in process, with the given commands registered on a fresh program whose
 * streams, environment and exit status are captured (nothing reaches the process's own). An error
 * other than commander's is thrown, so that a test sees it whole.
 */
export async function runCommands(commands: readonly RegisterCommand[], args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const io: Partial<PlatformCommandIo> = {
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text), isTTY: options.stderrIsTTY ?? false },
    env: options.env ?? {},
    // Without a cwd, the command takes the user's directory as the sigkit binary does (INIT_CWD under pnpm sigkit).
    ...(options.cwd !== undefined && { cwd: options.cwd }),
    setExitCode: (code) => (exitCode = code),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
  };
  const program = new Command('sigkit')
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  for (const register of commands) register(program, io);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode === 0 ? 0 : 2;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: exitCode ?? 0 };
}

/** Runs `sigkit <args>` with the kx, xconnect and sign commands (see {@link runCommands}). */
export function sigkit(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  return runCommands([registerKxCommand, registerXConnectCommand, registerSignCommand], args, options);
}

/** The JSON lines of a text (e.g. the `--trace` output on stderr), skipping other lines. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A local port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  return port;
}

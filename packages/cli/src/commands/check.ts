/** The `sigkit check` command: runs a client's signer (or a server's verifier) through the conformance suite via an adapter. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { KX_VARIANT_NAMES, SigkitError, type KxVariantName, type XConnectVersion } from '@sigkit/signer';
import type { ConformanceReport, LiveReport, Progress } from '@sigkit/conformance';
import pc from 'picocolors';
import { callerDirectory } from './callerDirectory.js';

/** Where a command writes and how it ends; injectable so that tests can capture everything. */
export interface CommandIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The directory relative paths are resolved against: the user's, under `pnpm sigkit` too (see {@link callerDirectory}). */
  cwd: string;
  /** Sets the exit status (default: `process.exitCode`, so that output is flushed before exit). */
  setExitCode(code: number): void;
}

/** Exit statuses of `check` and `explain`: 0 pass, 1 conformance failure, 2 the command could not run as asked. */
export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

/** The process's own streams, environment and exit status. @internal */
export function commandIo(overrides: Partial<CommandIo> = {}): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: callerDirectory(overrides.env ?? process.env),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    ...overrides,
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set to something (no-color.org). @internal */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env['NO_COLOR'] && env['TERM'] !== 'dumb';
}

/** Reports `sigkit <command>: <message>` on one line and sets the usage exit status. @internal */
export function usageError(io: CommandIo, command: string, error: unknown): void {
  const message = error instanceof SigkitError ? `${error.message}${error.expected ? ` (expected ${error.expected})` : ''}` : error instanceof Error ? error.message : String(error);
  io.stderr.write(`sigkit ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  io.setExitCode(EXIT.usage);
}

const positiveInteger = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return Number(value);
};

const versionList = (value: string): XConnectVersion[] => {
  const versions = value.split(',').map((v) => v.trim());
  if (versions.some((v) => !['0', '1', '2'].includes(v))) throw new InvalidArgumentError('versions are 0, 1 or 2, comma-separated (e.g. 1 or 0,1,2).');
  return [...new Set(versions.map(Number) as XConnectVersion[])];
};

const profileName = (value: string): KxVariantName | 'default' => {
  if (value === 'default' || (KX_VARIANT_NAMES as readonly string[]).includes(value)) return value as KxVariantName | 'default';
  throw new InvalidArgumentError(`profiles are default, ${KX_VARIANT_NAMES.join(', ')}.`);
};

interface ReportTarget {
  kind: 'json' | 'junit';
  file: string;
}

const reportTarget = (value: string, previous: ReportTarget[] = []): ReportTarget[] => {
  const match = /^(json|junit)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('reports are json=FILE or junit=FILE (FILE "-" is standard output).');
  return [...previous, { kind: match[1] as ReportTarget['kind'], file: match[2]! }];
};

interface CheckCommandOptions {
  scheme?: 'xconnect' | 'kx';
  role: 'signer' | 'verifier';
  adapter?: string;
  live?: boolean;
  cases: number;
  seed?: number;
  versions?: XConnectVersion[];
  profile?: KxVariantName | 'default';
  /** xconnect signers: `kit` (default) or `moonstone`, the published platform's reading of a request. */
  platform?: 'kit' | 'moonstone';
  report?: ReportTarget[];
  vectors?: string;
  timeout?: number;
  caseTimeout?: number;
  progress: boolean;
}

/**
 * Registers `sigkit check` on a commander program.
 *
 * ```
 * sigkit check --scheme xconnect|kx --adapter "<command>" [--role signer|verifier] [--cases 2000]
 *              [--seed N] [--versions 1] [--platform kit|moonstone] [--profile default|<variant>] [--report junit=FILE]
 *              [--report json=FILE] [--vectors DIR] [--timeout S] [--case-timeout S] [--no-progress]
 * sigkit check --live [--seed N] -- <command …>
 * ```
 * Exit status: 0 every case passed, 1 a case failed (or the adapter could not be kept running),
 * 2 the options or the environment do not allow a run. With `--live`: 0 the command succeeded,
 * every request reached the mock and none was rejected; 1 otherwise.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerCheckCommand(program);
 * await program.parseAsync(process.argv);
 * ```
 */
export function registerCheckCommand(program: Command, overrides: Partial<CommandIo> = {}): Command {
  const io = commandIo(overrides);
  return program
    .command('check')
    .description("check a client's signer (or a server's verifier) against the vectors and generated cases, through an adapter (see PROTOCOL.md)")
    .addOption(new Option('--scheme <scheme>', 'signing scheme (required with --adapter)').choices(['xconnect', 'kx']))
    .option('--adapter <command>', 'the adapter command, run once through the shell')
    .addOption(new Option('--role <role>', 'what the adapter implements').choices(['signer', 'verifier']).default('signer'))
    .option('--cases <n>', 'generated cases', positiveInteger('--cases'), 2000)
    .option('--seed <n>', 'seed of the generated cases (default: random, printed)', positiveInteger('--seed'))
    .option('--versions <list>', 'xconnect: signature versions implemented, e.g. 1 or 0,1,2 (default 1)', versionList)
    .option('--profile <name>', `kx: the server profile, default or one of ${KX_VARIANT_NAMES.join(', ')}`, profileName)
    .addOption(new Option('--platform <name>', 'xconnect signers: also hold requests to the published platform\'s reading (docs/spec/xconnect.md §3b), e.g. of a body that is not UTF-8').choices(['kit', 'moonstone']))
    .option('--report <kind=file>', 'also write the report: json=FILE or junit=FILE (repeatable; FILE - is stdout)', reportTarget)
    .option('--vectors <dir>', 'the vectors folder (default: the repository\'s, or $SIGKIT_VECTORS)')
    .option('--timeout <seconds>', 'stop sending new cases after this long', positiveInteger('--timeout'))
    .option('--case-timeout <seconds>', 'how long the adapter may go without answering (default 15)', positiveInteger('--case-timeout'))
    .option('--no-progress', 'no progress bar')
    .option('--live', 'start the mock on a free port, run the command after "--" against it (XCONNECT_* and KX_* set), then fail on any rejected request')
    .argument('[command...]', 'with --live: the client command to run, after "--"')
    .action(async (command: string[], options: CheckCommandOptions) => {
      try {
        if (options.live) await runLive(command, options, io);
        else if (command.length > 0) throw new Error(`unexpected arguments "${command.join(' ')}": a client command goes after --live --`);
        else await runCheck(options, io);
      } catch (error) {
        usageError(io, 'check', error);
      }
    });
}

async function runCheck(options: CheckCommandOptions, io: CommandIo): Promise<void> {
  // Loaded when the command runs, so that `sigkit mock` starts without the conformance kit.
  const { checkAdapter, formatReport, toJson, toJunit } = await import('@sigkit/conformance');
  if (options.scheme === undefined) throw new Error("--scheme xconnect|kx is required with --adapter");
  if (options.adapter === undefined || options.adapter.trim() === '') throw new Error("--adapter <command> is required (e.g. --adapter \"python3 my_adapter.py\")");
  if (options.scheme === 'xconnect' && options.profile !== undefined) throw new Error('--profile applies to --scheme kx; xconnect takes --versions');
  if (options.scheme === 'kx' && options.versions !== undefined) throw new Error('--versions applies to --scheme xconnect; kx takes --profile');
  if (options.platform !== undefined && (options.scheme !== 'xconnect' || options.role !== 'signer')) throw new Error('--platform applies to --scheme xconnect --role signer');

  const bar = options.progress && io.stderr.isTTY === true ? await progressBar(io) : undefined;
  let report: ConformanceReport;
  try {
    report = await checkAdapter({
      scheme: options.scheme,
      role: options.role,
      command: options.adapter,
      cwd: io.cwd,
      env: { ...io.env, PYTHONUNBUFFERED: '1' },
      cases: options.cases,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.versions !== undefined && { versions: options.versions }),
      ...(options.profile !== undefined && options.profile !== 'default' && { profile: options.profile }),
      ...(options.platform !== undefined && { platform: options.platform }),
      ...(options.vectors !== undefined && { vectorsDir: resolve(io.cwd, options.vectors) }),
      ...(options.timeout !== undefined && { timeLimitMs: options.timeout * 1000 }),
      ...(options.caseTimeout !== undefined && { stallTimeoutMs: options.caseTimeout * 1000 }),
      ...(bar && { onProgress: bar.update }),
    });
  } finally {
    bar?.stop();
  }

  let printed = false;
  for (const target of options.report ?? []) {
    const text = target.kind === 'json' ? toJson(report) : toJunit(report);
    if (target.file === '-') {
      io.stdout.write(text);
      printed = true;
    } else writeFileSync(resolve(io.cwd, target.file), text);
  }
  // A machine-readable report on stdout keeps stdout parseable: the human one goes to stderr then.
  const human = formatReport(report, { color: colorFor(printed ? io.stderr : io.stdout, io.env) });
  (printed ? io.stderr : io.stdout).write(human);
  io.setExitCode(report.ok ? EXIT.pass : EXIT.fail);
}

/** `check --live`: the client command against a fresh mock, judged by the mock's journal. */
async function runLive(command: string[], options: CheckCommandOptions, io: CommandIo): Promise<void> {
  if (command.length === 0) throw new Error('--live needs the command to run after "--", e.g. sigkit check --live -- python3 my_client.py');
  if (options.adapter !== undefined) throw new Error('--live runs a client command, --adapter an adapter: give one of them');
  const { checkLive } = await import('@sigkit/conformance');
  const report = await checkLive({
    command,
    cwd: io.cwd,
    env: { ...io.env, PYTHONUNBUFFERED: '1' },
    mock: options.seed === undefined ? {} : { seed: options.seed },
    stdout: io.stdout,
    stderr: io.stderr,
  });
  io.stdout.write(formatLiveReport(report, colorFor(io.stdout, io.env)));
  io.setExitCode(report.ok ? EXIT.pass : EXIT.fail);
}

/** The human summary of a live run: counts, then each rejection with the mock's diagnosis. @internal */
export function formatLiveReport(report: LiveReport, color: boolean): string {
  const c = color ? pc : { red: String, green: String, bold: String, dim: String };
  const platforms = Object.entries(report.byPlatform).map(([name, n]) => `${n} ${name}`).join(', ');
  const lines = [
    '',
    c.bold(`sigkit check --live · mock at ${report.url}`),
    `  command: ${report.signal ? `killed by ${report.signal}` : `exit ${report.exitCode ?? '?'}`} · ${report.requests} requests reached the mock${platforms ? ` (${platforms})` : ''} · ${report.rejected} rejected`,
  ];
  for (const r of report.rejections) {
    lines.push(`  ${c.red('✗')} #${r.journalId} ${r.method} ${r.target} → ${r.status ?? 'closed'} ${r.code}: ${r.message}`);
    if (r.deviation) lines.push(`      reproduced by ${r.deviation.join(' + ')}, a known client mistake (vectors/README.md lists them)`);
  }
  if (report.rejections.length < report.rejected) lines.push(c.dim(`  (${report.rejected - report.rejections.length} older rejections left the journal)`));
  lines.push(report.ok ? c.green('✓ PASSED') : c.red(`✗ FAILED: ${report.problems.join('; ')}`), '');
  return lines.join('\n');
}

async function progressBar(io: CommandIo): Promise<{ update: (progress: Progress) => void; stop: () => void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: '{phase} [{bar}] {value}/{total} · {failed} failed',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update(progress) {
      if (progress.phase !== phase) {
        if (phase === undefined) bar.start(progress.total, progress.done, { phase: progress.phase, failed: progress.failed });
        else bar.setTotal(progress.total);
        phase = progress.phase;
      }
      bar.update(progress.done, { phase: progress.phase.padEnd(10), failed: progress.failed });
    },
    stop: () => bar.stop(),
  };
}

/** `sigkit kx`: the guides' KX Connect client: log in, call an analytic, print the table, export CSV, draw the line graph. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { KX_VARIANT_NAMES, type KxVariantName } from '@sigkit/signer';
import { createKxConnectClient, type KxConnectClientOptions } from '@sigkit/signer/client';
import { rowsToCsv } from '../output/csv.js';
import { reportFailure, UsageError, type FailureContext } from '../output/failure.js';
import { isRowList, type Row } from '../output/rows.js';
import { formatTextTable } from '../output/table.js';
import { kxTraceLine } from '../output/trace.js';
import { imageSize, jsonObject } from './argumentValues.js';
import { chooseFetch, DEFAULT_TIMEOUT_SECONDS, platformIo, timeoutSeconds, type PlatformCommandIo } from './platformIo.js';

/** The guides' defaults (seeds 000 and 001): the first of their two users, and the analytic they call. */
export const KX_DEFAULTS = {
  hostPort: '127.0.0.1:8080',
  user: 'kxSupport',
  password: '12345678',
  group: 'monPublic',
  method: 'getMem',
  plotSize: { width: 960, height: 540 },
} as const;

/** The options of `sigkit kx`, as commander parses them. */
export interface KxCommandOptions {
  hp?: string;
  user?: string;
  pw?: string;
  method?: string;
  group: string;
  params?: Record<string, unknown>;
  tls?: boolean;
  insecure?: boolean;
  profile?: KxVariantName | 'default';
  csv?: string | true;
  plot?: string | true;
  plotSize: { width: number; height: number };
  json?: boolean;
  trace?: boolean;
  timeout: number;
}

/** What the positional form (the Node guide's `<host:port> <username> <password> <method>`) gave. */
interface KxPositionals {
  hostPort?: string;
  user?: string;
  password?: string;
  method?: string;
}

const profileName = (value: string): KxVariantName | 'default' => {
  if (value === 'default' || (KX_VARIANT_NAMES as readonly string[]).includes(value)) return value as KxVariantName | 'default';
  throw new InvalidArgumentError(`profiles are default, ${KX_VARIANT_NAMES.join(', ')}.`);
};

/**
 * Registers `sigkit kx` on a commander program.
 *
 * ```
 * sigkit kx [host:port] [user] [password] [method]
 *           [--hp host:port] [--user U] [--pw P] [--method getMem] [--group monPublic] [--params JSON|@file]
 *           [--tls] [--insecure] [--profile NAME] [--csv [FILE]] [--plot [FILE.svg|FILE.png]] [--plot-size WxH]
 *           [--json] [--trace]
 * ```
 * Exit status: 0 done, 1 the platform refused the call or could not be reached (or a file could not
 * be written), 2 the command line cannot be used.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerKxCommand(program);
 * await program.parseAsync(['kx', '--hp', '127.0.0.1:8080', '--method', 'getCPU', '--plot', 'cpu.png'], { from: 'user' });
 * ```
 */
export function registerKxCommand(program: Command, overrides: Partial<PlatformCommandIo> = {}): Command {
  const io = platformIo(overrides);
  return program
    .command('kx')
    .description('call a KX Connect analytic as the guides do: log in, sign, call, print the table; export CSV and draw a line graph')
    .argument('[host:port]', 'positional form of the Node guide: host:port (same as --hp)')
    .argument('[user]', 'positional form: username (same as --user)')
    .argument('[password]', 'positional form: password (same as --pw)')
    .argument('[method]', 'positional form: analytic name (same as --method)')
    .option('--hp <host:port>', `KX Connect host and port, or an http(s):// URL (default: $KX_HOST_PORT, else ${KX_DEFAULTS.hostPort})`)
    .option('--user <name>', `username (default: $KX_USER, else ${KX_DEFAULTS.user}; the guides also have Administrator)`)
    .option('--pw <password>', `password (default: $KX_PASSWORD, else ${KX_DEFAULTS.password})`)
    .option('--method <name>', `analytic to call, e.g. getMem, getMemBucket, getCPU, getDisk, getAvgLoad (default ${KX_DEFAULTS.method})`)
    .option('--group <name>', 'analytic group', KX_DEFAULTS.group)
    .option('--params <json>', 'the parameter dictionary as a JSON object, or @file (default {}), e.g. {"syms":["ds_rdb_ops_a"]}', jsonObject(io.cwd))
    .option('--tls', 'use HTTPS with --hp host:port (the guides post to https://)')
    .option('--insecure', 'HTTPS without verifying the certificate, like the guides\' verify=False (implies --tls)')
    .option('--profile <name>', `the deployment's signing profile: default or one of ${KX_VARIANT_NAMES.join(', ')}`, profileName)
    .option('--csv [file]', 'also write the table as CSV with a header row (default ./<method>.csv; - for standard output instead of the table)')
    .option('--plot [file]', `draw each numeric column over time, one line per sym, as .svg or .png (default ${join(tmpdir(), 'sigkit-<group>.<method>.png')})`)
    .addOption(new Option('--plot-size <WxH>', 'size of the plot in pixels').argParser(imageSize).default({ ...KX_DEFAULTS.plotSize }, `${KX_DEFAULTS.plotSize.width}x${KX_DEFAULTS.plotSize.height}`))
    .option('--json', 'print the result rows as JSON instead of a table')
    .option('--timeout <seconds>', 'give up on a request that has not been answered after this long', timeoutSeconds, DEFAULT_TIMEOUT_SECONDS)
    .option('--trace', 'print every signing step to stderr, one JSON line per call (field names as in vectors/kx)')
    .addHelpText(
      'after',
      `
Examples:
  sigkit kx                                          getMem from the mock on 127.0.0.1:8080 as kxSupport
  sigkit kx --hp kx.example.com:8443 --insecure --user Administrator --pw password --method getMemBucket
  sigkit kx 127.0.0.1:8080 kxSupport 12345678 getCPU --plot cpu.svg --csv cpu.csv
  sigkit kx --params '{"startTime":"2019-07-26T15:00:00Z","endTime":"2019-07-26T16:00:00Z"}' --plot

--csv and --plot take an optional file: give it as --csv=FILE, or put a bare --csv/--plot after
the positional arguments, or it takes the next argument as its file.`,
    )
    .action(async (hostPort: string | undefined, user: string | undefined, password: string | undefined, method: string | undefined, options: KxCommandOptions) => {
      const context: FailureContext = {};
      try {
        await runKx({ hostPort, user, password, method }, options, io, context);
      } catch (error) {
        reportFailure(io, 'kx', error, context);
      }
    });
}

function either(what: string, positional: string | undefined, option: string | undefined, flag: string): string | undefined {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new UsageError(`the ${what} is given twice, as an argument (${JSON.stringify(positional)}) and as ${flag} (${JSON.stringify(option)}): give one`);
  }
  return option ?? positional;
}

function plotFile(plot: string | true | undefined, group: string, method: string, cwd: string): { path: string; format: 'svg' | 'png' } | undefined {
  if (plot === undefined) return undefined;
  const path = plot === true ? join(tmpdir(), `sigkit-${group}.${method}.png`) : resolve(cwd, plot);
  const extension = extname(path).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') throw new UsageError(`--plot ${plot} must name a .svg or .png file`);
  return { path, format: extension === '.svg' ? 'svg' : 'png' };
}

async function runKx(positionals: KxPositionals, options: KxCommandOptions, io: PlatformCommandIo, context: FailureContext): Promise<void> {
  const env = (name: string) => io.env[name] || undefined;
  const hostPort = either('host:port', positionals.hostPort, options.hp, '--hp') ?? env('KX_HOST_PORT') ?? KX_DEFAULTS.hostPort;
  const username = either('username', positionals.user, options.user, '--user') ?? env('KX_USER') ?? KX_DEFAULTS.user;
  const password = either('password', positionals.password, options.pw, '--pw') ?? env('KX_PASSWORD') ?? KX_DEFAULTS.password;
  const method = either('method', positionals.method, options.method, '--method') ?? KX_DEFAULTS.method;
  const { group } = options;
  const plot = plotFile(options.plot, group, method, io.cwd);
  const csvPath = options.csv === undefined ? undefined : options.csv === true ? resolve(io.cwd, `${method}.csv`) : options.csv === '-' ? '-' : resolve(io.cwd, options.csv);
  if (csvPath === '-' && options.json) throw new UsageError('--csv - and --json both want standard output: choose one');

  const target: Pick<KxConnectClientOptions, 'hostPort' | 'baseUrl' | 'tls'> = /^https?:\/\//i.test(hostPort)
    ? { baseUrl: hostPort }
    : { hostPort, tls: options.tls === true || options.insecure === true };
  const fetch = chooseFetch(io, 'kx', { insecure: options.insecure, timeoutSeconds: options.timeout });
  const client = createKxConnectClient({
    ...target,
    username,
    password,
    fetch,
    ...(options.profile !== undefined && options.profile !== 'default' && { profile: options.profile }),
    ...(options.trace && { onSigned: (signed) => io.stderr.write(kxTraceLine(signed)) }),
  });
  context.baseUrl = client.baseUrl;

  let rows: unknown;
  try {
    const answer = await client.call(group, method, options.params ?? {});
    if (answer?.success === false) throw new Error(`${group}.${method} answered success: false: ${answer.error ?? '(no error given)'}`);
    rows = answer?.msg;
  } finally {
    // Best effort: the answer (or the error) is what the user asked for, not the logout's.
    await client.logout().catch(() => {});
  }

  const table = isRowList(rows) ? rows : undefined;
  if (options.json) io.stdout.write(JSON.stringify(rows ?? null, null, 2) + '\n');
  else if (csvPath !== '-') {
    if (table === undefined) io.stdout.write(JSON.stringify(rows ?? null, null, 2) + '\n');
    else if (table.length === 0) io.stderr.write(`sigkit kx: ${group}.${method} answered no rows\n`);
    else io.stdout.write(formatTextTable(table));
  }
  if (csvPath !== undefined) {
    const csv = rowsToCsv(requireTable(table, '--csv', group, method));
    if (csvPath === '-') io.stdout.write(csv);
    else {
      writeOutput(csvPath, csv);
      io.stderr.write(`sigkit kx: wrote ${table!.length} rows to ${csvPath}\n`);
    }
  }
  if (plot !== undefined) {
    // Vega and resvg take a quarter of a second to load: only when there is something to draw.
    const { plotRowsSvg } = await import('../output/plot.js');
    const { svgToPng } = await import('../output/png.js');
    const drawn = await plotRowsSvg(requireTable(table, '--plot', group, method), {
      ...options.plotSize,
      title: `${group}.${method}`,
      subtitle: `${client.baseUrl} · ${username} · ${table!.length} rows`,
    });
    writeOutput(plot.path, plot.format === 'svg' ? drawn.svg : svgToPng(drawn.svg));
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const lines = drawn.series.length > 0 ? ` × ${count(drawn.series.length, 'sym')}` : '';
    io.stderr.write(`sigkit kx: plotted ${count(drawn.columns.length, 'column')}${lines} to ${plot.path}\n`);
  }
}

function requireTable(table: Row[] | undefined, option: string, group: string, method: string): Row[] {
  if (table === undefined) throw new Error(`${option}: ${group}.${method} did not answer a table (a list of rows)`);
  return table;
}

function writeOutput(path: string, content: string | Buffer): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

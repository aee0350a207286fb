/** What `sigkit kx` does once its command line is parsed: log in, call the analytic, print the table, write CSV and plots. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { createKxConnectClient, type KxConnectClientOptions } from '@sigkit/signer/client';
import { rowsToCsv } from '../output/csv.js';
import { reportFailure, UsageError, type FailureContext } from '../output/failure.js';
import { isRowList, type Row } from '../output/rows.js';
import { formatTextTable } from '../output/table.js';
import { kxTraceLine } from '../output/trace.js';
import { KX_DEFAULTS, type KxCommandOptions } from './kx.js';
import { chooseFetch, type PlatformCommandIo } from './platformIo.js';

/** What the positional form (the Node guide's `<host:port> <username> <password> <method>`) gave. */
export interface KxPositionals {
  hostPort?: string;
  user?: string;
  password?: string;
  method?: string;
}

/**
 * Runs `sigkit kx` with its parsed arguments and options. A failure is reported on stderr and sets
 * the exit status (`registerKxCommand` lists them); nothing is thrown.
 * @internal
 */
export async function runKxCommand(positionals: KxPositionals, options: KxCommandOptions, io: PlatformCommandIo): Promise<void> {
  const context: FailureContext = {};
  try {
    await runKx(positionals, options, io, context);
  } catch (error) {
    reportFailure(io, 'kx', error, context);
  }
}

function either(what: string, positional: string | undefined, option: string | undefined, flag: string): string | undefined {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new UsageError(`the ${what} is given twice, as an argument (${JSON.stringify(positional)}) and as ${flag} (${JSON.stringify(option)}): give one`);
  }
  return option ?? positional;
}

/**
 * Where and in which format to plot. Decided before any request, so a plot this build cannot draw
 * (PNG in the single-file binary) fails at once rather than after the login and the call; a bare
 * `--plot` picks a format the build draws.
 */
async function plotFile(plot: string | true | undefined, group: string, method: string, cwd: string): Promise<{ path: string; format: 'svg' | 'png' } | undefined> {
  if (plot === undefined) return undefined;
  const { PNG_PLOTS_AVAILABLE, PNG_NEEDS_NPM_PACKAGE } = await import('../output/png.js');
  const path = plot === true ? join(tmpdir(), `sigkit-${group}.${method}.${PNG_PLOTS_AVAILABLE ? 'png' : 'svg'}`) : resolve(cwd, plot);
  const extension = extname(path).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') throw new UsageError(`--plot ${plot} must name a .svg or .png file`);
  if (extension === '.png' && !PNG_PLOTS_AVAILABLE) throw new UsageError(PNG_NEEDS_NPM_PACKAGE);
  return { path, format: extension === '.svg' ? 'svg' : 'png' };
}

async function runKx(positionals: KxPositionals, options: KxCommandOptions, io: PlatformCommandIo, context: FailureContext): Promise<void> {
  const env = (name: string) => io.env[name] || undefined;
  const hostPort = either('host:port', positionals.hostPort, options.hp, '--hp') ?? env('KX_HOST_PORT') ?? KX_DEFAULTS.hostPort;
  const username = either('username', positionals.user, options.user, '--user') ?? env('KX_USER') ?? KX_DEFAULTS.user;
  const password = either('password', positionals.password, options.pw, '--pw') ?? env('KX_PASSWORD') ?? KX_DEFAULTS.password;
  const method = either('method', positionals.method, options.method, '--method') ?? KX_DEFAULTS.method;
  const { group } = options;
  const plot = await plotFile(options.plot, group, method, io.cwd);
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

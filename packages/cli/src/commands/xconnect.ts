/** `sigkit xconnect`: one signed xConnect request, like curl: prints the JSON answer, follows paging, exports CSV, traces the signing. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { GUIDE_API_KEY, GUIDE_SECRET_KEY } from '@sigkit/mock-server';
import type { XConnectVersion } from '@sigkit/signer';
import { createXConnectClient, type Page, type QueryValues } from '@sigkit/signer/client';
import { rowsToCsv } from '../output/csv.js';
import { reportFailure, UsageError, type FailureContext } from '../output/failure.js';
import { flattenItem, listItemsOf } from '../output/flatten.js';
import { pagesProgress } from '../output/progress.js';
import { xconnectTraceLine } from '../output/trace.js';
import { jsonText, queryPair } from './argumentValues.js';
import { chooseFetch, DEFAULT_TIMEOUT_SECONDS, platformIo, timeoutSeconds, type PlatformCommandIo } from './platformIo.js';

/** Where `sigkit xconnect` sends requests unless told otherwise: the mock's default address. */
export const XCONNECT_DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/** The options of `sigkit xconnect`, as commander parses them. */
export interface XConnectCommandOptions {
  query?: [string, string][];
  data?: string;
  base?: string;
  apiKey?: string;
  secretKey?: string;
  signatureVersion: XConnectVersion;
  allPages?: boolean;
  csv?: string;
  trace?: boolean;
  insecure?: boolean;
  progress: boolean;
  timeout: number;
}

/** The api key and secret key a command signs with, and where they came from. @internal */
export interface XConnectKeys {
  apiKey: string;
  secretKey: string;
}

/** Parses `--signature-version`. @internal */
export const signatureVersion = (value: string): XConnectVersion => {
  if (!['0', '1', '2'].includes(value)) throw new InvalidArgumentError('signature versions are 0, 1 and 2 (docs/spec/xconnect.md §1–§2).');
  return Number(value) as XConnectVersion;
};

/**
 * The keys to sign with: each from its option, else its `XCONNECT_*` variable, else the guide's
 * example pair (which the mock accepts). A key of one's own with the guide's other half would
 * only get a confusing 401, so that mix is refused.
 * @internal
 */
export function resolveXConnectKeys(options: { apiKey?: string; secretKey?: string }, env: NodeJS.ProcessEnv): XConnectKeys {
  const apiKey = options.apiKey ?? (env['XCONNECT_API_KEY'] || undefined);
  const secretKey = options.secretKey ?? (env['XCONNECT_SECRET_KEY'] || undefined);
  if ((apiKey === undefined) !== (secretKey === undefined)) {
    throw new UsageError(
      apiKey === undefined
        ? 'a secret key was given without its api key: give --api-key (or XCONNECT_API_KEY) too'
        : 'an api key was given without its secret key: give --secret-key (or XCONNECT_SECRET_KEY) too',
    );
  }
  return { apiKey: apiKey ?? GUIDE_API_KEY, secretKey: secretKey ?? GUIDE_SECRET_KEY };
}

/** The query of a PATH given with `?…` (decoded as a server would), followed by the `--query` pairs. @internal */
export function splitPathAndQuery(path: string, extra: readonly [string, string][] = []): { path: string; pairs: [string, string][] } {
  const at = path.indexOf('?');
  if (at < 0) return { path, pairs: [...extra] };
  return { path: path.slice(0, at), pairs: [...new URLSearchParams(path.slice(at + 1))].concat(extra) };
}

function queryValues(pairs: readonly [string, string][]): QueryValues {
  const query: QueryValues = {};
  for (const [name, value] of pairs) {
    if (Object.hasOwn(query, name)) throw new UsageError(`query parameter "${name}" is given twice; sigkit xconnect sends each name once`);
    query[name] = value;
  }
  return query;
}

const keyHelp = 'the guide\'s example keys, which the mock accepts';

/**
 * Registers `sigkit xconnect` on a commander program.
 *
 * ```
 * sigkit xconnect METHOD PATH [--query k=v …] [--data JSON|@file] [--base URL] [--api-key K --secret-key S]
 *                 [--signature-version 1] [--all-pages] [--csv FILE] [--trace] [--insecure] [--no-progress]
 * ```
 * Exit status: 0 done, 1 the platform refused the request or could not be reached, 2 the command
 * line cannot be used.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerXConnectCommand(program);
 * await program.parseAsync(['xconnect', 'GET', '/devices', '--query', 'type=asset-tag', '--all-pages'], { from: 'user' });
 * ```
 */
export function registerXConnectCommand(program: Command, overrides: Partial<PlatformCommandIo> = {}): Command {
  const io = platformIo(overrides);
  return program
    .command('xconnect')
    .description('send one signed request to an xConnect platform (or the mock) and print the JSON answer, like curl')
    .argument('<method>', 'HTTP method: GET, POST, PUT, PATCH, DELETE')
    .argument('<path>', 'path under /api/v1/kronos (e.g. /devices, or the full /api/v1/kronos/devices), optionally with ?query')
    .option('-q, --query <name=value>', 'a query parameter (repeatable)', queryPair)
    .option('-d, --data <json>', 'the JSON body, or @file (@- for standard input); sent byte for byte as signed', jsonText(io.cwd))
    .option('--base <url>', `the platform's base URL (default: $XCONNECT_BASE_URL, else ${XCONNECT_DEFAULT_BASE_URL})`)
    .option('--api-key <key>', `api key (default: $XCONNECT_API_KEY, else ${keyHelp})`)
    .option('--secret-key <key>', `secret key (default: $XCONNECT_SECRET_KEY, else ${keyHelp})`)
    .addOption(new Option('--signature-version <n>', 'signature version: 1 (the guide), 0 or 2 (legacy)').argParser(signatureVersion).default(1 as XConnectVersion, '1'))
    .option('--all-pages', 'GET every page of a paged list (_page 0, 1, …) and print all items as one JSON array')
    .option('--csv <file>', 'also write the list items (or the answer) as CSV, nested fields as parent.child columns; - for standard output instead of the JSON')
    .option('--timeout <seconds>', 'give up on a request that has not been answered after this long', timeoutSeconds, DEFAULT_TIMEOUT_SECONDS)
    .option('--trace', 'print every signing step to stderr, one JSON line per request (field names as in vectors/xconnect)')
    .option('--insecure', 'HTTPS without verifying the certificate (curl -k)')
    .option('--no-progress', 'no progress on stderr for --all-pages')
    .addHelpText(
      'after',
      `
Examples:
  sigkit xconnect GET /devices --query _size=5
  sigkit xconnect GET /devices --query type=asset-tag --all-pages --csv devices.csv
  sigkit xconnect POST /devices --data '{"uid":"my-device","gatewayHid":"…"}'
  sigkit xconnect GET /telemetries/devices/HID/latest --trace --base https://127.0.0.1:8443 --insecure`,
    )
    .action(async (method: string, path: string, options: XConnectCommandOptions) => {
      const context: FailureContext = {};
      try {
        await runXConnect(method, path, options, io, context);
      } catch (error) {
        reportFailure(io, 'xconnect', error, context);
      }
    });
}

async function runXConnect(method: string, rawPath: string, options: XConnectCommandOptions, io: PlatformCommandIo, context: FailureContext): Promise<void> {
  const verb = method.toUpperCase();
  const { path, pairs } = splitPathAndQuery(rawPath, options.query);
  if (!path.startsWith('/')) throw new UsageError(`path "${rawPath}" must start with / (e.g. /devices)`);
  const query = queryValues(pairs);
  if (options.allPages && verb !== 'GET') throw new UsageError('--all-pages follows the pages of a list, which only GET reads');
  if (options.allPages && options.data !== undefined) throw new UsageError('--all-pages reads a list with GET, which takes no --data');
  const keys = resolveXConnectKeys(options, io.env);
  const fetch = chooseFetch(io, 'xconnect', { insecure: options.insecure, timeoutSeconds: options.timeout });
  const baseUrl = options.base ?? (io.env['XCONNECT_BASE_URL'] || XCONNECT_DEFAULT_BASE_URL);
  const client = createXConnectClient({
    baseUrl,
    ...keys,
    version: options.signatureVersion,
    fetch,
    ...(options.trace && { onSigned: (signed) => io.stderr.write(xconnectTraceLine(signed)) }),
  });
  context.baseUrl = baseUrl.replace(/\/+$/, '');

  let answer: unknown;
  if (options.allPages) {
    const items: unknown[] = [];
    const progress = options.progress ? pagesProgress(io.stderr, 'sigkit xconnect') : undefined;
    let received = 0;
    const onPage = (page: Page<unknown>) => {
      if (typeof page !== 'object' || page === null || !Array.isArray(page.data) || typeof page.totalPages !== 'number') {
        throw new UsageError(`--all-pages needs a paged list, and GET ${path} answered no page ({"totalPages", "data": […]})`);
      }
      received += page.data.length;
      progress?.page(page, received);
    };
    try {
      for await (const item of client.allPages<unknown>(path, query, onPage)) items.push(item);
    } finally {
      progress?.stop();
    }
    answer = items;
  } else {
    answer = await client.request(verb, path, { query, ...(options.data !== undefined && { body: options.data }) });
  }

  const csv = options.csv === undefined ? undefined : rowsToCsv(listItemsOf(answer).map(flattenItem));
  if (options.csv === '-') io.stdout.write(csv!);
  else if (answer !== null && answer !== undefined) io.stdout.write(JSON.stringify(answer, null, 2) + '\n');
  if (options.csv !== undefined && options.csv !== '-') {
    const file = resolve(io.cwd, options.csv);
    try {
      writeFileSync(file, csv!);
    } catch (error) {
      throw new Error(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    io.stderr.write(`sigkit xconnect: wrote ${listItemsOf(answer).length} rows to ${file}\n`);
  }
}

/** What `sigkit xconnect` does once its command line is parsed: sign, send, follow pages, print, export CSV. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createXConnectClient, type Page, type QueryValues } from '@sigkit/signer/client';
import { rowsToCsv } from '../output/csv.js';
import { reportFailure, UsageError, type FailureContext } from '../output/failure.js';
import { flattenItem, listItemsOf } from '../output/flatten.js';
import { pagesProgress } from '../output/progress.js';
import { xconnectTraceLine } from '../output/trace.js';
import { chooseFetch, type PlatformCommandIo } from './platformIo.js';
import { XCONNECT_DEFAULT_BASE_URL, type XConnectCommandOptions } from './xconnect.js';
import { resolveXConnectKeys } from './xconnectKeys.js';

/**
 * Runs `sigkit xconnect METHOD PATH` with its parsed options. A failure is reported on stderr and
 * sets the exit status (`registerXConnectCommand` lists them); nothing is thrown.
 * @internal
 */
export async function runXConnectCommand(method: string, rawPath: string, options: XConnectCommandOptions, io: PlatformCommandIo): Promise<void> {
  const context: FailureContext = {};
  try {
    await runXConnect(method, rawPath, options, io, context);
  } catch (error) {
    reportFailure(io, 'xconnect', error, context);
  }
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

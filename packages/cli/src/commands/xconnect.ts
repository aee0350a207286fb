/** `sigkit xconnect`: one signed xConnect request, like curl: prints the JSON answer, follows paging, exports CSV, traces the signing. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { XConnectVersion } from '@sigkit/signer';
import { jsonText, queryPair } from './argumentValues.js';
import { DEFAULT_TIMEOUT_SECONDS, platformIo, timeoutSeconds, type PlatformCommandIo } from './platformIo.js';

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

/** Parses `--signature-version`. @internal */
export const signatureVersion = (value: string): XConnectVersion => {
  if (!['0', '1', '2'].includes(value)) throw new InvalidArgumentError('signature versions are 0, 1 and 2 (docs/spec/xconnect.md §1–§2).');
  return Number(value) as XConnectVersion;
};

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
      // The client, CSV and progress bar load only when the command runs.
      const { runXConnectCommand } = await import('./runXConnect.js');
      await runXConnectCommand(method, path, options, io);
    });
}

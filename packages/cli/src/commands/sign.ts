/** `sigkit sign xconnect|kx`: computes the signed headers of a request without sending it (the guide's "signed token for use in Postman"). */
import { InvalidArgumentError, type Command } from 'commander';
import { KX_VARIANT_NAMES, type KxVariantName, type XConnectVersion } from '@sigkit/signer';
import { jsonObject, jsonText, queryPair } from './argumentValues.js';
import { KX_DEFAULTS } from './kx.js';
import { platformIo, type PlatformCommandIo } from './platformIo.js';
import { signatureVersion } from './xconnect.js';

/** The options of `sigkit sign xconnect`. */
export interface SignXConnectOptions {
  query?: [string, string][];
  data?: string;
  apiKey?: string;
  secretKey?: string;
  timestamp?: string;
  signatureVersion: XConnectVersion;
  trace?: boolean;
  json?: boolean;
}

/** The options of `sigkit sign kx`. */
export interface SignKxOptions {
  user?: string;
  sessionId?: string;
  group: string;
  method: string;
  params?: Record<string, unknown>;
  date?: string;
  id?: string;
  profile?: KxVariantName | 'default';
  trace?: boolean;
  json?: boolean;
}

const profileName = (value: string): KxVariantName | 'default' => {
  if (value === 'default' || (KX_VARIANT_NAMES as readonly string[]).includes(value)) return value as KxVariantName | 'default';
  throw new InvalidArgumentError(`profiles are default, ${KX_VARIANT_NAMES.join(', ')}.`);
};

/**
 * Registers `sigkit sign` with its two schemes on a commander program.
 *
 * ```
 * sigkit sign xconnect METHOD PATH[?query] [--query k=v …] [--data JSON|@file] [--api-key K --secret-key S]
 *                      [--timestamp ISO-8601] [--signature-version 1] [--trace] [--json]
 * sigkit sign kx [--user U] --session-id ID [--group monPublic] [--method getMem] [--params JSON|@file]
 *                [--date RFC1123] [--id UUID] [--profile NAME] [--trace] [--json]
 * ```
 * Prints the headers to send (`name: value` lines; for KX also the exact body after a blank line),
 * or everything as JSON with `--json`; `--trace` prints every signing step to stderr as one JSON
 * line. Exit status: 0 signed, 2 the input cannot be signed.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerSignCommand(program);
 * await program.parseAsync(['sign', 'xconnect', 'GET', '/devices?_page=0&_size=100'], { from: 'user' });
 * ```
 */
export function registerSignCommand(program: Command, overrides: Partial<PlatformCommandIo> = {}): Command {
  const io = platformIo(overrides);
  const sign = program
    .command('sign')
    .description('print the signed headers of a request without sending it (for Postman, curl or comparing with your client)')
    .argument('[scheme]', 'xconnect or kx')
    .action(async (scheme: string | undefined) => {
      const { reportFailure, UsageError } = await import('../output/failure.js');
      const what = scheme === undefined ? 'no scheme given' : `unknown scheme "${scheme}"`;
      reportFailure(io, 'sign', new UsageError(`${what}: use sigkit sign xconnect … or sigkit sign kx … (see sigkit sign --help)`));
    });

  sign
    .command('xconnect')
    .description("sign an xConnect request (docs/spec/xconnect.md §1) and print its x-arrow-* headers: the guide's \"signed token for use in Postman\"")
    .argument('<method>', 'HTTP method, e.g. GET')
    .argument('<path>', 'path as sent, under /api/v1/kronos unless it starts with it, with an optional ?query signed exactly as written')
    .option('-q, --query <name=value>', 'a query parameter, appended percent-encoded after any ?query of PATH (repeatable)', queryPair)
    .option('-d, --data <json>', 'the JSON body, or @file (@- for standard input)', jsonText(io.cwd))
    .option('--api-key <key>', "api key (default: $XCONNECT_API_KEY, else the guide's example key)")
    .option('--secret-key <key>', "secret key (default: $XCONNECT_SECRET_KEY, else the guide's example secret)")
    .option('--timestamp <iso>', 'x-arrow-date to sign, ISO-8601 with a zone, e.g. 2016-04-12T14:28:36.218Z (default: now)')
    .option('--signature-version <n>', 'signature version: 1 (the guide), 0 or 2 (legacy)', signatureVersion, 1 as XConnectVersion)
    .option('--trace', 'print every signing step to stderr as one JSON line (field names as in vectors/xconnect)')
    .option('--json', 'print method, target, headers and body as JSON')
    .addHelpText(
      'after',
      `
Example (the guide's documented request; prints x-arrow-signature: 28c3ab6c…f553):
  sigkit sign xconnect POST '/api/v1/kronos/gateways?lastName=Doe&firstName=Jane&Age=30' --timestamp 2016-04-12T14:28:36.218Z --trace`,
    )
    .action(async (method: string, path: string, options: SignXConnectOptions) => {
      // The signing itself loads when the command runs.
      const { runSignXConnect } = await import('./runSign.js');
      runSignXConnect(method, path, options, io);
    });

  sign
    .command('kx')
    .description('sign a KX Connect call (docs/spec/kx-connect.md §2) for an existing session and print its headers and the exact body to send')
    .option('--user <name>', `username of the session (default: $KX_USER, else ${KX_DEFAULTS.user})`)
    .option('--session-id <id>', 'sessionId from the login answer (default: $KX_SESSION_ID)')
    .option('--group <name>', 'analytic group', KX_DEFAULTS.group)
    .option('--method <name>', 'analytic name', KX_DEFAULTS.method)
    .option('--params <json>', 'the parameter dictionary as a JSON object, or @file (default {})', jsonObject(io.cwd))
    .option('--date <rfc1123>', 'date to sign, e.g. "Fri, 26 Jul 2019 16:59:00 GMT" (default: now)')
    .option('--id <uuid>', 'request id (default: a random UUID)')
    .option('--profile <name>', `signing profile: default or one of ${KX_VARIANT_NAMES.join(', ')}`, profileName)
    .option('--trace', 'print every signing step to stderr as one JSON line (field names as in vectors/kx)')
    .option('--json', 'print method, path, headers and body as JSON')
    .action(async (options: SignKxOptions) => {
      const { runSignKx } = await import('./runSign.js');
      runSignKx(options, io);
    });
  return sign;
}

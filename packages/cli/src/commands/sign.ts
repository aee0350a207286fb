/** `sigkit sign xconnect|kx`: computes the signed headers of a request without sending it (the guide's "signed token for use in Postman"). */
import { InvalidArgumentError, type Command } from 'commander';
import { encodeQuery, KX_VARIANT_NAMES, signKxRequest, signXConnectRequest, type KxVariantName, type XConnectVersion } from '@sigkit/signer';
import { reportFailure, UsageError } from '../output/failure.js';
import { kxTraceLine, xconnectTraceLine } from '../output/trace.js';
import { jsonObject, jsonText, queryPair } from './argumentValues.js';
import { KX_DEFAULTS } from './kx.js';
import { platformIo, type PlatformCommandIo } from './platformIo.js';
import { resolveXConnectKeys, signatureVersion } from './xconnect.js';

const API_PREFIX = '/api/v1/kronos';

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

const headerLines = (headers: Record<string, string | undefined>) =>
  Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}\n`)
    .join('');

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
    .action((scheme: string | undefined) => {
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
    .action((method: string, path: string, options: SignXConnectOptions) => {
      try {
        signXConnect(method, path, options, io);
      } catch (error) {
        reportFailure(io, 'sign xconnect', error);
      }
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
    .action((options: SignKxOptions) => {
      try {
        signKx(options, io);
      } catch (error) {
        reportFailure(io, 'sign kx', error);
      }
    });
  return sign;
}

function signXConnect(method: string, rawPath: string, options: SignXConnectOptions, io: PlatformCommandIo): void {
  const at = rawPath.indexOf('?');
  let path = at < 0 ? rawPath : rawPath.slice(0, at);
  if (!path.startsWith('/')) throw new UsageError(`path "${rawPath}" must start with / (e.g. /devices)`);
  if (!path.startsWith(API_PREFIX) && !path.startsWith('/__')) path = API_PREFIX + path;
  const queryParts = [at < 0 ? '' : rawPath.slice(at + 1), options.query?.length ? encodeQuery(options.query) : ''].filter((part) => part !== '');
  const signed = signXConnectRequest({
    method,
    path,
    query: queryParts.join('&'),
    body: options.data ?? '',
    ...resolveXConnectKeys(options, io.env),
    ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
    version: options.signatureVersion,
  });
  if (options.trace) io.stderr.write(xconnectTraceLine(signed));
  const headers = { ...(signed.headers as Record<string, string>) };
  if (options.json) io.stdout.write(JSON.stringify({ method: signed.method, target: signed.target, headers, body: options.data ?? '' }, null, 2) + '\n');
  else io.stdout.write(headerLines(headers));
}

function signKx(options: SignKxOptions, io: PlatformCommandIo): void {
  const sessionId = options.sessionId ?? (io.env['KX_SESSION_ID'] || undefined);
  if (sessionId === undefined) throw new UsageError('a KX signature is keyed by the session: give --session-id (or KX_SESSION_ID), the sessionId of a login answer');
  const signed = signKxRequest({
    group: options.group,
    method: options.method,
    params: options.params ?? {},
    username: options.user ?? (io.env['KX_USER'] || KX_DEFAULTS.user),
    sessionId,
    ...(options.date !== undefined && { date: options.date }),
    ...(options.id !== undefined && { id: options.id }),
    ...(options.profile !== undefined && options.profile !== 'default' && { profile: options.profile }),
  });
  if (options.trace) io.stderr.write(kxTraceLine(signed));
  const headers = { ...signed.headers } as Record<string, string>;
  if (options.json) io.stdout.write(JSON.stringify({ method: signed.method, path: signed.path, headers, body: signed.body }, null, 2) + '\n');
  else io.stdout.write(`${headerLines(headers)}\n${signed.body}\n`);
}

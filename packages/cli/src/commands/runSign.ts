/** What `sigkit sign xconnect|kx` does once its command line is parsed: sign, then print the headers (and the KX body). */
import { encodeQuery, signKxRequest, signXConnectRequest } from '@sigkit/signer';
import { reportFailure, UsageError } from '../output/failure.js';
import { kxTraceLine, xconnectTraceLine } from '../output/trace.js';
import { KX_DEFAULTS } from './kx.js';
import type { PlatformCommandIo } from './platformIo.js';
import type { SignKxOptions, SignXConnectOptions } from './sign.js';
import { resolveXConnectKeys } from './xconnectKeys.js';

const API_PREFIX = '/api/v1/kronos';

const headerLines = (headers: Record<string, string | undefined>) =>
  Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}\n`)
    .join('');

/**
 * Runs `sigkit sign xconnect METHOD PATH` with its parsed options. A failure is reported on stderr
 * and sets the exit status; nothing is thrown.
 * @internal
 */
export function runSignXConnect(method: string, path: string, options: SignXConnectOptions, io: PlatformCommandIo): void {
  try {
    signXConnect(method, path, options, io);
  } catch (error) {
    reportFailure(io, 'sign xconnect', error);
  }
}

/**
 * Runs `sigkit sign kx` with its parsed options. A failure is reported on stderr and sets the exit
 * status; nothing is thrown.
 * @internal
 */
export function runSignKx(options: SignKxOptions, io: PlatformCommandIo): void {
  try {
    signKx(options, io);
  } catch (error) {
    reportFailure(io, 'sign kx', error);
  }
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

/** `sigkit mock`: starts the mock platform, prints one ready line, and stops cleanly on SIGINT/SIGTERM. */
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { KxOptions, MockConfig, MockProfile, MockServerOptions } from '@sigkit/mock-server';
import { CliError } from '../cliError.js';
import { callerDirectory } from './callerDirectory.js';
import { MOCK_DEFAULT_HOST, MOCK_DEFAULT_PORT, MOCK_KX_PROFILE_NAMES, MOCK_PROFILE_NAMES } from './mockDefaults.js';

/** The flags of `sigkit mock`, as commander parses them (absent when not given). */
export interface MockCommandFlags {
  port?: number;
  host?: string;
  seed?: number;
  profile?: MockProfile;
  config?: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  clockOffset?: number;
  clockWindow?: number;
  /** KX Connect profile: `default` or a variant name of `KX_VARIANTS` (docs/spec/kx-connect.md §2). */
  kxProfile?: (typeof MOCK_KX_PROFILE_NAMES)[number];
  /** KX Connect clock window, seconds (default 900). */
  kxClockWindow?: number;
  /** KX Connect session idle timeout, minutes (default 30). */
  kxSessionIdle?: number;
  /** `--cors` alone (`true`: any origin) or `--cors <origin,origin>` (those origins). */
  cors?: true | string;
  /** `--replay <file>`: serve the recorded answers of this HAR (of `sigkit proxy --record`) for the requests that match. */
  replay?: string;
  /** False with `--no-ui`: no inspector page at `/__sigkit/ui` (commander sets true otherwise). */
  ui?: boolean;
  /** `--admin-token <token>`: the token the admin API requires (else `SIGKIT_ADMIN_TOKEN`, the config's `adminToken`, or generated when exposed). */
  adminToken?: string;
  /** `--allowed-hosts <names>`: comma-separated Host names the admin API answers besides loopback and the bound address (`*`: any). */
  allowedHosts?: string;
}

/** What `sigkit mock` starts: server options plus where to listen. */
export interface MockCommandPlan {
  server: MockServerOptions;
  port: number;
  host: string;
  /** The HAR to replay, as an absolute path. */
  replay?: string;
}

function integerIn(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

function seconds(name: string, positive: boolean, unit = 'seconds') {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || (positive && parsed <= 0)) {
      throw new InvalidArgumentError(`${name} must be ${positive ? 'a positive' : 'a'} number of ${unit}.`);
    }
    return parsed;
  };
}

/**
 * Combines flags, the config file and defaults (flags win over the file, the file over defaults)
 * and reads TLS files. Throws {@link CliError} with a one-line message on unusable input.
 * Relative file paths in the flags are relative to `cwd`, the user's directory (see {@link callerDirectory}).
 */
export async function planMockCommand(flags: MockCommandFlags, cwd: string = callerDirectory()): Promise<MockCommandPlan> {
  // The mock loads when it is needed, not when the program registers its commands, and from the
  // entry that has each part: the whole package index costs the mock's start-up another 10 ms.
  const { loadMockConfigFile, readTlsFiles } = await import('@sigkit/mock-server/node');
  let config: MockConfig = {};
  if (flags.config !== undefined) config = await loadMockConfigFile(resolve(cwd, flags.config));
  const { port: configPort, host: configHost, tls: configTls, ...coreConfig } = config;
  const server: MockServerOptions = { ...coreConfig };
  if (flags.seed !== undefined) server.seed = flags.seed;
  if (flags.profile !== undefined) server.profile = flags.profile;
  if (flags.clockOffset !== undefined) server.clockOffsetSeconds = flags.clockOffset;
  if (flags.clockWindow !== undefined) server.clockWindowSeconds = flags.clockWindow;
  if (flags.kxProfile !== undefined || flags.kxClockWindow !== undefined || flags.kxSessionIdle !== undefined) {
    const kx: KxOptions = { ...server.kx };
    // --kx-profile replaces the file's kx.profile, as --profile replaces profile; --kx-clock-window then sets the window of whichever applies.
    if (flags.kxProfile !== undefined) kx.profile = flags.kxProfile;
    if (flags.kxClockWindow !== undefined) {
      const { resolveKxProfileOption } = await import('@sigkit/mock-server/core');
      kx.profile = { ...resolveKxProfileOption(kx.profile, 'kx.profile'), clockWindowSeconds: flags.kxClockWindow };
    }
    if (flags.kxSessionIdle !== undefined) kx.sessionIdleMinutes = flags.kxSessionIdle;
    server.kx = kx;
  }
  if (flags.cors !== undefined) {
    const { parseCorsOption, MockInputError } = await import('@sigkit/mock-server/core');
    try {
      server.cors = flags.cors === true ? true : parseCorsOption(flags.cors.split(',').map((origin) => origin.trim()), '--cors');
    } catch (error) {
      if (error instanceof MockInputError) throw new CliError(error.message);
      throw error;
    }
  }

  if (flags.ui === false) server.ui = false;
  if (flags.allowedHosts !== undefined) {
    const names = flags.allowedHosts.split(',').map((h) => h.trim()).filter((h) => h !== '');
    // As the core checks the option: a host name or address, with no path, query, fragment or credentials.
    const bad = names.find((h) => !/^[^\s/?#@]+$/.test(h));
    if (names.length === 0 || bad !== undefined) throw new CliError(`--allowed-hosts takes comma-separated host names, e.g. mock.internal,10.0.0.5${bad === undefined ? '' : `; got "${bad}"`}`);
    server.allowedHosts = names;
  }
  // The flag wins over the environment, which wins over the config file (as for every other setting).
  const adminToken = flags.adminToken ?? (process.env.SIGKIT_ADMIN_TOKEN || undefined);
  if (adminToken !== undefined) {
    const { parseAdminToken, MockInputError } = await import('@sigkit/mock-server/core');
    try {
      server.adminToken = parseAdminToken(adminToken, flags.adminToken !== undefined ? '--admin-token' : 'SIGKIT_ADMIN_TOKEN');
    } catch (error) {
      if (error instanceof MockInputError) throw new CliError(error.message);
      throw error;
    }
  }

  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new CliError('--tls-cert and --tls-key go together: give both PEM files');
  if (flags.tlsCert !== undefined && flags.tlsKey !== undefined) server.tls = await readTlsFiles(resolve(cwd, flags.tlsCert), resolve(cwd, flags.tlsKey));
  else if (flags.tls) server.tls = { selfSigned: true };
  else if (configTls === true) server.tls = { selfSigned: true };
  else if (configTls !== undefined) server.tls = await readTlsFiles(configTls.cert, configTls.key);

  const plan: MockCommandPlan = { server, port: flags.port ?? configPort ?? MOCK_DEFAULT_PORT, host: flags.host ?? configHost ?? MOCK_DEFAULT_HOST };
  if (flags.replay !== undefined) plan.replay = resolve(cwd, flags.replay);
  return plan;
}

/** Starts the mock as planned, prints the ready line, and resolves once SIGINT or SIGTERM has closed it. */
export async function runMockCommand(flags: MockCommandFlags, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  flattenHeapGrowth();
  const plan = await planMockCommand(flags);
  // The Express-free server: Express loads only for the rare request that needs it, so the mock listens sooner.
  const { createNodeMockServer } = await import('@sigkit/mock-server/node');
  const server = createNodeMockServer(plan.server);
  if (plan.replay !== undefined) await installReplayFile(server.core, plan.replay);
  // Signal handlers go in before the ready line: a supervisor may signal as soon as it reads it.
  let signalled: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (signalled = resolve));
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);
  try {
    const address = await server.listen(plan.port, plan.host);
    print(`sigkit mock listening on ${address.url}`);
    // A second line, so that tools reading the first (the ready line) are unchanged; only when the
    // page is there to open (not with --no-ui, nor in a build that lacks the prebuilt files).
    const ui = server.core.options.ui;
    if (ui !== false && ui.read('index.html') !== undefined) print(`sigkit inspector on ${address.url}/__sigkit/ui`);
    // After the ready line and the inspector's, so that tools reading those are unchanged.
    if (address.exposure) {
      const token = address.exposure.generated ? `generated token ${address.exposure.adminToken}` : 'token given (--admin-token, SIGKIT_ADMIN_TOKEN or the config)';
      // The page cannot send a header: opened once with the token, it keeps it in a same-site cookie.
      const page = plan.server.ui !== false && address.exposure.generated ? `; inspector: ${address.url}/__sigkit/ui?token=${encodeURIComponent(address.exposure.adminToken)}` : '';
      print(`sigkit mock WARNING: ${plan.host} is not loopback, so the network can reach this mock; its admin API (/__sigkit) requires "Authorization: Bearer <token>" with the ${token}${page}`);
    }
    await stopped;
  } finally {
    // The handlers stay while the server closes: a launcher (pnpm, npm exec) repeats the signal it
    // forwards, and a repeat must not kill the process before the port is released.
    await server.close();
    process.off('SIGINT', signalled);
    process.off('SIGTERM', signalled);
  }
}

/** Makes the mock answer from a recording (see `installReplay` of `@sigkit/mock-server/core`); a file that is no HAR is a one-line error. */
async function installReplayFile(core: Parameters<typeof import('@sigkit/mock-server/core').installReplay>[0], path: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { basename } = await import('node:path');
  const { installReplay, readReplaySource, MockInputError } = await import('@sigkit/mock-server/core');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the recording "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    installReplay(core, readReplaySource(JSON.parse(text), basename(path)), basename(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw new CliError(`the recording "${path}" is not JSON: ${error.message}`);
    if (error instanceof MockInputError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * How far the mock process lets V8's heap grow past its live size before the next full collection.
 * V8 lets a busy heap grow to about four times its live size; the mock's live size is bounded (the
 * journal is a ring), so under steady load that slack was all its growth in resident memory. At
 * 1.3 times (the factor V8 itself uses on its smallest devices) resident memory stays flat, at a
 * throughput cost within the noise of `pnpm bench` (docs/BENCHMARKS.md).
 */
export const MOCK_HEAP_GROWING_PERCENT = 30;

/** Sets the mock's heap growth, unless node was given `--heap-growing-percent` itself. */
function flattenHeapGrowth(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('heap-growing-percent'));
  if (!given) setFlagsFromString(`--heap-growing-percent=${MOCK_HEAP_GROWING_PERCENT}`);
}

/**
 * Adds the `mock` command to a program. The command owns its process: it runs until SIGINT or
 * SIGTERM, then closes the mock and exits with status 0 (to embed a mock, use `runMockCommand` or
 * `createMockServer` of `@sigkit/mock-server`).
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerMockCommand(program);
 * await program.parseAsync(['node', 'sigkit', 'mock', '--port', '0']);
 * ```
 */
export function registerMockCommand(program: Command): Command {
  return program
    .command('mock')
    .description('start the mock xConnect and KX Connect platforms: verifies every signature, journals every request (admin API under /__sigkit)')
    .option('-p, --port <port>', `port to listen on, 0 for any free port (default ${MOCK_DEFAULT_PORT})`, integerIn('--port', 0, 65_535))
    .option('-H, --host <host>', `address to bind (default ${MOCK_DEFAULT_HOST}; 0.0.0.0 exposes the mock to the network)`)
    .option('--seed <n>', 'seed of the generated data: the same seed gives byte-identical answers (default 42)', integerIn('--seed', 0, Number.MAX_SAFE_INTEGER))
    .addOption(new Option('--profile <name>', 'strict (diagnoses every rejection) or moonstone (as the published server); default strict').choices(MOCK_PROFILE_NAMES))
    .option('-c, --config <file>', 'sigkit.config.json with credentials, faults, limits (flags win over it)')
    .option('--tls', 'serve HTTPS with a generated self-signed certificate')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--clock-offset <seconds>', 'shift the server clock to simulate skew (e.g. 900 or -900)', seconds('--clock-offset', false))
    .option('--clock-window <seconds>', 'xConnect signature clock window (default 600)', seconds('--clock-window', true))
    .addOption(
      new Option('--kx-profile <name>', 'KX Connect signing profile: default (the kit\'s) or the variant your deployment uses, e.g. NoSeparator').choices(MOCK_KX_PROFILE_NAMES),
    )
    .option('--kx-clock-window <seconds>', 'KX Connect clock window (default 900)', seconds('--kx-clock-window', true))
    .option('--kx-session-idle <minutes>', 'KX Connect session idle timeout (default 30)', seconds('--kx-session-idle', true, 'minutes'))
    .option('--no-ui', 'turn off the inspector page at /__sigkit/ui (on by default)')
    .option('--allowed-hosts <names>', 'Host names the admin API answers besides loopback names and the bound address, comma-separated (e.g. mock.internal; * for any)')
    .option('--admin-token <token>', 'require this token (Authorization: Bearer) on the admin API /__sigkit; default SIGKIT_ADMIN_TOKEN, or one generated and printed when --host is not loopback')
    .option('--replay <file>', 'answer matching requests (method, path, canonical query) with the recorded answers of this HAR (sigkit proxy --record), after verifying them as usual')
    .option('--cors [origins]', 'answer browsers\' preflights and add CORS headers: any origin, or only these (comma-separated, e.g. http://localhost:5173)')
    .action(async (flags: MockCommandFlags) => {
      // A launcher repeats the signal that stops the mock: Ctrl-C reaches pnpm and the mock at once,
      // and pnpm forwards it again. Node's ordinary exit closes its signal handlers before the process
      // is gone, so a repeat landing then kills it, and pnpm reports a failed command. These handlers
      // stay to the end, and the explicit exit skips that teardown. Nothing is left to write by then.
      const ignoreRepeat = () => {};
      process.on('SIGINT', ignoreRepeat).on('SIGTERM', ignoreRepeat);
      try {
        await runMockCommand(flags);
      } catch (error) {
        process.off('SIGINT', ignoreRepeat).off('SIGTERM', ignoreRepeat);
        throw error;
      }
      process.exit(0);
    });
}

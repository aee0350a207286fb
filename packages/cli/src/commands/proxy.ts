/** `sigkit proxy`: a verifying proxy in front of the real platform; prints one ready line, one line per rejection or disagreement, and stops cleanly on SIGINT/SIGTERM. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ProxyOptions } from '@sigkit/mock-server/node';
import { CliError } from '../cliError.js';
import { callerDirectory } from './callerDirectory.js';
import { MOCK_DEFAULT_HOST, MOCK_DEFAULT_PORT, MOCK_KX_PROFILE_NAMES, MOCK_PROFILE_NAMES } from './mockDefaults.js';

/** The flags of `sigkit proxy`, as commander parses them. */
export interface ProxyCommandFlags {
  target: string;
  port?: number;
  host?: string;
  insecure?: boolean;
  ca?: string;
  record?: string;
  /** xConnect keys, paired in order with `secretKey`. */
  apiKey: string[];
  secretKey: string[];
  /** KX users, paired in order with `kxPassword`. */
  kxUser: string[];
  kxPassword: string[];
  timeout?: number;
  bodyLimit?: number;
  profile?: (typeof MOCK_PROFILE_NAMES)[number];
  kxProfile?: (typeof MOCK_KX_PROFILE_NAMES)[number];
  preserveHost?: boolean;
}

function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive integer.`);
    return Number(value);
  };
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError('--port must be an integer from 0 to 65535.');
  return Number(value);
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Turns the flags into proxy options: credentials paired in the order given, the CA read from its
 * file, the recording's path made absolute. Throws {@link CliError} with a one-line message on
 * unusable input.
 */
export async function planProxyCommand(flags: ProxyCommandFlags, cwd: string = callerDirectory()): Promise<{ options: ProxyOptions; port: number; host: string }> {
  let target: URL;
  try {
    target = new URL(flags.target);
  } catch {
    throw new CliError(`--target must be a URL such as https://platform.example, got "${flags.target}"`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new CliError(`--target must be an http:// or https:// URL, got "${flags.target}"`);
  if (flags.apiKey.length !== flags.secretKey.length) {
    throw new CliError(`give one --secret-key for each --api-key, in the same order (got ${flags.apiKey.length} api keys and ${flags.secretKey.length} secret keys)`);
  }
  if (flags.kxUser.length !== flags.kxPassword.length) {
    throw new CliError(`give one --kx-password for each --kx-user, in the same order (got ${flags.kxUser.length} users and ${flags.kxPassword.length} passwords)`);
  }
  const options: ProxyOptions = {
    target: flags.target,
    credentials: flags.apiKey.map((apiKey, i) => ({ apiKey, secretKey: flags.secretKey[i]! })),
    kxUsers: flags.kxUser.map((username, i) => ({ username, password: flags.kxPassword[i]! })),
  };
  if (flags.insecure) options.insecure = true;
  if (flags.preserveHost) options.preserveHost = true;
  if (flags.ca !== undefined) {
    const path = resolve(cwd, flags.ca);
    try {
      options.ca = await readFile(path);
    } catch (error) {
      throw new CliError(`cannot read the CA certificate "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (flags.record !== undefined) options.record = resolve(cwd, flags.record);
  if (flags.timeout !== undefined) options.timeoutMs = flags.timeout;
  if (flags.bodyLimit !== undefined) options.bodyLimit = flags.bodyLimit;
  if (flags.profile !== undefined) options.profile = flags.profile;
  if (flags.kxProfile !== undefined) options.kxProfile = flags.kxProfile;
  return { options, port: flags.port ?? MOCK_DEFAULT_PORT, host: flags.host ?? MOCK_DEFAULT_HOST };
}

/** Starts the proxy as planned, prints the ready line, and resolves once SIGINT or SIGTERM has closed it (and written the recording). */
export async function runProxyCommand(flags: ProxyCommandFlags, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  const plan = await planProxyCommand(flags);
  const { createProxy } = await import('@sigkit/mock-server/node');
  const { cliVersion } = await import('../version.js');
  let proxy;
  try {
    proxy = createProxy({ ...plan.options, report: (line) => print(`sigkit proxy: ${line}`), version: cliVersion() });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let signalled: () => void = () => {};
  const stopped = new Promise<void>((done) => (signalled = done));
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);
  try {
    const address = await proxy.listen(plan.port, plan.host);
    print(`sigkit proxy listening on ${address.url}`);
    if (address.exposure) {
      const token = address.exposure.generated ? `generated token ${address.exposure.adminToken}` : 'token given';
      print(`sigkit proxy WARNING: ${plan.host} is not loopback, so the network can reach this proxy; its admin API (/__sigkit, which lists the secret keys it verifies with) requires "Authorization: Bearer <token>" with the ${token}`);
    }
    await stopped;
  } finally {
    await proxy.close();
    process.off('SIGINT', signalled);
    process.off('SIGTERM', signalled);
  }
}

/**
 * Adds the `proxy` command to a program: it runs until SIGINT or SIGTERM, then writes the
 * recording (with `--record`), closes, and exits 0.
 *
 * @example
 * ```ts
 * registerProxyCommand(program);
 * await program.parseAsync(['node', 'sigkit', 'proxy', '--target', 'https://platform.example', '--port', '0']);
 * ```
 */
export function registerProxyCommand(program: Command): Command {
  return program
    .command('proxy')
    .description('a verifying proxy in front of the real platform: forwards every request unchanged, verifies it locally, explains rejections (journal under /__sigkit), records a HAR')
    .requiredOption('--target <url>', 'the platform to forward to, e.g. https://platform.example')
    .option('-p, --port <port>', `port to listen on, 0 for any free port (default ${MOCK_DEFAULT_PORT})`, port)
    .option('-H, --host <host>', `address to bind (default ${MOCK_DEFAULT_HOST})`)
    .option('--insecure', 'accept any certificate from an HTTPS target (a self-signed one)')
    .option('--ca <file>', 'PEM certificate of the authority that signed the target\'s certificate')
    .option('--record <file>', 'write what passed to this HAR file, secrets redacted (replay it with sigkit mock --replay)')
    .option('--api-key <key>', 'xConnect api key to verify with (repeatable; default: the signing guide\'s example key)', collect, [])
    .option('--secret-key <secret>', 'its secret key (one per --api-key, in order)', collect, [])
    .option('--kx-user <name>', 'KX user whose logins are checked and sessions learned (repeatable; default: the guides\' users)', collect, [])
    .option('--kx-password <password>', 'its password (one per --kx-user, in order)', collect, [])
    .option('--timeout <ms>', 'answer 504 when the target stays silent this long (default 30000)', positiveInteger('--timeout'))
    .option('--body-limit <bytes>', 'largest request body forwarded (streamed, not held whole); larger gets 413 (default 1048576)', positiveInteger('--body-limit'))
    .addOption(new Option('--profile <name>', 'xConnect rules the local verdict follows: strict (the kit\'s, default) or moonstone (the published platform\'s)').choices(MOCK_PROFILE_NAMES))
    .addOption(new Option('--kx-profile <name>', 'KX Connect signing profile of the target (default: the kit\'s)').choices(MOCK_KX_PROFILE_NAMES))
    .option('--preserve-host', 'send the client\'s Host header to the target instead of the target\'s host')
    .action(async (flags: ProxyCommandFlags) => {
      // As `sigkit mock`: a launcher repeats the stopping signal, and a repeat must not kill the process mid-close.
      const ignoreRepeat = () => {};
      process.on('SIGINT', ignoreRepeat).on('SIGTERM', ignoreRepeat);
      try {
        await runProxyCommand(flags);
      } catch (error) {
        process.off('SIGINT', ignoreRepeat).off('SIGTERM', ignoreRepeat);
        throw error;
      }
      process.exit(0);
    });
}

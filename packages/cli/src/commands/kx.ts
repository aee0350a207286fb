/** `sigkit kx`: the guides' KX Connect client: log in, call an analytic, print the table, export CSV, draw the line graph. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { KX_VARIANT_NAMES, type KxVariantName } from '@sigkit/signer';
import { imageSize, jsonObject } from './argumentValues.js';
import { DEFAULT_TIMEOUT_SECONDS, platformIo, timeoutSeconds, type PlatformCommandIo } from './platformIo.js';

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
      // The client, table, CSV and plot load only when the command runs.
      const { runKxCommand } = await import('./runKx.js');
      await runKxCommand({ hostPort, user, password, method }, options, io);
    });
}

/** The `sigkit explain` command: says why a captured request's signature is wrong, step by step. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { KX_VARIANT_NAMES, type KxVariantName } from '@sigkit/signer';
import type { CaptureExplanation, CaptureFormat, CapturedRequest, ExplainCredentials } from '@sigkit/conformance';
import { colorFor, commandIo, EXIT, usageError, type CommandIo } from './check.js';

interface ExplainCommandOptions {
  scheme?: 'xconnect' | 'kx';
  format: CaptureFormat;
  entry?: number;
  journal?: string;
  mockUrl: string;
  apiKey?: string;
  secretKey?: string;
  username?: string;
  sessionId?: string;
  profile?: KxVariantName | 'default';
  json?: boolean;
}

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
};

const profileName = (value: string): KxVariantName | 'default' => {
  if (value === 'default' || (KX_VARIANT_NAMES as readonly string[]).includes(value)) return value as KxVariantName | 'default';
  throw new InvalidArgumentError(`profiles are default, ${KX_VARIANT_NAMES.join(', ')}.`);
};

/**
 * Registers `sigkit explain` on a commander program.
 *
 * ```
 * sigkit explain [capture] [--format auto|http|curl|har] [--entry N] [--journal ID [--mock-url URL]]
 *                [--scheme xconnect|kx] [--api-key K] [--secret-key S] [--username U] [--session-id ID]
 *                [--profile default|<variant>] [--json]
 * ```
 * `capture` is a file (a raw HTTP request, a curl command or a HAR) or `-` for standard input.
 * Credentials default to XCONNECT_API_KEY, XCONNECT_SECRET_KEY, KX_USER and KX_SESSION_ID.
 * Exit status, like diff: 0 the signature matches, 1 it does not, 2 the capture or options cannot be used.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerExplainCommand(program);
 * await program.parseAsync(['explain', 'request.txt', '--secret-key', secret], { from: 'user' });
 * ```
 */
export function registerExplainCommand(program: Command, overrides: Partial<CommandIo> = {}): Command {
  const io = commandIo(overrides);
  return program
    .command('explain')
    .description("explain a captured request's signature: expected trace beside what was sent, first differing step, the known deviation that reproduces it")
    .argument('[capture]', 'a raw HTTP request, curl command or HAR file; - for standard input')
    .addOption(new Option('--format <format>', 'capture format').choices(['auto', 'http', 'curl', 'har']).default('auto'))
    .option('--entry <n>', 'HAR: the entry to explain (default: the only one, or the first signed one)', wholeNumber)
    .option('--journal <id>', 'explain entry <id> of a running mock\'s journal instead of a capture: the mock explains it with the key it holds (as its inspector shows), unless --secret-key or --session-id is given')
    .option('--mock-url <url>', 'the running mock', 'http://127.0.0.1:8080')
    .addOption(new Option('--scheme <scheme>', 'signing scheme (default: guessed from the headers)').choices(['xconnect', 'kx']))
    .option('--api-key <key>', 'xconnect api key (default: XCONNECT_API_KEY, else the request\'s x-arrow-apikey)')
    .option('--secret-key <secret>', 'xconnect secret key (default: XCONNECT_SECRET_KEY)')
    .option('--username <name>', 'kx username (default: KX_USER, else read from the Authorization header)')
    .option('--session-id <id>', 'kx sessionId (default: KX_SESSION_ID)')
    .option('--profile <name>', `kx server profile: default or one of ${KX_VARIANT_NAMES.join(', ')}`, profileName)
    .option('--json', 'print the explanation as JSON')
    .action(async (capture: string | undefined, options: ExplainCommandOptions) => {
      try {
        await runExplain(capture, options, io);
      } catch (error) {
        usageError(io, 'explain', error);
      }
    });
}

async function runExplain(capture: string | undefined, options: ExplainCommandOptions, io: CommandIo): Promise<void> {
  // Loaded when the command runs, so that `sigkit mock` starts without the conformance kit.
  const { explainCapture, fetchJournalEntry, fetchJournalExplanation, formatExplanation, readCapture } = await import('@sigkit/conformance');
  const pick = (given: string | undefined, variable: string) => given ?? (io.env[variable] || undefined);
  const apiKey = pick(options.apiKey, 'XCONNECT_API_KEY');
  const secretKey = pick(options.secretKey, 'XCONNECT_SECRET_KEY');
  const username = pick(options.username, 'KX_USER');
  const sessionId = pick(options.sessionId, 'KX_SESSION_ID');
  let explanation: CaptureExplanation;
  if (options.journal !== undefined && capture !== undefined) throw new Error('give either a capture file or --journal <id>, not both');
  if (options.journal !== undefined && secretKey === undefined && sessionId === undefined && options.scheme === undefined && options.profile === undefined) {
    // The mock explains its own entry with the secret it holds (its admin API never lists secrets),
    // by the same explainer: the text below is the one its inspector shows.
    explanation = await fetchJournalExplanation(options.journal, options.mockUrl);
  } else {
    let captured: CapturedRequest;
    if (options.journal !== undefined) captured = await fetchJournalEntry(options.journal, options.mockUrl);
    else {
      if (capture === undefined) throw new Error('nothing to explain: give a capture file (or - for standard input) or --journal <id>');
      const input = capture === '-' ? readStdin() : readFile(resolve(io.cwd, capture));
      captured = readCapture(input, { format: options.format, cwd: io.cwd, ...(options.entry !== undefined && { entry: options.entry }) });
    }
    const credentials: ExplainCredentials = {};
    if (apiKey !== undefined) credentials.apiKey = apiKey;
    if (secretKey !== undefined) credentials.secretKey = secretKey;
    if (username !== undefined) credentials.username = username;
    if (sessionId !== undefined) credentials.sessionId = sessionId;
    explanation = explainCapture(captured, credentials, {
      ...(options.scheme !== undefined && { scheme: options.scheme }),
      ...(options.profile !== undefined && options.profile !== 'default' && { profile: options.profile }),
    });
  }
  const text = options.json ? JSON.stringify(explanation, null, 2) + '\n' : formatExplanation(explanation, { painter: pc.createColors(colorFor(io.stdout, io.env)) });
  io.stdout.write(text);
  io.setExitCode(explanation.signatureMatches ? EXIT.pass : EXIT.fail);
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new Error(`cannot read standard input: ${(error as Error).message}`);
  }
}

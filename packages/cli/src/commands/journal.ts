/** The `sigkit journal` command: a running mock's journal as a list, a HAR file, or one request as a curl command line. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { commandIo, EXIT, usageError, type CommandIo } from './check.js';

interface JournalCommandOptions {
  mockUrl: string;
  har?: string;
  curl?: number;
  limit: number;
}

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
};

const journalLimit = (value: string) => {
  const n = wholeNumber(value);
  if (n < 1 || n > 1000) throw new InvalidArgumentError('must be from 1 to 1000 (the journal answers at most 1000 entries at once).');
  return n;
};

/**
 * Registers `sigkit journal` on a commander program.
 *
 * ```
 * sigkit journal [--mock-url URL] [--limit N]     # one line per entry: id, request, status, verdict
 * sigkit journal --har FILE                       # the entries as HAR 1.2 (- for standard output)
 * sigkit journal --curl N                         # entry N as a curl command that sends it again
 * ```
 * Exit status: 0 done, 2 the mock cannot be reached or the options cannot be used.
 *
 * @example
 * ```ts
 * const program = new Command('sigkit');
 * registerJournalCommand(program);
 * await program.parseAsync(['journal', '--curl', '12'], { from: 'user' });
 * ```
 */
export function registerJournalCommand(program: Command, overrides: Partial<CommandIo> = {}): Command {
  const io = commandIo(overrides);
  return program
    .command('journal')
    .description("a running mock's journal: list it, write it as HAR 1.2 (--har), or print one request as a curl command (--curl)")
    .option('--mock-url <url>', 'the running mock', 'http://127.0.0.1:8080')
    .option('--har <file>', 'write the journal as HAR 1.2 to <file> (- for standard output)')
    .option('--curl <id>', 'print journal entry <id> as a curl command line that sends it again', wholeNumber)
    .option('--limit <n>', 'at most this many entries, the newest (1-1000)', journalLimit, 100)
    .action(async (options: JournalCommandOptions) => {
      try {
        await runJournal(options, io);
      } catch (error) {
        usageError(io, 'journal', error);
      }
    });
}

async function getJson(url: URL, env: NodeJS.ProcessEnv): Promise<unknown> {
  let answer: Response;
  try {
    // A mock that requires an admin token gets it from SIGKIT_ADMIN_TOKEN, as `sigkit explain --journal` sends it.
    const token = env.SIGKIT_ADMIN_TOKEN;
    answer = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new Error(`cannot reach the mock at ${url.origin}: ${(error as Error).message} (expected a running \`sigkit mock\`; pass --mock-url if it is elsewhere)`);
  }
  const body = (await answer.json().catch(() => null)) as { message?: unknown } | null;
  if (!answer.ok) throw new Error(`the mock answered ${answer.status} for ${url.pathname}${url.search}${typeof body?.message === 'string' ? `: ${body.message}` : ''}`);
  return body;
}

async function runJournal(options: JournalCommandOptions, io: CommandIo): Promise<void> {
  if (options.har !== undefined && options.curl !== undefined) throw new Error('give either --har or --curl, not both');
  const base = options.mockUrl.replace(/\/+$/, '');
  if (options.curl !== undefined) {
    // Loaded when the command runs, so that `sigkit mock` starts without the conformance kit.
    const { fetchJournalRecord, journalEntryToCurl } = await import('@sigkit/conformance');
    const { command, notes } = journalEntryToCurl(await fetchJournalRecord(options.curl, base), base);
    // Notes go to stderr, so that stdout is the command alone (`sigkit journal --curl 3 | sh`, or `| sigkit explain -`).
    for (const note of notes) io.stderr.write(`sigkit journal: note: ${note}\n`);
    io.stdout.write(`${command}\n`);
    io.setExitCode(EXIT.pass);
    return;
  }
  if (options.har !== undefined) {
    const har = (await getJson(new URL(`/__sigkit/journal?format=har&limit=${options.limit}`, `${base}/`), io.env)) as { log?: { entries?: unknown[] } };
    const text = `${JSON.stringify(har, null, 2)}\n`;
    if (options.har === '-') io.stdout.write(text);
    else {
      const path = resolve(io.cwd, options.har);
      writeFileSync(path, text);
      io.stderr.write(`sigkit journal: wrote ${har.log?.entries?.length ?? 0} entries to ${path}\n`);
    }
    io.setExitCode(EXIT.pass);
    return;
  }
  const list = (await getJson(new URL(`/__sigkit/journal?order=asc&limit=${options.limit}`, `${base}/`), io.env)) as {
    entries?: { id: number; method: string; target: string; response?: { status?: number | null }; verdict?: { code?: string } | null }[];
  };
  for (const e of list.entries ?? []) {
    io.stdout.write(`${String(e.id).padStart(5)}  ${e.method} ${e.target}  ${e.response?.status ?? 'closed'}${e.verdict ? ` ${e.verdict.code}` : ''}\n`);
  }
  io.setExitCode(EXIT.pass);
}

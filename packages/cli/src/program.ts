/**
 * The `sigkit` program: one commander command per module under `commands/`. Registering a command
 * loads only its options and help; each command loads what it runs (the mock, the conformance kit,
 * plotting) with `import()` in its action, so that every command starts as fast as Node allows.
 */
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerJournalCommand } from './commands/journal.js';
import { registerKxCommand } from './commands/kx.js';
import { registerMockCommand } from './commands/mock.js';
import { registerPostmanCommand } from './commands/postman.js';
import { registerProxyCommand } from './commands/proxy.js';
import { registerSignCommand } from './commands/sign.js';
import { registerXConnectCommand } from './commands/xconnect.js';
import { cliVersion } from './version.js';

/**
 * Builds the `sigkit` program with every command registered. Errors are thrown, not printed, so
 * the caller decides how to report them (see {@link runSigkit}).
 */
export function createProgram(): Command {
  // Commands created with program.command() inherit exitOverride and the output settings, so a
  // parse error in any command is thrown to runSigkit and printed there as one line.
  const program = new Command('sigkit')
    .description('conformance kit and mock platform for the xConnect and KX Connect request-signing schemes')
    .version(cliVersion(), '-V, --version', 'print the version of sigkit')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  registerMockCommand(program);
  registerCheckCommand(program);
  registerExplainCommand(program);
  registerJournalCommand(program);
  registerKxCommand(program);
  registerXConnectCommand(program);
  registerSignCommand(program);
  registerPostmanCommand(program);
  registerProxyCommand(program);
  return program;
}

/** One line for any failure: commander's parse errors, our own, or a dependency's. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^error: /, '').replace(/\s*\n+\s*/g, ' ').trim();
}

/**
 * Runs the program on `argv` (without `node` and the script) and returns the exit code: 0 done,
 * 1 failed, 2 the command line could not be used. Failures print `sigkit: <message>` on one line
 * to stderr; help and version print normally. Commands may also set `process.exitCode` themselves.
 */
export async function runSigkit(argv: readonly string[], stderr: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  const program = createProgram();
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (error.exitCode === 0) return 0;
      stderr(`sigkit: ${oneLine(error)}`);
      return 2;
    }
    stderr(`sigkit: ${oneLine(error)}`);
    return 1;
  }
}

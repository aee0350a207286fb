/** `sigkit` as a process: the program run on the command line, its exit code set, a closed pipe taken calmly. */
import { runSigkit } from './program.js';

/**
 * Runs the program on `argv` as the process itself, for the `sigkit` executable and the single-file
 * binary alike: sets `process.exitCode` and lets a reader that stops early (`sigkit … | head`) close
 * the pipe, which is the reader's choice, not a failure.
 *
 * @example
 * ```ts
 * await runSigkitProcess(process.argv.slice(2));
 * ```
 */
export async function runSigkitProcess(argv: readonly string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await runSigkit(argv);
}

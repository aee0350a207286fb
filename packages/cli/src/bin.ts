#!/usr/bin/env node
/** The `sigkit` executable. */
import { runSigkit } from './program.js';

// A reader that stops early (`sigkit … | head`) closes the pipe: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runSigkit(process.argv.slice(2));

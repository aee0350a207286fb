#!/usr/bin/env node
/** The `sigkit` executable. */
import { runSigkit } from './program.js';

process.exitCode = await runSigkit(process.argv.slice(2));

/** @sigkit/cli: the `sigkit` command, usable programmatically. */
export { createProgram, runSigkit } from './program.js';
export { CliError } from './cliError.js';
export { planMockCommand, registerMockCommand, runMockCommand, type MockCommandFlags, type MockCommandPlan } from './commands/mock.js';

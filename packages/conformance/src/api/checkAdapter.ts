/** Checks any language's signer or verifier through an adapter process (PROTOCOL.md). */
import { startAdapter } from '../adapter/startAdapter.js';
import type { Role } from '../protocol/types.js';
import type { ConformanceReport } from '../report/types.js';
import { runSuite } from '../run/runSuite.js';
import { runOptions } from './checkClient.js';
import { suiteFor, type CheckOptions } from './options.js';

/** Options of {@link checkAdapter}. */
export interface CheckAdapterOptions extends CheckOptions {
  /** The adapter command line, run once through the shell. */
  command: string;
  /** `signer` (default) for a client, `verifier` for a server. */
  role?: Role;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long the adapter may go without answering, ms (default 15 000). */
  stallTimeoutMs?: number;
  /** Receives the adapter's stderr. */
  onStderr?: (text: string) => void;
}

/**
 * Starts the adapter once, pipelines the vectors and generated cases through it, shrinks failures
 * (through the same process), closes it, and returns the report. An adapter that cannot run is
 * reported in `report.fatal`, not thrown.
 *
 * @example
 * ```ts
 * const report = await checkAdapter({ scheme: 'xconnect', command: 'python3 examples/adapters/xconnect_adapter.py', cases: 2000 });
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 */
export async function checkAdapter(options: CheckAdapterOptions): Promise<ConformanceReport> {
  const role = options.role ?? 'signer';
  const suite = suiteFor(options, role);
  const adapterOptions: Parameters<typeof startAdapter>[0] = { command: options.command, role };
  if (options.cwd !== undefined) adapterOptions.cwd = options.cwd;
  if (options.env !== undefined) adapterOptions.env = options.env;
  if (options.stallTimeoutMs !== undefined) adapterOptions.stallTimeoutMs = options.stallTimeoutMs;
  if (options.onStderr !== undefined) adapterOptions.onStderr = options.onStderr;
  const adapter = startAdapter(adapterOptions);
  try {
    return await runSuite(suite, { ...runOptions(options), exchange: adapter.exchange, revive: adapter.revive, subject: options.command });
  } finally {
    await adapter.close();
  }
}

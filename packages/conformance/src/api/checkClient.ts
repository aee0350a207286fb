/** Checks a JavaScript/TypeScript client's signer in process: the same cases and report as `sigkit check`. */
import type { SignedWire, SignRequest } from '../protocol/types.js';
import type { ConformanceReport } from '../report/types.js';
import { runSuite } from '../run/runSuite.js';
import { inProcessExchange } from './inProcessExchange.js';
import { suiteFor, type CheckOptions } from './options.js';

/** Options of {@link checkClient}. */
export interface CheckClientOptions extends CheckOptions {
  /**
   * Signs one request (the protocol's request line, which it must not modify) and returns the
   * request the client would send. A throw counts as refusing a valid request.
   */
  sign: (input: SignRequest) => SignedWire | Promise<SignedWire>;
}

/**
 * Runs the vectors and `cases` generated requests through `sign`, judges every answer with the
 * reference verifier, shrinks failures and returns the report; usable inside any test runner.
 *
 * @example
 * ```ts
 * import { checkClient, formatReport } from '@sigkit/conformance';
 *
 * it('signs like the platform', async () => {
 *   const report = await checkClient({
 *     scheme: 'xconnect',
 *     cases: 500,
 *     seed: 1,
 *     sign: async (input) => {
 *       if (input.scheme !== 'xconnect') throw new Error('xconnect only');
 *       const request = myClient.buildRequest(input); // your signer
 *       return { method: request.method, target: request.url, headers: request.headers, body: request.body };
 *     },
 *   });
 *   expect(report.ok, formatReport(report)).toBe(true);
 * });
 * ```
 */
export async function checkClient(options: CheckClientOptions): Promise<ConformanceReport> {
  const suite = suiteFor(options, 'signer');
  return runSuite(suite, { ...runOptions(options), exchange: inProcessExchange('signer', options.sign), subject: 'in-process' });
}

/** The runner options carried over from check options. @internal */
export function runOptions(options: CheckOptions) {
  const out: { cases?: number; seed?: number; timeLimitMs?: number; maxShrunkFailures?: number; onProgress?: CheckOptions['onProgress'] } = {};
  if (options.cases !== undefined) out.cases = options.cases;
  if (options.seed !== undefined) out.seed = options.seed;
  if (options.timeLimitMs !== undefined) out.timeLimitMs = options.timeLimitMs;
  if (options.maxShrunkFailures !== undefined) out.maxShrunkFailures = options.maxShrunkFailures;
  if (options.onProgress !== undefined) out.onProgress = options.onProgress;
  return out;
}

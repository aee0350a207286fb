/** Checks a JavaScript/TypeScript verifier (a gateway or a mock) in process: valid, invalid and tampered requests. */
import type { VerifierAnswer, VerifyRequest } from '../protocol/types.js';
import type { ConformanceReport } from '../report/types.js';
import { runSuite } from '../run/runSuite.js';
import { runOptions } from './checkClient.js';
import { inProcessExchange } from './inProcessExchange.js';
import { suiteFor, type CheckOptions } from './options.js';

/** Options of {@link checkVerifier}. */
export interface CheckVerifierOptions extends CheckOptions {
  /** Judges one request with the given server configuration: true (or `{ valid: true }`) lets it in. */
  verify: (input: VerifyRequest) => boolean | VerifierAnswer | Promise<boolean | VerifierAnswer>;
}

/**
 * Feeds `verify` the valid and invalid vectors and property-generated tampered requests; every
 * invalid request it accepts is a failure named by its flag, every valid one it refuses too.
 *
 * @example
 * ```ts
 * const report = await checkVerifier({
 *   scheme: 'xconnect',
 *   verify: (input) => input.scheme === 'xconnect' && myGateway.accepts(input.wire, input.credentials, new Date(input.now)),
 * });
 * ```
 */
export async function checkVerifier(options: CheckVerifierOptions): Promise<ConformanceReport> {
  const suite = suiteFor(options, 'verifier');
  return runSuite(suite, { ...runOptions(options), exchange: inProcessExchange('verifier', options.verify), subject: 'in-process' });
}

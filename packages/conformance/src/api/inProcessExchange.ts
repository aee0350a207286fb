/** Adapts an in-process signer or verifier function to the Exchange the runner drives. */
import { readAnswer } from '../protocol/readAnswer.js';
import type { Exchange, ProtocolRequest, Reply, Role } from '../protocol/types.js';

/**
 * An Exchange that calls `implementation` directly: its return value is read like an adapter's
 * answer line, a throw becomes an error reply (with the error's `code` when it has one).
 *
 * @example
 * ```ts
 * const exchange = inProcessExchange('signer', (input) => mySigner(input));
 * ```
 */
export function inProcessExchange(role: Role, implementation: (request: never) => unknown): Exchange {
  const call = implementation as (request: ProtocolRequest) => unknown;
  return async (request: ProtocolRequest): Promise<Reply> => {
    try {
      const answer = await call(request);
      if (role === 'verifier' && typeof answer === 'boolean') return { kind: 'verdict', valid: answer };
      return readAnswer(answer, role);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
      return code === undefined ? { kind: 'error', message } : { kind: 'error', message, code };
    }
  };
}

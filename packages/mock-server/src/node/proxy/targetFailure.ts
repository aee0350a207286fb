/** Why the target gave no answer, as the status the proxy answers with and a sentence the client can act on. */

// undici's codes for a target that stayed silent (connecting, before its headers, between body bytes), and the system's.
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
// A connection closed under a request: Node's codes and undici's socket error.
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Describes a failure to reach the target or to get its answer: 504 for silence past `timeoutMs`,
 * 502 for the rest (refused, unresolvable, reset, TLS), each with what to check.
 *
 * @example
 * ```ts
 * describeTargetFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'http://127.0.0.1:9', 30_000);
 * // { status: 502, message: 'the target http://127.0.0.1:9 refused the connection (ECONNREFUSED): is it running, on that port?' }
 * ```
 */
export function describeTargetFailure(error: NodeJS.ErrnoException, targetUrl: string, timeoutMs: number): { status: number; message: string } {
  // A TLS failure may arrive wrapped by the transport: its cause carries the certificate's code.
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  const code = error.code ?? cause?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return { status: 504, message: `the target ${targetUrl} did not answer within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { status: 502, message: `the target ${targetUrl} refused the connection (ECONNREFUSED): is it running, on that port?` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { status: 502, message: `cannot resolve the target's host ${new URL(targetUrl).hostname} (${code})` };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate/i.test(error.message)) {
    return { status: 502, message: `TLS with the target ${targetUrl} failed: ${error.message} (${code}); pass --insecure, or --ca with the authority's certificate` };
  }
  if (RESET_CODES.has(code) || error.message === 'socket hang up') {
    return { status: 502, message: `the target ${targetUrl} closed the connection without an answer (${code || error.message}${error.message && code ? `: ${error.message}` : ''})` };
  }
  return { status: 502, message: `the target ${targetUrl} failed: ${error.message}${code ? ` (${code})` : ''}` };
}

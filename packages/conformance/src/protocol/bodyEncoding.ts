/** Carries body bytes inside JSON messages: UTF-8 text as `body`, anything else as `bodyBase64`. */
import { ConformanceError } from '../errors.js';
import type { BodyFields } from './types.js';

/** The JSON fields for a body (`{ body }` for UTF-8, `{ bodyBase64 }` otherwise), shared with the explainer. */
export { bodyFields } from '@sigkit/signer/explain';

/**
 * The bytes of a message's body: `body` as UTF-8, or `bodyBase64` decoded; empty when neither.
 * Throws `INVALID_BODY` when both are given, either is not a string, or the Base64 is malformed.
 *
 * @example
 * ```ts
 * bodyBytesOf({ bodyBase64: '/w==' }); // Uint8Array [ 255 ]
 * ```
 */
export function bodyBytesOf(message: BodyFields & { body?: unknown; bodyBase64?: unknown }): Uint8Array {
  const { body, bodyBase64 } = message;
  if (body !== undefined && body !== null && bodyBase64 !== undefined && bodyBase64 !== null) {
    throw new ConformanceError('INVALID_BODY', 'both body and bodyBase64 are given', { expected: 'at most one of body (UTF-8 text) and bodyBase64' });
  }
  if (bodyBase64 !== undefined && bodyBase64 !== null) {
    // Node's decoder skips characters it does not know, so a strict check is a native round trip
    // (a regex over a 256 KiB body cost more than signing it).
    const bytes = typeof bodyBase64 === 'string' && bodyBase64.length % 4 === 0 ? Buffer.from(bodyBase64, 'base64') : undefined;
    if (bytes === undefined || bytes.toString('base64') !== bodyBase64) {
      throw new ConformanceError('INVALID_BODY', 'bodyBase64 is not standard padded Base64', { expected: 'standard Base64 with padding, e.g. "/w=="' });
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body !== 'string') throw new ConformanceError('INVALID_BODY', `body must be a string, got ${typeof body}`, { expected: 'UTF-8 text, or bodyBase64 for other bytes' });
  return new Uint8Array(Buffer.from(body, 'utf8'));
}

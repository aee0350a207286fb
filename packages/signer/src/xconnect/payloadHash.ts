/** Step 1b: lowercase hex SHA-256 of the body bytes (docs/spec/xconnect.md §1.1). */
import { sha256Hex } from '../shared/crypto.js';
import { requireBody } from '../shared/validate.js';

/** SHA-256 of the empty string: the payload hash of every request without a body. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Lowercase hex SHA-256 of the body as sent; a string is hashed as UTF-8, an absent body as `''`.
 *
 * @example
 * ```ts
 * payloadHash(''); // 'e3b0c442…b855'
 * ```
 */
export function payloadHash(body?: string | Uint8Array | null): string {
  const bytes = requireBody(body);
  return bytes.length === 0 ? EMPTY_PAYLOAD_HASH : sha256Hex(bytes);
}

/** Step 3: the chained HMAC-SHA256 signing key (spec xconnect §1.3, §2). */
import { hmacSha256Hex } from '../shared/crypto.js';

/** The three steps of the key chain; `k3` is the key that signs the string to sign. */
export interface SigningKeyChain {
  k1: string;
  k2: string;
  k3: string;
}

/**
 * Derives the signing key, keeping every step. Each step's lowercase hex text is the next step's
 * input. Version 1: `k1 = HMAC(apiKey, secretKey)`; version 2 swaps the first step's key and data,
 * `k1 = HMAC(secretKey, apiKey)`; then `k2 = HMAC(timestamp, k1)` and `k3 = HMAC(version, k2)`.
 *
 * @example
 * ```ts
 * const { k3 } = signingKey({ apiKey, secretKey, timestamp: '2016-04-12T14:28:36.218Z', version: 1 });
 * ```
 */
export function signingKey(input: { apiKey: string; secretKey: string; timestamp: string; version: 1 | 2 }): SigningKeyChain {
  const { apiKey, secretKey, timestamp, version } = input;
  const k1 = version === 2 ? hmacSha256Hex(secretKey, apiKey) : hmacSha256Hex(apiKey, secretKey);
  const k2 = hmacSha256Hex(timestamp, k1);
  const k3 = hmacSha256Hex(String(version), k2);
  return { k1, k2, k3 };
}

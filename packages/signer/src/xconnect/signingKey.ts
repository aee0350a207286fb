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
  const k1 = firstKey(apiKey, secretKey, version);
  const k2 = hmacSha256Hex(timestamp, k1);
  const k3 = hmacSha256Hex(String(version), k2);
  return { k1, k2, k3 };
}

/** The first link for one api key, kept with the secret it was derived from. */
interface FirstKeys {
  secretKey: string;
  v1: string | undefined;
  v2: string | undefined;
}

// The first link depends on the credentials alone, so a client signing, or a server verifying,
// many requests with one key pair derives it once (as SigV4 implementations keep their signing
// key). Bounded: the cache is emptied when it holds this many api keys.
const FIRST_KEY_CACHE_LIMIT = 1024;
const firstKeys = new Map<string, FirstKeys>();

function firstKey(apiKey: string, secretKey: string, version: 1 | 2): string {
  let entry = firstKeys.get(apiKey);
  if (entry === undefined || entry.secretKey !== secretKey) {
    if (firstKeys.size >= FIRST_KEY_CACHE_LIMIT) firstKeys.clear();
    entry = { secretKey, v1: undefined, v2: undefined };
    firstKeys.set(apiKey, entry);
  }
  if (version === 2) return (entry.v2 ??= hmacSha256Hex(secretKey, apiKey));
  return (entry.v1 ??= hmacSha256Hex(apiKey, secretKey));
}

/** Step 3: the chained HMAC-SHA256 signing key (docs/spec/xconnect.md §1.3, §2). */
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

// The first link depends on the credentials alone, so a client signing, or a server verifying,
// many requests with one key pair derives it once (as SigV4 implementations keep their signing
// key). The cache is direct-mapped: 1,024 slots in flat arrays, a slot chosen by a few characters
// of the api key, a colliding key simply taking the slot over. A Map of entry objects cost about
// 1 µs on every miss (an HMAC costs 1.5 µs) in allocation and garbage collection.
const SLOTS = 1024;
const slotApiKeys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const slotSecretKeys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const slotV1: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const slotV2: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/** A slot for an api key: FNV-1a over its length and up to eight characters spread across it. */
function slotOf(apiKey: string): number {
  const length = apiKey.length;
  let h = (2166136261 ^ length) >>> 0;
  const step = length > 8 ? length >>> 3 : 1;
  for (let i = length - 1, n = 0; i >= 0 && n < 8; i -= step, n += 1) h = Math.imul(h ^ apiKey.charCodeAt(i), 16777619);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

function firstKey(apiKey: string, secretKey: string, version: 1 | 2): string {
  const slot = slotOf(apiKey);
  if (slotApiKeys[slot] !== apiKey || slotSecretKeys[slot] !== secretKey) {
    slotApiKeys[slot] = apiKey;
    slotSecretKeys[slot] = secretKey;
    slotV1[slot] = undefined;
    slotV2[slot] = undefined;
  }
  if (version === 2) return (slotV2[slot] ??= hmacSha256Hex(secretKey, apiKey));
  return (slotV1[slot] ??= hmacSha256Hex(apiKey, secretKey));
}

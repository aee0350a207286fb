/** Step 2: the string to sign of versions 1 and 2 (docs/spec/xconnect.md §1.2). */
import { sha256Hex } from '../shared/crypto.js';

/**
 * `sha256hex(canonicalRequest) "\n" apiKey "\n" timestamp "\n" version`.
 *
 * @example
 * ```ts
 * stringToSign(canonical, apiKey, '2016-04-12T14:28:36.218Z', 1);
 * ```
 */
export function stringToSign(canonicalRequest: string, apiKey: string, timestamp: string, version: 1 | 2): string {
  return stringToSignFromHash(sha256Hex(canonicalRequest), apiKey, timestamp, version);
}

/** The same, from an already computed canonical-request hash. @internal */
export function stringToSignFromHash(canonicalRequestHash: string, apiKey: string, timestamp: string, version: string | number): string {
  return `${canonicalRequestHash}\n${apiKey}\n${timestamp}\n${version}`;
}

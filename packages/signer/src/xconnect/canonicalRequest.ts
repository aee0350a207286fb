/** Step 1: the canonical request of versions 1 and 2, and the legacy version-0 string (docs/spec/xconnect.md §1.1, §2). */

/**
 * `METHOD "\n" PATH "\n" (QUERY_LINE "\n")* payloadHash` for versions 1 and 2. The method is
 * upper-cased; the path is used exactly as sent; `queryLines` come from {@link canonicalQueryLines}.
 *
 * @example
 * ```ts
 * canonicalRequest('post', '/api/v1/kronos/gateways', ['age=30'], EMPTY_PAYLOAD_HASH);
 * // 'POST\n/api/v1/kronos/gateways\nage=30\ne3b0c442…'
 * ```
 */
export function canonicalRequest(method: string, path: string, queryLines: readonly string[], payloadHash: string): string {
  let out = `${method.toUpperCase()}\n${path}\n`;
  for (const line of queryLines) out += `${line}\n`;
  return out + payloadHash;
}

/**
 * The legacy version-0 string, which is also its string to sign: `METHOD "\n" PATH "\n"
 * (QUERY_LINE "\n")* "x-arrow-apikey=" apiKey "\n" "x-arrow-date=" timestamp`. The body is not covered.
 */
export function canonicalRequestV0(method: string, path: string, queryLines: readonly string[], apiKey: string, timestamp: string): string {
  let out = `${method.toUpperCase()}\n${path}\n`;
  for (const line of queryLines) out += `${line}\n`;
  return `${out}x-arrow-apikey=${apiKey}\nx-arrow-date=${timestamp}`;
}

/** The request as a server sees it on the wire, shared by both schemes' verifiers and explainers. */

/**
 * An HTTP request exactly as it travelled: what a server (or a proxy, or a capture) sees.
 *
 * @example
 * ```ts
 * const wire: WireRequest = {
 *   method: 'GET',
 *   target: '/api/v1/kronos/devices?_page=0&_size=20',
 *   headers: { 'x-arrow-apikey': '…', 'x-arrow-date': '…', 'x-arrow-version': '1', 'x-arrow-signature': '…' },
 *   body: '',
 * };
 * ```
 */
export interface WireRequest {
  /** The request method as sent (compared upper-cased). */
  method: string;
  /** The raw request-target: path plus `?` and the query exactly as sent, not decoded. */
  target: string;
  /** Header names in any case; a repeated header may be given as an array (the first value counts). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body bytes as sent; a string is taken as UTF-8; absent means empty. */
  body?: string | Uint8Array | null;
}

/**
 * The value of a header, its name looked up case-insensitively (the lowercase spelling first, as
 * Node and fetch hand headers over), or `undefined`. A repeated header given as an array yields its
 * first value. Verifiers, explainers and judges all read headers through this one lookup, so they
 * agree on which of two differently spelled headers counts.
 *
 * @example
 * ```ts
 * headerValue({ 'X-Arrow-Date': '2016-04-12T14:28:36.218Z' }, 'x-arrow-date'); // '2016-04-12T14:28:36.218Z'
 * ```
 */
export function headerValue(headers: WireRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node and fetch hand headers over with lowercase names: look that name up before scanning.
  const exact = headers[wanted];
  if (exact !== undefined) return typeof exact === 'string' ? exact : exact[0];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** Splits a request-target into its raw path and raw query (without `?`; `undefined` when absent). @internal */
export function splitTarget(target: string): { path: string; query: string | undefined } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: undefined } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

const NO_BYTES = Buffer.alloc(0);

/** Body bytes as a Buffer (a string body is UTF-8). @internal */
export function bodyBytes(body: WireRequest['body']): Buffer {
  if (body === undefined || body === null) return NO_BYTES;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** The headers the proxy forwards each way: as sent, in their case and order, without those that describe one hop's connection. */
import { intern } from '../../core/journal/intern.js';

/** Headers of one hop only: they describe the connection, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

/**
 * Request headers the proxy's HTTP client frames itself: the body's transfer coding (it streams the
 * body as it arrives, chunked unless a Content-Length came), and `Expect` (the proxy's server has
 * already answered `100 Continue` to the client, which is sending its body).
 */
const FRAMED_BY_THE_CLIENT = new Set(['transfer-encoding', 'expect']);

/**
 * The client's raw headers as forwarded: Host replaced by the target's unless preserved, hop-by-hop
 * headers and the body's framing dropped; the others in their case and order.
 *
 * @example
 * ```ts
 * forwardedHeaders(['Host', 'proxy:8080', 'X-Arrow-Date', '…', 'Connection', 'keep-alive'], 'platform.example', false);
 * // ['Host', 'platform.example', 'X-Arrow-Date', '…']
 * ```
 */
export function forwardedHeaders(rawHeaders: readonly string[], targetHost: string, preserveHost: boolean): string[] {
  const out: string[] = [];
  let hostSeen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || FRAMED_BY_THE_CLIENT.has(lower)) continue;
    if (lower === 'host') {
      if (hostSeen) continue;
      hostSeen = true;
      out.push(name, preserveHost ? rawHeaders[i + 1]! : targetHost);
      continue;
    }
    out.push(name, rawHeaders[i + 1]!);
  }
  if (!hostSeen && !preserveHost) out.push('Host', targetHost);
  return out;
}

/**
 * The target's raw answer headers (as the HTTP client hands them over, bytes) as strings, without
 * the hop-by-hop ones: the proxy's connection to the client has its own.
 *
 * @example
 * ```ts
 * answeredHeaders([Buffer.from('Content-Type'), Buffer.from('application/json'), Buffer.from('Connection'), Buffer.from('keep-alive')]);
 * // ['Content-Type', 'application/json']
 * ```
 */
export function answeredHeaders(rawHeaders: readonly (Buffer | string)[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    // Header bytes are Latin-1 on the wire (RFC 9110 §5.5): read them back as such, unchanged.
    const name = rawHeaders[i]!.toString('latin1');
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, rawHeaders[i + 1]!.toString('latin1'));
  }
  return out;
}

/**
 * Answer headers as the journal keeps them (lower-case names, repeated values joined), read in one
 * pass over the flat list.
 *
 * @example
 * ```ts
 * flatResponseHeaders(['X-Echo', 'A', 'x-echo', 'b']); // { 'x-echo': 'A, b' }
 * ```
 */
export function flatResponseHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const before = out[name];
    const value = REPEATED_ANSWER_HEADERS.has(name) ? intern(rawHeaders[i + 1]!) : rawHeaders[i + 1]!;
    out[name] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
}

// Answer headers whose values repeat from answer to answer (the date for a second): the journal
// keeps one copy of each value, as it does of the requests' (see `redactHeaders`).
const REPEATED_ANSWER_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'server', 'vary', 'cache-control', 'content-encoding', 'transfer-encoding']);

/** Recovers the request line of a request Node's HTTP parser refused, so the moonstone profile can answer it as the platform's container did. */

/** The method and request-target of a request line, as sent (bytes read as Latin-1, one character per byte). */
export interface RecoveredRequestLine {
  method: string;
  target: string;
}

/**
 * Finds the request line around `offset` (where Node's parser stopped) in the bytes it refused, and
 * splits it into method and target. Node refuses a method it does not know (`get`, `FOO`) and a raw
 * byte outside printable ASCII in the target; Undertow, the platform's container, read the first and
 * refused the second itself (docs/spec/xconnect.md §3b), so both need the line as sent. `undefined`
 * when the bytes hold no line of the form `METHOD SP TARGET [SP HTTP/x.y]`.
 * @internal
 *
 * @example
 * ```ts
 * recoverRequestLine(Buffer.from('get /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\n\r\n'), 0);
 * // { method: 'get', target: '/api/v1/kronos/devices' }
 * ```
 */
export function recoverRequestLine(raw: Uint8Array | undefined, offset: number | undefined): RecoveredRequestLine | undefined {
  if (!raw || raw.length === 0) return undefined;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const at = Math.min(Math.max(0, offset ?? 0), text.length);
  // The line holding the offset: requests on a connection are separated by line ends.
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  const match = /^([^ ]+) ([^ ]+)(?: HTTP\/\d\.\d)?$/.exec(line);
  return match ? { method: match[1]!, target: match[2]! } : undefined;
}

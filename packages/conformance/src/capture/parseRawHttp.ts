/** Reads a raw HTTP/1.x request (as a proxy or `nc -l` captures it) into a CapturedRequest. */
import { headerValue } from '@sigkit/signer';
import { ConformanceError } from '../errors.js';
import { originForm } from './originForm.js';
import type { CapturedRequest } from './types.js';

/**
 * Parses `METHOD target HTTP/1.1`, the header lines, a blank line and the body. Lines may end in
 * CRLF or LF. The body is taken byte for byte: `Content-Length` bytes when given, de-chunked for
 * `Transfer-Encoding: chunked`, else everything after the blank line. An absolute-form target is
 * reduced to the path and query sent.
 *
 * @example
 * ```ts
 * parseRawHttp(Buffer.from('GET /api/v1/kronos/devices HTTP/1.1\r\nx-arrow-date: 2016-04-12T14:28:36.218Z\r\n\r\n'));
 * // { method: 'GET', target: '/api/v1/kronos/devices', headers: { 'x-arrow-date': '…' }, body: Uint8Array(0), source: 'raw HTTP' }
 * ```
 */
export function parseRawHttp(input: Uint8Array | string): CapturedRequest {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let end = bytes.indexOf('\r\n\r\n');
  let separator = 4;
  const lfEnd = bytes.indexOf('\n\n');
  if (end < 0 || (lfEnd >= 0 && lfEnd < end)) {
    end = lfEnd;
    separator = 2;
  }
  const head = (end < 0 ? bytes : bytes.subarray(0, end)).toString('latin1');
  const rest = end < 0 ? Buffer.alloc(0) : bytes.subarray(end + separator);
  const lines = head.split(/\r?\n/);
  const requestLine = /^([A-Za-z]+) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(lines[0]!.trim());
  if (!requestLine) {
    throw new ConformanceError('CAPTURE_UNREADABLE', `the first line ${JSON.stringify(lines[0]!.slice(0, 80))} is not an HTTP request line`, {
      expected: 'METHOD /path?query HTTP/1.1, then header lines, a blank line and the body',
    });
  }
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ConformanceError('CAPTURE_UNREADABLE', `header line ${JSON.stringify(line.slice(0, 80))} has no "name: value"`, { expected: 'Name: value' });
    const name = line.slice(0, colon).trim();
    // Header values are bytes; UTF-8 is what clients put there in practice.
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    if (!Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())) headers[name] = value;
  }
  const header = (name: string) => headerValue(headers, name);
  let body: Buffer = rest;
  if (/chunked/i.test(header('transfer-encoding') ?? '')) body = dechunk(rest);
  else if (header('content-length') !== undefined) {
    const length = Number(header('content-length'));
    if (!Number.isInteger(length) || length < 0) throw new ConformanceError('CAPTURE_UNREADABLE', `Content-Length ${JSON.stringify(header('content-length'))} is not a length`, { expected: 'a whole number of bytes' });
    if (length > rest.length) throw new ConformanceError('CAPTURE_UNREADABLE', `Content-Length says ${length} bytes but the capture holds ${rest.length}`, { expected: 'the whole body in the capture' });
    body = rest.subarray(0, length);
  }
  return { method: requestLine[1]!, target: originForm(requestLine[2]!), headers, body: new Uint8Array(body), source: 'raw HTTP' };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\n', at);
    if (lineEnd < 0) throw new ConformanceError('CAPTURE_UNREADABLE', 'the chunked body ends before its last chunk', { expected: 'chunks ending with a 0-size chunk' });
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
    if (Number.isNaN(size)) throw new ConformanceError('CAPTURE_UNREADABLE', 'a chunk size is not hexadecimal', { expected: 'Transfer-Encoding: chunked framing' });
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 1, lineEnd + 1 + size));
    at = lineEnd + 1 + size;
    at = data[at] === 0x0d ? at + 2 : at + 1;
  }
}

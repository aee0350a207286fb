/** Recognises what kind of capture a text is (curl command, HAR, raw HTTP) and parses it. */
import { ConformanceError } from '../errors.js';
import { parseCurl } from './parseCurl.js';
import { parseHar } from './parseHar.js';
import { parseRawHttp } from './parseRawHttp.js';
import type { CapturedRequest } from './types.js';

/** The capture formats sigkit reads. */
export type CaptureFormat = 'auto' | 'http' | 'curl' | 'har';

/**
 * Parses a capture in the given format, or guesses it: a command starting with `curl`, JSON (a
 * HAR), otherwise a raw HTTP request.
 *
 * @example
 * ```ts
 * readCapture(readFileSync('request.txt')).method; // 'POST'
 * readCapture(`curl 'http://localhost:8080/api/v1/kronos/devices' -H 'x-arrow-version: 1'`).source; // 'curl'
 * ```
 */
export function readCapture(input: Uint8Array | string, options: { format?: CaptureFormat; entry?: number; cwd?: string } = {}): CapturedRequest {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const text = bytes.toString('utf8');
  const start = text.trimStart();
  const format = options.format ?? 'auto';
  if (format === 'curl' || (format === 'auto' && /^curl(\s|$)/.test(start))) return parseCurl(start, options.cwd);
  if (format === 'har' || (format === 'auto' && (start.startsWith('{') || start.startsWith('[')))) return parseHar(text, options.entry);
  if (format === 'http' || format === 'auto') return parseRawHttp(bytes);
  throw new ConformanceError('INVALID_OPTIONS', `unknown capture format ${JSON.stringify(format)}`, { expected: 'auto, http, curl or har' });
}

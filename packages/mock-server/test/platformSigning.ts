/**
 * A signer written out from docs/spec/xconnect.md §1–§2 with node:crypto alone, for the moonstone
 * tests: it signs the canonical query lines and body bytes it is given, so a test can sign what the
 * platform would have read (one U+FFFD for an encoded surrogate, a lossy body, a date spelling the
 * kit refuses) without going through the code under test.
 */
import { createHash, createHmac } from 'node:crypto';
import { API_KEY, SECRET_KEY } from './helpers.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string, data: string) => createHmac('sha256', Buffer.from(key, 'utf8')).update(data, 'utf8').digest('hex');

/** What the platform signed: method and path as read, the query lines already made (§1.1), the body bytes it hashed. */
export interface PlatformSigningInput {
  method: string;
  path: string;
  /** Canonical query lines, in the order given (sort them as the spec says). */
  lines?: readonly string[];
  /** The bytes the platform hashed (for a non-UTF-8 body: its lossy re-encoding). */
  hashedBody?: string | Uint8Array;
  timestamp: string;
  version: 0 | 1 | 2;
  apiKey?: string;
  secretKey?: string;
}

/** The signature of docs/spec/xconnect.md §1.4 (versions 1 and 2) or §2 (version 0). */
export function platformSignature(input: PlatformSigningInput): string {
  const apiKey = input.apiKey ?? API_KEY;
  const secretKey = input.secretKey ?? SECRET_KEY;
  const head = [input.method, input.path, ...(input.lines ?? [])].join('\n') + '\n';
  if (input.version === 0) return hmac(secretKey, `${head}x-arrow-apikey=${apiKey}\nx-arrow-date=${input.timestamp}`);
  const canonical = head + sha256(input.hashedBody ?? '');
  const v = String(input.version);
  const stringToSign = [sha256(canonical), apiKey, input.timestamp, v].join('\n');
  const k1 = input.version === 1 ? hmac(apiKey, secretKey) : hmac(secretKey, apiKey);
  const k2 = hmac(input.timestamp, k1);
  const k3 = hmac(v, k2);
  return hmac(k3, stringToSign);
}

/** The four x-arrow-* headers for a platform signature (no x-arrow-version for version 0). */
export function platformHeaders(input: PlatformSigningInput): Record<string, string> {
  const headers: Record<string, string> = { 'x-arrow-apikey': input.apiKey ?? API_KEY, 'x-arrow-date': input.timestamp, 'x-arrow-signature': platformSignature(input) };
  if (input.version !== 0) headers['x-arrow-version'] = String(input.version);
  return headers;
}

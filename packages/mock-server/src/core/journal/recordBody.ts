/** Turns body bytes into a bounded, redacted journal record. */
import { redactText } from './redact.js';

/** A body as the journal keeps it. */
export interface RecordedBody {
  /** Size of the whole body in bytes. */
  size: number;
  /** Only the first `limit` bytes were kept. */
  truncated: boolean;
  /** `utf8` when the kept bytes are text, else `base64`. */
  encoding: 'utf8' | 'base64';
  /** The kept bytes as text or base64. */
  data: string;
  /** Password-like fields were replaced by `[redacted]`. */
  redacted: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Records at most `limit` bytes of a body. Text is redacted before it is cut, so a secret cannot
 * survive by straddling the limit; binary bodies are kept as base64.
 *
 * @example
 * ```ts
 * recordBody(new TextEncoder().encode('{"password":"x"}'), 1024);
 * // { size: 16, truncated: false, encoding: 'utf8', data: '{"password":"[redacted]"}', redacted: true }
 * ```
 */
export function recordBody(bytes: Uint8Array, limit: number): RecordedBody {
  const size = bytes.length;
  let text: string | undefined;
  try {
    // The whole body is decoded and redacted before cutting, so a secret cannot survive by straddling the limit.
    text = strictUtf8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    return { size, truncated: size > limit, encoding: 'base64', data: toBase64(bytes.subarray(0, limit)), redacted: false };
  }
  const { text: clean, redacted } = redactText(text);
  if (!redacted && size <= limit) return { size, truncated: false, encoding: 'utf8', data: text, redacted };
  const encoded = redacted ? new TextEncoder().encode(clean) : bytes;
  if (encoded.length <= limit) return { size, truncated: false, encoding: 'utf8', data: clean, redacted };
  const kept = new TextDecoder('utf-8').decode(encoded.subarray(0, limit)).replace(/\uFFFD$/, '');
  return { size, truncated: true, encoding: 'utf8', data: kept, redacted };
}

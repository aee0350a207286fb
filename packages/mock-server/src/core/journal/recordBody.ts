/** Turns body bytes into a bounded, redacted journal record. */
import { isUtf8 } from 'node:buffer';
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

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Records at most `limit` bytes of a body; binary bodies are kept as base64. A secret cannot
 * survive by straddling the limit (see below).
 *
 * @example
 * ```ts
 * recordBody(new TextEncoder().encode('{"password":"x"}'), 1024);
 * // { size: 16, truncated: false, encoding: 'utf8', data: '{"password":"[redacted]"}', redacted: true }
 * ```
 */
export function recordBody(bytes: Uint8Array, limit: number): RecordedBody {
  const size = bytes.length;
  if (size === 0) return NO_BODY;
  if (!isUtf8(bytes)) {
    return { size, truncated: size > limit, encoding: 'base64', data: toBase64(bytes.subarray(0, limit)), redacted: false };
  }
  // Only the kept part is decoded and redacted. Cutting first cannot leak a secret: a value cut
  // short is redacted to the end of the text, and a name cut short keeps no value after it.
  const kept = size > limit ? cutUtf8(bytes, limit) : bytes;
  return keepText(size, utf8.decode(kept), limit);
}

/**
 * A {@link recordBody} that remembers the last body it recorded: the same bytes again (an answer
 * that repeats from request to request, as a proxied `GET` often does) get the same record, frozen
 * and shared by the entries, as `recordText` shares the mock's own answers. Each recorder has its
 * own memory, so a caller that records requests and answers alternately keeps one for each.
 * It keeps a copy of the last bytes, never the caller's buffer, which may be reused.
 *
 * @example
 * ```ts
 * const recordAnswer = repeatedBodyRecorder();
 * recordAnswer(bytes, 2048) === recordAnswer(Buffer.from(bytes), 2048); // true
 * ```
 */
export function repeatedBodyRecorder(): (bytes: Uint8Array, limit: number) => RecordedBody {
  let lastBytes: Buffer | undefined;
  let lastLimit = -1;
  let lastRecord: RecordedBody = NO_BODY;
  return (bytes, limit) => {
    if (bytes.length === 0) return NO_BODY;
    if (limit === lastLimit && lastBytes !== undefined && lastBytes.length === bytes.length && Buffer.compare(lastBytes, bytes) === 0) return lastRecord;
    lastRecord = Object.freeze(recordBody(bytes, limit));
    lastBytes = Buffer.from(bytes);
    lastLimit = limit;
    return lastRecord;
  };
}

/**
 * Records a body given as text (sent as UTF-8) like {@link recordBody} records its bytes, without
 * encoding all of it: only the head that may fit in `limit` bytes is encoded and cut. The text
 * must be well-formed UTF-16, as JSON.stringify makes it.
 *
 * @example
 * ```ts
 * recordText('{"password":"x"}', 1024); // data '{"password":"[redacted]"}', redacted: true
 * ```
 */
export function recordText(text: string, limit: number): RecordedBody {
  // The same answer is often sent many times in a row (the mock keeps the text of read-only
  // answers): its record is made once and shared, frozen, by the entries that sent it.
  if (text === last.text && limit === last.limit && last.record !== undefined) return last.record;
  const record = Object.freeze(recordTextOnce(text, limit));
  last = { text, limit, record };
  return record;
}

let last: { text: string; limit: number; record: RecordedBody | undefined } = { text: '', limit: -1, record: undefined };

function recordTextOnce(text: string, limit: number): RecordedBody {
  const size = Buffer.byteLength(text);
  if (size <= limit) return keepText(size, text, limit);
  // No character takes fewer than one byte, so the first `limit` characters hold the part kept;
  // decoding the cut bytes also copies it, so the entry does not hold on to the whole answer.
  return keepText(size, utf8.decode(cutUtf8(Buffer.from(text.slice(0, limit), 'utf8'), limit)), limit);
}

function keepText(size: number, text: string, limit: number): RecordedBody {
  const { text: clean, redacted } = redactText(text);
  const fits = !redacted || Buffer.byteLength(clean) <= limit;
  return { size, truncated: size > limit || !fits, encoding: 'utf8', data: fits ? clean : utf8.decode(cutUtf8(encoder.encode(clean), limit)), redacted };
}

/** The longest prefix of UTF-8 bytes, at most `limit` long, that does not split a character. */
// Most requests have no body: their entries share one (frozen) record of it.
const NO_BODY: RecordedBody = Object.freeze({ size: 0, truncated: false, encoding: 'utf8', data: '', redacted: false });

function cutUtf8(bytes: Uint8Array, limit: number): Uint8Array {
  let end = Math.min(limit, bytes.length);
  // Step back over continuation bytes (10xxxxxx) to the start of the character the limit cuts.
  if (end < bytes.length) while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end);
}

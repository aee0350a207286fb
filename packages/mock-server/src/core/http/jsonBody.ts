/** Reads a request body as JSON, with a message a client can act on when it is not. */
import type { JsonValue } from './types.js';

/** The outcome of {@link readJsonBody}. */
export type JsonBodyResult = { ok: true; value: JsonValue } | { ok: false; reason: 'empty' | 'malformed'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses body bytes as UTF-8 JSON. An empty (or all-whitespace) body, invalid UTF-8 and malformed
 * JSON are reported with a sentence saying what was wrong; nothing throws.
 *
 * @example
 * ```ts
 * readJsonBody(new TextEncoder().encode('{"uid":"a"}')); // { ok: true, value: { uid: 'a' } }
 * readJsonBody(new TextEncoder().encode('{"uid":'));     // { ok: false, reason: 'malformed', message: 'malformed JSON body: …' }
 * ```
 */
export function readJsonBody(body: Uint8Array): JsonBodyResult {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return { ok: false, reason: 'malformed', message: 'the request body is not valid UTF-8; send JSON encoded as UTF-8' };
  }
  if (text.trim() === '') return { ok: false, reason: 'empty', message: 'the request body is empty; a JSON body is required' };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'malformed', message: `malformed JSON body: ${detail}` };
  }
}

/** True when a JSON value is a plain object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

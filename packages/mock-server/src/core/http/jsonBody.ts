/** Reads a request body as JSON, with a message a client can act on when it is not. */
import type { JsonValue } from './types.js';

/** The outcome of {@link readJsonBody}. */
export type JsonBodyResult = { ok: true; value: JsonValue } | { ok: false; reason: 'empty' | 'malformed'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Deepest nesting of arrays and objects a body may have. `JSON.parse` reads any depth, but writing
 * such a value again (an error message quoting it, a fault's canned answer, an analytic's rows)
 * overflows the stack; no request of either platform comes near this.
 */
export const MAX_JSON_DEPTH = 256;

/** True when arrays and objects nest deeper than `max` (an explicit stack, so any depth is measured safely). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node as object)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Parses body bytes as UTF-8 JSON. An empty (or all-whitespace) body, invalid UTF-8, malformed
 * JSON and JSON nested deeper than {@link MAX_JSON_DEPTH} are reported with a sentence saying what
 * was wrong; nothing throws.
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
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'malformed', message: `malformed JSON body: ${detail}` };
  }
  if (typeof value === 'object' && value !== null && nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    return { ok: false, reason: 'malformed', message: `the JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; this server reads at most ${MAX_JSON_DEPTH}` };
  }
  return { ok: true, value };
}

/** True when a JSON value is a plain object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Answers of read-only routes kept, with their JSON text, until the data they were built from changes. */
import type { JsonValue } from './types.js';

/** One kept answer: its (frozen) body and the exact JSON text sent for it. */
export interface CachedAnswer {
  body: JsonValue;
  text: string;
}

/**
 * A cache of answers for one data revision. Reading or writing under another revision first drops
 * everything, so an answer is never served after the data changed. Bounded by the total length of
 * the kept texts: when a new answer would pass it, everything is dropped.
 * @internal
 */
export interface AnswerCache {
  /** The answer kept for `key` under `revision`, if any. */
  get(key: string, revision: number): CachedAnswer | undefined;
  /** Keeps `body` (frozen, deeply) for `key` under `revision`, and returns it with its text. */
  set(key: string, revision: number, body: JsonValue): CachedAnswer;
}

/** The default bound: 8 Mi characters of JSON text in all. */
export const ANSWER_CACHE_LIMIT = 8 * 1024 * 1024;

/**
 * Creates an empty answer cache bounded at `limit` characters of JSON text.
 * @internal
 *
 * @example
 * ```ts
 * const answers = createAnswerCache();
 * const kept = answers.get(target, store.revision) ?? answers.set(target, store.revision, buildAnswer());
 * ```
 */
export function createAnswerCache(limit: number = ANSWER_CACHE_LIMIT): AnswerCache {
  const answers = new Map<string, CachedAnswer>();
  let revisionHeld = -1;
  let length = 0;
  const drop = (revision: number) => {
    answers.clear();
    length = 0;
    revisionHeld = revision;
  };
  return {
    get(key, revision) {
      if (revision !== revisionHeld) drop(revision);
      return answers.get(key);
    },
    set(key, revision, body) {
      if (revision !== revisionHeld) drop(revision);
      const answer = { body: deepFreeze(body), text: JSON.stringify(body) };
      if (typeof answer.body === 'object' && answer.body !== null) knownTexts.set(answer.body, answer.text);
      if (answer.text.length > limit) return answer;
      if (length + answer.text.length > limit) drop(revision);
      answers.set(key, answer);
      length += answer.text.length;
      return answer;
    },
  };
}

const knownTexts = new WeakMap<object, string>();

/**
 * The JSON text of a value kept by an answer cache (frozen, so the text stays exact), or
 * `undefined`: an answer that embeds such a value can write its text instead of serialising it.
 * @internal
 */
export function knownJsonText(value: object): string | undefined {
  return knownTexts.get(value);
}

function deepFreeze(value: JsonValue): JsonValue {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Array.isArray(value) ? value : Object.values(value)) deepFreeze(item as JsonValue);
  }
  return value;
}

/** One shared copy of texts the journal keeps over and over (route names, usual header values). */

/** Texts longer than this are kept as they are: they are rarely repeated. */
const MAX_INTERNED_LENGTH = 256;
/** The pool is emptied when it holds this many texts, so that varied input cannot grow it. */
const POOL_LIMIT = 4096;

const pool = new Map<string, string>();

/**
 * The pool's copy of `text`, after adding it if it is new. Ten thousand journal entries that say
 * `keep-alive` or `GET /api/v1/kronos/devices` then hold one string between them, not one each.
 * @internal
 *
 * @example
 * ```ts
 * intern(`GET ${path}`) === intern(`GET ${path}`); // the same string object, flat
 * ```
 */
export function intern(text: string): string {
  if (text.length > MAX_INTERNED_LENGTH) return text;
  const shared = pool.get(text);
  if (shared !== undefined) return shared;
  if (pool.size >= POOL_LIMIT) pool.clear();
  pool.set(text, text);
  return text;
}

/** Compares two JSON values by meaning: object key order does not matter, everything else does. */

/**
 * True when `a` and `b` are the same JSON value: equal primitives (numbers by value), arrays of
 * the same values in order, objects with the same keys mapped to the same values in any order.
 *
 * @example
 * ```ts
 * sameJson({ a: 1, b: [true] }, { b: [true], a: 1 }); // true
 * sameJson([1, 2], [2, 1]); // false
 * ```
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && sameJson((a as Record<string, unknown>)[key], recordB[key]));
}

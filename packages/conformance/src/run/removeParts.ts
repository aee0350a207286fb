/** The last pass of shrinking: removes parts one at a time while the failure stays the same, so that the counterexample is 1-minimal. */

/** What {@link removeParts} returns: the smallest value reached and how many parts it removed. */
export interface RemovedParts<V> {
  value: V;
  removed: number;
}

/**
 * Starting from `value`, repeatedly takes the first one-part removal (`removals(value)`, tried in
 * order) that `stillFails` the same way, until none does. The result is 1-minimal: removing any one
 * of its parts makes it pass or fail another way (as far as `stillFails` answered; it may answer
 * false once a budget is spent). fast-check's shrinker cannot get there alone: it never moves a
 * body drawn as text to the empty body, and shrinks an array's items before dropping them.
 *
 * @example
 * ```ts
 * const { value } = await removeParts([1, 2, 3], (v) => v.map((_, i) => v.filter((__, j) => j !== i)), async (v) => v.includes(2));
 * value; // [2]
 * ```
 */
export async function removeParts<V>(value: V, removals: (value: V) => V[], stillFails: (candidate: V) => Promise<boolean>): Promise<RemovedParts<V>> {
  let current = value;
  let removed = 0;
  for (;;) {
    let next: V | undefined;
    for (const candidate of removals(current)) {
      if (await stillFails(candidate)) {
        next = candidate;
        break;
      }
    }
    if (next === undefined) return { value: current, removed };
    current = next;
    removed += 1;
  }
}

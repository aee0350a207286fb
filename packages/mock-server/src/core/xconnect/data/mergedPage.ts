/** One page of a virtual list (generated history) merged with a small sorted list (posted telemetry), in O(page + log n). */

/**
 * Returns items `[offset, offset + limit)` of the merge of two sorted sequences: a virtual one of
 * `virtualCount` items read through `virtualAt`, and a materialised one. On equal keys the virtual
 * item comes first. The split point is found by binary search, so a page deep into a year of
 * generated points costs the same as the first.
 *
 * @example
 * ```ts
 * mergedPage(5, (i) => i * 2, [3, 5], (a, b) => a - b, 2, 3); // [3, 4, 5]  (merge is 0 2 3 4 5 6 8)
 * ```
 */
export function mergedPage<T>(
  virtualCount: number,
  virtualAt: (index: number) => T,
  stored: readonly T[],
  compare: (a: T, b: T) => number,
  offset: number,
  limit: number,
): T[] {
  const total = virtualCount + stored.length;
  if (offset >= total || limit <= 0) return [];
  // a = how many stored items are among the first `offset` merged ones: the smallest a for which the
  // virtual item just before the split does not belong after stored[a].
  let lo = Math.max(0, offset - virtualCount);
  let hi = Math.min(stored.length, offset);
  while (lo < hi) {
    const a = (lo + hi) >> 1;
    const b = offset - a;
    if (b > 0 && compare(virtualAt(b - 1), stored[a]!) > 0) lo = a + 1;
    else hi = a;
  }
  let j = lo;
  let i = offset - lo;
  const page: T[] = [];
  while (page.length < limit && (i < virtualCount || j < stored.length)) {
    if (j >= stored.length || (i < virtualCount && compare(virtualAt(i), stored[j]!) <= 0)) {
      page.push(virtualAt(i));
      i += 1;
    } else {
      page.push(stored[j]!);
      j += 1;
    }
  }
  return page;
}

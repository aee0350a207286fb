/** A line diff (longest common subsequence) of two texts, for showing where canonical requests part ways. */

/** One line of a diff: in both, only in the expected text, or only in the provided one. */
export interface DiffLine {
  op: 'same' | 'removed' | 'added';
  text: string;
}

// Beyond this many cells the quadratic table is not worth it: the middle is shown as replaced.
const MAX_CELLS = 4_000_000;

/**
 * Diffs `expected` against `provided` line by line (split on `"\n"` only, so a `"\r"` stays
 * visible at the end of its line): `removed` lines are only in the expected text, `added` only in
 * the provided one, in an order where each removal comes before the addition replacing it.
 *
 * @example
 * ```ts
 * lineDiff('GET\n/a\nx=1\nhash', 'GET\n/a\nx=1\r\nhash');
 * // [same GET, same /a, removed 'x=1', added 'x=1\r', same hash]
 * ```
 */
export function lineDiff(expected: string, provided: string): DiffLine[] {
  const a = expected.split('\n');
  const b = provided.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: 'same', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: 'same', text }));
  return [...head, ...middle(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    return [...a.map((text): DiffLine => ({ op: 'removed', text })), ...b.map((text): DiffLine => ({ op: 'added', text }))];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'removed', text: a[i++]! });
    else out.push({ op: 'added', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'removed', text: a[i++]! });
  while (j < m) out.push({ op: 'added', text: b[j++]! });
  return out;
}

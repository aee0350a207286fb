/** Draws the values of a property run up front, so that they can be sent to the implementation many at a time. */
import fc from 'fast-check';

/**
 * The `numRuns` values fast-check generates for `arbitrary` with `seed`, in run order: value `i`
 * is exactly the one a later `fc.check(…, { seed, path: String(i) })` replays, which is how a
 * failure found in a pipelined batch is shrunk afterwards.
 *
 * @example
 * ```ts
 * const values = generateValues(fc.nat(), 100, 42);
 * values.length; // 100
 * ```
 */
export function generateValues<V>(arbitrary: fc.Arbitrary<V>, numRuns: number, seed: number): V[] {
  const values: V[] = [];
  if (numRuns <= 0) return values;
  fc.check(
    fc.property(arbitrary, (value) => {
      values.push(value);
    }),
    { numRuns, seed },
  );
  return values;
}

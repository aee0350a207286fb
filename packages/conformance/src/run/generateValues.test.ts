import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateValues } from './generateValues.js';

describe('generateValues', () => {
  it('draws exactly the value that fast-check replays for the same seed and run index', () => {
    const arbitrary = fc.record({ n: fc.integer(), s: fc.string({ unit: 'grapheme' }), a: fc.array(fc.nat(), { maxLength: 5 }) });
    const values = generateValues(arbitrary, 60, 1234);
    expect(values).toHaveLength(60);
    for (const index of [0, 17, 59]) {
      const details = fc.check(fc.property(arbitrary, () => false), { seed: 1234, numRuns: 60, path: String(index), endOnFailure: true });
      expect(details.counterexample?.[0]).toEqual(values[index]);
    }
  });

  it('gives the same values for the same seed and others for another seed', () => {
    expect(generateValues(fc.nat(), 20, 7)).toEqual(generateValues(fc.nat(), 20, 7));
    expect(generateValues(fc.nat(), 20, 7)).not.toEqual(generateValues(fc.nat(), 20, 8));
  });
});

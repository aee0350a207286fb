import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './isoTime.js';

describe('isoTime', () => {
  it('is Date#toISOString for any instant, repeated or not, fractional or not', () => {
    const instant = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: 0, max: 4e12, noNaN: true }));
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        // Each instant twice in a row, then the first again: hits and misses of the remembered one.
        for (const ms of [...instants.flatMap((t) => [t, t]), instants[0]!]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedPage } from './mergedPage.js';

describe('mergedPage', () => {
  it('equals slicing a full stable merge, for any sorted inputs and window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 15 }),
        fc.nat(60),
        fc.integer({ min: 1, max: 20 }),
        (virtualValues, storedValues, offset, limit) => {
          const virtual = [...virtualValues].sort((a, b) => a - b).map((v) => ({ v, from: 'virtual' }));
          const stored = [...storedValues].sort((a, b) => a - b).map((v) => ({ v, from: 'stored' }));
          // Reference: a plain merge where ties go to the virtual side.
          const merged = [...virtual, ...stored].sort((x, y) => x.v - y.v || (x.from === y.from ? 0 : x.from === 'virtual' ? -1 : 1));
          const page = mergedPage(virtual.length, (i) => virtual[i]!, stored, (x, y) => x.v - y.v, offset, limit);
          expect(page).toEqual(merged.slice(offset, offset + limit));
        },
      ),
    );
  });

  it('reads only about a page of virtual items, however deep the offset', () => {
    let reads = 0;
    const page = mergedPage(1e12, (i) => { reads += 1; return i * 2; }, [7, 3e11], (a, b) => a - b, 5e11, 10);
    expect(page).toHaveLength(10);
    expect(reads).toBeLessThan(200);
  });
});

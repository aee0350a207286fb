import { describe, expect, it } from 'vitest';
import { removeParts } from './removeParts.js';

const dropOne = (items: readonly string[]) => items.map((_, i) => items.filter((__, j) => j !== i));

describe('removeParts', () => {
  it('removes every part the failure does not need, and counts the removals', async () => {
    const result = await removeParts(['a', 'b', 'c', 'd'], dropOne, async (items) => items.includes('c'));
    expect(result).toEqual({ value: ['c'], removed: 3 });
  });

  it('keeps parts that are needed together, so that removing any one of them makes the value pass', async () => {
    const needsBoth = async (items: string[]) => items.includes('b') && items.includes('d');
    const { value } = await removeParts(['a', 'b', 'c', 'd', 'e'], dropOne, needsBoth);
    expect(value).toEqual(['b', 'd']);
    for (const smaller of dropOne(value)) expect(await needsBoth(smaller)).toBe(false);
  });

  it('returns the value untouched when no removal fails the same way', async () => {
    expect(await removeParts(['a', 'b'], dropOne, async () => false)).toEqual({ value: ['a', 'b'], removed: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { createSeededRandom, hash32, hexId, unitHash } from './deterministic.js';

describe('deterministic helpers', () => {
  it('hash32 is stable for equal inputs and separates part boundaries', () => {
    expect(hash32(1, 'a', 'bc')).toBe(hash32(1, 'a', 'bc'));
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
    expect(hash32(1)).not.toBe(hash32(2));
  });

  it('unitHash stays in [0, 1) and spreads over the interval', () => {
    const values = Array.from({ length: 2000 }, (_, i) => unitHash('spread', i));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const buckets = [0, 0, 0, 0];
    for (const v of values) buckets[Math.floor(v * 4)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(350);
  });

  it('createSeededRandom repeats per seed and differs between seeds', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const c = createSeededRandom(8);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
  });

  it('hexId gives 40 lowercase hex characters', () => {
    expect(hexId(42, 'gateway', 0)).toMatch(/^[0-9a-f]{40}$/);
    expect(hexId(42, 'gateway', 0)).not.toBe(hexId(42, 'gateway', 1));
  });
});

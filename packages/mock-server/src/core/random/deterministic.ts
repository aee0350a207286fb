/** Deterministic hashing and pseudo-random numbers: the same inputs give the same outputs on every machine. */
import { createHash } from 'node:crypto';

/**
 * A 32-bit hash of the given parts (FNV-1a over their text, then a murmur3 finaliser for
 * avalanche). Cheap enough to call once per generated telemetry point.
 *
 * @example
 * ```ts
 * hash32(42, 'device', 7) === hash32(42, 'device', 7); // true
 * ```
 */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < parts.length; p += 1) {
    const text = String(parts[p]);
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // part separator, so ('ab', 'c') and ('a', 'bc') differ
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in `[0, 1)` derived from the parts; see {@link hash32}. */
export function unitHash(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in `[0, 1)`.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * random(); // the same first number for seed 42 every time
 * ```
 */
export function createSeededRandom(seed: number): () => number {
  let state = hash32('seeded-random', seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * A platform id: 40 lowercase hex characters (docs/spec/xconnect.md §5), derived from the parts so the
 * same seed and inputs always give the same id.
 *
 * @example
 * ```ts
 * hexId(42, 'gateway', 0); // 40 hex characters, stable across runs
 * ```
 */
export function hexId(...parts: ReadonlyArray<string | number>): string {
  return createHash('sha1').update(parts.map(String).join('\u0000')).digest('hex');
}

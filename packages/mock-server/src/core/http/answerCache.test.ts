import { describe, expect, it } from 'vitest';
import { createAnswerCache, knownJsonText } from './answerCache.js';

describe('createAnswerCache', () => {
  it('keeps an answer frozen, with its exact JSON text, for its revision only', () => {
    const cache = createAnswerCache();
    const kept = cache.set('/a', 1, { list: [{ name: 'é' }] });
    expect(kept.text).toBe('{"list":[{"name":"é"}]}');
    expect(Object.isFrozen((kept.body as { list: object[] }).list[0])).toBe(true);
    expect(knownJsonText(kept.body as object)).toBe(kept.text);
    expect(cache.get('/a', 1)).toBe(kept);
    expect(cache.get('/a', 2)).toBeUndefined();
    // Reading under the new revision dropped the old answers for good.
    expect(cache.get('/a', 1)).toBeUndefined();
  });

  it('drops everything rather than pass its bound, and never keeps an answer larger than it', () => {
    const cache = createAnswerCache(20);
    cache.set('/a', 1, 'x'.repeat(8)); // 10 characters of JSON
    cache.set('/b', 1, 'y'.repeat(8));
    expect(cache.get('/a', 1)).toBeDefined();
    cache.set('/c', 1, 'z'.repeat(8)); // 30 > 20: the first two go
    expect([cache.get('/a', 1), cache.get('/b', 1), cache.get('/c', 1)?.text]).toEqual([undefined, undefined, `"${'z'.repeat(8)}"`]);
    const big = cache.set('/big', 1, 'w'.repeat(30));
    expect(big.text).toBe(`"${'w'.repeat(30)}"`);
    expect(cache.get('/big', 1)).toBeUndefined();
    expect(cache.get('/c', 1)).toBeDefined();
  });
});

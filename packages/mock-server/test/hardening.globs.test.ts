/** Issue #18, freezing: path globs from clients (fault rules, the journal's ?path= filter) match in linear time, as the regular expressions they replace did. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockCore } from '../src/core/index.js';
import { compilePathPattern, matchPathPattern } from '../src/core/faults/pathPattern.js';

/** The former compilation to a backtracking regular expression: the reference for the semantics. */
function regexMatcher(pattern: string): (path: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (path) => regex.test(path);
}

// Small alphabets, so that random patterns and paths often match, and every special character of a regex appears.
const patternText = fc.array(fc.constantFrom('*', '*', '/', 'a', 'b', '.', '\\', '(', '\n', '\u{1F600}'), { maxLength: 10 }).map((parts) => parts.join(''));
const pathText = fc.array(fc.constantFrom('/', 'a', 'b', '.', '\\', '(', '\n', '\u{1F600}', '\uD800'), { maxLength: 14 }).map((parts) => parts.join(''));

describe('path globs', () => {
  it('match exactly as the former regular expressions on random patterns and paths', () => {
    fc.assert(
      fc.property(patternText, pathText, (pattern, path) => {
        const expected = regexMatcher(pattern)(path);
        expect(compilePathPattern(pattern)(path)).toBe(expected);
        expect(matchPathPattern(pattern, path)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('keep the documented cases', () => {
    expect(compilePathPattern('/a/*')('/a/b')).toBe(true);
    expect(compilePathPattern('/a/*')('/a/b/c')).toBe(false);
    expect(compilePathPattern('/a/**')('/a/b/c')).toBe(true);
    expect(compilePathPattern('/a/**')('/a')).toBe(false);
    expect(compilePathPattern('/a**')('/a')).toBe(true);
    expect(compilePathPattern('/a.b')('/aXb')).toBe(false);
    expect(compilePathPattern('**')('')).toBe(true);
  });

  it('do work bounded by (path length + 1) × (pattern length + 1) on the pathological pattern of issue #18', () => {
    const pattern = '/x/*a*a*a*a*a*a*a*b';
    for (const n of [60, 600, 6000]) {
      const path = `/x/${'a'.repeat(n)}`;
      const stats = { steps: 0 };
      expect(matchPathPattern(pattern, path, stats)).toBe(false);
      expect(stats.steps).toBeLessThanOrEqual((path.length + 1) * (pattern.length + 1));
    }
    // Ten times the path, about ten times the work: linear, where backtracking grew as n^7.
    const work = (n: number) => {
      const stats = { steps: 0 };
      matchPathPattern(pattern, `/x/${'a'.repeat(n)}`, stats);
      return stats.steps;
    };
    expect(work(6000) / work(600)).toBeLessThan(11);
  });

  it('answer a fault rule and a journal filter with the pathological pattern at once, not after seconds', async () => {
    const core = createMockCore({ faults: [{ path: '/x/*a*a*a*a*a*a*a*b', respond: { status: 503 } }] });
    const started = performance.now();
    const target = `/x/${'a'.repeat(60)}`;
    const answer = await core.handle({ method: 'GET', target, headers: {}, body: new Uint8Array() });
    expect(answer.kind === 'response' && answer.status).toBe(404);
    const listed = await core.handle({ method: 'GET', target: `/__sigkit/journal?path=${encodeURIComponent('/x/*a*a*a*a*a*a*a*b')}`, headers: {}, body: new Uint8Array() });
    expect(listed.kind === 'response' && listed.status).toBe(200);
    // Generous: the former regular expression took about 17 s here; the bound on steps above is the real test.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

import { describe, expect, it } from 'vitest';
import { createKxAnalyticRegistry } from './registry.js';

describe('createKxAnalyticRegistry', () => {
  it('lets admin additions and removals shadow the setup until reset', () => {
    const registry = createKxAnalyticRegistry();
    const builtin = () => [1];
    registry.register('g', 'a', builtin, 'builtin');
    registry.register('g', 'a', () => [2], 'admin');
    registry.register('g', 'b', () => [3], 'admin');
    expect(registry.list().map((a) => [a.method, a.source])).toEqual([['a', 'admin'], ['b', 'admin']]);
    expect(registry.remove('g', 'a')).toBe(true);
    expect(registry.get('g', 'a')).toBeUndefined();
    expect(registry.remove('g', 'a')).toBe(false);
    registry.reset();
    expect(registry.get('g', 'a')?.handler).toBe(builtin);
    expect(registry.get('g', 'b')).toBeUndefined();
  });

  it('makes a setup registration replace for good, admin shadow included', () => {
    const registry = createKxAnalyticRegistry();
    registry.register('g', 'a', () => [1], 'admin');
    const code = () => [2];
    registry.register('g', 'a', code, 'code', { params: ['x'] });
    expect(registry.get('g', 'a')).toMatchObject({ source: 'code', params: ['x'] });
    registry.reset();
    expect(registry.get('g', 'a')?.handler).toBe(code);
    expect(() => registry.register('g', 'a', 'nope' as never, 'code')).toThrow('the handler of analytic g.a must be a function');
  });
});

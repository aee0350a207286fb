import { describe, expect, it } from 'vitest';
import { createFaultStore, parseFaultInput } from './faults.js';
import { compilePathPattern } from './pathPattern.js';

describe('compilePathPattern', () => {
  it('matches one segment with * and any depth with **', () => {
    expect(compilePathPattern('/a/*')('/a/b')).toBe(true);
    expect(compilePathPattern('/a/*')('/a/b/c')).toBe(false);
    expect(compilePathPattern('/a/**')('/a/b/c')).toBe(true);
    expect(compilePathPattern('/a.b')('/aXb')).toBe(false);
  });
});

describe('fault store', () => {
  it('applies the first matching rule by method and path only', () => {
    const faults = createFaultStore({ seed: 1 });
    faults.add({ method: 'POST', path: '/x/*', respond: { status: 503 } });
    expect(faults.take('GET', '/x/1')).toBeUndefined();
    expect(faults.take('POST', '/y/1')).toBeUndefined();
    expect(faults.take('post', '/x/1')?.respond?.status).toBe(503);
  });

  it('retires a rule after its next N applications', () => {
    const faults = createFaultStore({ seed: 1 });
    faults.add({ latencyMs: 5, times: 2 });
    expect(faults.take('GET', '/a')?.latencyMs).toBe(5);
    expect(faults.take('GET', '/a')?.latencyMs).toBe(5);
    expect(faults.take('GET', '/a')).toBeUndefined();
    expect(faults.list()[0]).toMatchObject({ applied: 2, remaining: 0 });
  });

  it('applies a fraction of requests, the same ones for the same seed', () => {
    const run = (seed: number) => {
      const faults = createFaultStore({ seed });
      faults.add({ destroy: true, fraction: 0.25 });
      return Array.from({ length: 400 }, () => faults.take('GET', '/') !== undefined);
    };
    const first = run(3);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(60);
    expect(hits).toBeLessThan(140);
    expect(run(3)).toEqual(first);
    expect(run(4)).not.toEqual(first);
  });

  it('gives a canned body naming the fault when none is given, and resets to the initial rules', () => {
    const faults = createFaultStore({ seed: 1, initial: [{ respond: { status: 500 }, label: 'boom' }] });
    expect(faults.take('GET', '/')).toEqual({
      id: 'fault-1', label: 'boom', latencyMs: 0, destroy: false,
      respond: { status: 500, headers: {}, body: { status: 500, message: 'fault fault-1 injected by sigkit' } },
    });
    faults.clear();
    expect(faults.list()).toEqual([]);
    faults.reset();
    expect(faults.list()).toHaveLength(1);
  });

  it('rejects faults that do nothing, contradict themselves or are out of range', () => {
    expect(() => parseFaultInput({ path: '/a' }, 'fault')).toThrow('fault does nothing: give latencyMs, respond or destroy');
    expect(() => parseFaultInput({ destroy: true, respond: { status: 500 } }, 'fault')).toThrow(/cannot both/);
    expect(() => parseFaultInput({ respond: { status: 99 } }, 'fault')).toThrow(/fault.respond.status must be an integer from 200 to 599/);
    expect(() => parseFaultInput({ latencyMs: -1 }, 'fault')).toThrow(/latencyMs/);
    expect(() => parseFaultInput({ destroy: true, fraction: 0 }, 'fault')).toThrow(/fraction must be a number greater than 0/);
    expect(() => parseFaultInput({ destroy: true, path: 'devices' }, 'fault')).toThrow(/must be a path glob/);
    expect(() => parseFaultInput({ respond: { status: 500, headers: { 'x-a': 'b\r\nc' } } }, 'fault')).toThrow(/line breaks/);
  });
});

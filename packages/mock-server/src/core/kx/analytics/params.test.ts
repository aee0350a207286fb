import { describe, expect, it } from 'vitest';
import { KxParamError } from '../http/kxCallError.js';
import { checkKxParams, readKxSyms, readKxTimeRange, readKxWholeNumber } from './params.js';

const now = Date.UTC(2025, 2, 14, 15, 9, 26);

describe('analytic parameter readers', () => {
  it('defaults the range to the minutes before now, and refuses a start after the end naming startTime', () => {
    expect(readKxTimeRange({}, { now, defaultMinutes: 60 })).toEqual({ start: now - 3_600_000, end: now });
    expect(readKxTimeRange({ endTime: '2025-03-14T12:00:00Z' }, { now, defaultMinutes: 30 })).toEqual({ start: Date.UTC(2025, 2, 14, 11, 30), end: Date.UTC(2025, 2, 14, 12) });
    expect(readKxTimeRange({ startTime: null, endTime: null }, { now, defaultMinutes: 1 })).toEqual({ start: now - 60_000, end: now });
    let caught: unknown;
    try {
      readKxTimeRange({ startTime: '2025-03-14T13:00:00Z', endTime: '2025-03-14T12:00:00Z' }, { now, defaultMinutes: 60 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KxParamError);
    expect(caught).toMatchObject({ status: 400, param: 'startTime' });
  });

  it('reads syms as a list or one name, empty meaning all, and refuses unknown names', () => {
    expect(readKxSyms({ syms: ['a', 'a', 'b'] }, ['a', 'b'])).toEqual(['a', 'b']);
    expect(readKxSyms({ syms: 'b' }, ['a', 'b'])).toEqual(['b']);
    expect(readKxSyms({ syms: [] }, ['a'])).toBeUndefined();
    expect(readKxSyms({}, ['a'])).toBeUndefined();
    expect(readKxSyms({ syms: ['z'] }, undefined)).toEqual(['z']);
    expect(() => readKxSyms({ syms: ['z'] }, ['a'])).toThrow('syms names unknown servers "z" (known: a)');
    expect(() => readKxSyms({ syms: { a: 1 } }, ['a'])).toThrow(/^syms must be a list of server names/);
  });

  it('reads whole numbers within bounds, and names unknown parameters', () => {
    const options = { min: 1, max: 10, fallback: 5, unit: 'minutes' };
    expect(readKxWholeNumber({}, 'bucket', options)).toBe(5);
    expect(readKxWholeNumber({ bucket: ' 7 ' }, 'bucket', options)).toBe(7);
    expect(() => readKxWholeNumber({ bucket: 11 }, 'bucket', options)).toThrow('bucket must be a whole number of minutes from 1 to 10, got 11');
    expect(() => readKxWholeNumber({ bucket: '-1' }, 'bucket', options)).toThrow('got "-1"');
    expect(() => checkKxParams({ a: 1, b: 2 }, ['a'], 'g.m')).toThrow('b is not a parameter of g.m (it takes a)');
    expect(() => checkKxParams({ a: 1 }, [], 'g.m')).toThrow('a is not a parameter of g.m (it takes none)');
  });
});

import { describe, expect, it } from 'vitest';
import { timeValueMs } from './timeValue.js';

const at = Date.UTC(2019, 6, 26, 15, 59, 0);

describe('timeValueMs', () => {
  it.each([
    ['2019-07-26T15:59:00.000Z', at],
    ['2019-07-26T15:59:00Z', at],
    ['2019-07-26T17:59:00+02:00', at],
    ['2019-07-26T15:59:00', at],
    ['2019-07-26 15:59:00', at],
    ['2019.07.26D15:59:00.000000000', at],
    ['2019.07.26D15:59:00.250000000', at + 250],
    ['2019.07.26T15:59', at],
    ['2019-07-26', Date.UTC(2019, 6, 26)],
  ])('reads %s', (text, expected) => {
    expect(timeValueMs(text)).toBe(expected);
  });

  it('takes a number as epoch milliseconds', () => {
    expect(timeValueMs(at)).toBe(at);
  });

  it.each([['15:59'], ['yesterday'], [''], ['2019-13-45T99:00:00Z'], [null], [true], [Number.NaN]])('finds no instant in %j', (value) => {
    expect(timeValueMs(value)).toBeUndefined();
  });
});

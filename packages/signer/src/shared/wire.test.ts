import { describe, expect, it } from 'vitest';
import { headerValue } from './wire.js';

describe('headerValue', () => {
  it('finds a header whatever the case of its name or of the name asked for', () => {
    expect(headerValue({ 'X-Arrow-Date': 'd' }, 'x-arrow-date')).toBe('d');
    expect(headerValue({ 'x-arrow-date': 'd' }, 'X-Arrow-Date')).toBe('d');
  });
  it('prefers the lowercase spelling, which is what a Node or fetch server reads', () => {
    expect(headerValue({ 'X-Arrow-Date': 'upper', 'x-arrow-date': 'lower' }, 'X-ARROW-DATE')).toBe('lower');
  });
  it('gives the first value of a repeated header and skips names without a value', () => {
    expect(headerValue({ authorization: ['first', 'second'] }, 'authorization')).toBe('first');
    expect(headerValue({ Authorization: undefined, AUTHORIZATION: 'sent' }, 'authorization')).toBe('sent');
  });
  it('is undefined for a header that was not sent', () => {
    expect(headerValue({ 'content-type': 'application/json' }, 'authorization')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { SigkitDateError, SigkitInputError } from '../errors.js';
import { isUuid, kxRequestDate, kxRequestId } from './envelope.js';

describe('isUuid', () => {
  it.each(['e133598e-7b9e-429a-b3e5-bda881c47024', 'E133598E-7B9E-429A-B3E5-BDA881C47024', '00000000-0000-0000-0000-000000000000'])('accepts %s', (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each(['e133598e7b9e429ab3e5bda881c47024', '{e133598e-7b9e-429a-b3e5-bda881c47024}', 'e133598e-7b9e-429a-b3e5-bda881c4702g', '', 42])('refuses %j', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe('kxRequestId', () => {
  it('keeps a given UUID', () => {
    expect(kxRequestId('e133598e-7b9e-429a-b3e5-bda881c47024')).toBe('e133598e-7b9e-429a-b3e5-bda881c47024');
  });

  it('makes a fresh version-4 UUID when none is given', () => {
    const a = kxRequestId(undefined);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(kxRequestId(undefined)).not.toBe(a);
  });

  it('refuses anything else with INVALID_REQUEST_ID', () => {
    expect(() => kxRequestId('req-1')).toThrow(SigkitInputError);
    expect(() => kxRequestId('req-1')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST_ID' }));
  });
});

describe('kxRequestDate', () => {
  it('formats a Date and keeps an RFC 1123 string verbatim', () => {
    expect(kxRequestDate(new Date(Date.UTC(2019, 6, 26, 16, 59)))).toBe('Fri, 26 Jul 2019 16:59:00 GMT');
    expect(kxRequestDate('Fri, 26 Jul 2019 16:59:00 GMT')).toBe('Fri, 26 Jul 2019 16:59:00 GMT');
  });

  it('defaults to now', () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const date = Date.parse(kxRequestDate(undefined));
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date).toBeLessThanOrEqual(Date.now());
  });

  it('refuses other strings and types', () => {
    expect(() => kxRequestDate('2019-07-26T16:59:00Z')).toThrow(expect.objectContaining({ code: 'INVALID_RFC1123_DATE' }));
    expect(() => kxRequestDate(1564160340000)).toThrow(SigkitDateError);
    expect(() => kxRequestDate(1564160340000)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

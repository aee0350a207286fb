import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './isoTime.js';

describe('parseIsoTime', () => {
  it('reads dates and date-times with or without a zone (none means UTC)', () => {
    const t = Date.UTC(2025, 2, 14, 15, 0, 0);
    for (const text of ['2025-03-14T15:00:00Z', '2025-03-14T15:00:00.000Z', '2025-03-14T16:00:00+01:00', '2025-03-14T10:30:00-0430', '2025-03-14 15:00', '2025-03-14T15:00:00', '2025-03-14T17:00+02']) {
      expect({ text, ms: parseIsoTime(text) }).toEqual({ text, ms: t });
    }
    expect(parseIsoTime('2025-03-14')).toBe(Date.UTC(2025, 2, 14));
    expect(parseIsoTime('2025-03-14T15:00:00.123456789Z')).toBe(t + 123);
    expect(parseIsoTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses anything else, impossible dates included', () => {
    for (const text of ['', 'yesterday', '2025-3-14', '2025-02-29T00:00:00Z', '2025-13-01', '2025-03-14T24:00:00Z', '2025-03-14T15:60Z', '2025-03-14T15:00:00+25:00', '1741964400000', 'Fri, 14 Mar 2025 15:00:00 GMT']) {
      expect({ text, ms: parseIsoTime(text) }).toEqual({ text, ms: undefined });
    }
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rowsToCsv } from './csv.js';

describe('rowsToCsv', () => {
  it('writes a header row and one record per row that csv-parse reads back unchanged', () => {
    const rows = [
      { time: '2024-03-01T10:00:00.000Z', sym: 'a,b', note: 'say "hi"\nthen go', used: 1.5, ok: true },
      { time: '2024-03-01T10:01:00.000Z', sym: 'c', note: null, used: -2, ok: false, extra: [1, 'x'] },
    ];
    const csv = rowsToCsv(rows);
    expect(csv.split('\n')[0]).toBe('time,sym,note,used,ok,extra');
    expect(parse(csv, { columns: true })).toEqual([
      { time: '2024-03-01T10:00:00.000Z', sym: 'a,b', note: 'say "hi"\nthen go', used: '1.5', ok: 'true', extra: '' },
      { time: '2024-03-01T10:01:00.000Z', sym: 'c', note: '', used: '-2', ok: 'false', extra: '[1,"x"]' },
    ]);
  });

  it('keeps the given column order and writes only the header for no rows', () => {
    expect(rowsToCsv([{ a: 1, b: 2 }], ['b', 'a'])).toBe('b,a\n2,1\n');
    expect(rowsToCsv([], ['a'])).toBe('a\n');
    expect(rowsToCsv([])).toBe('');
  });
});

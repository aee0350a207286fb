import { describe, expect, it } from 'vitest';
import { formatTextTable } from './table.js';

describe('formatTextTable', () => {
  it('aligns columns: text left, numbers right, a rule as wide as the table', () => {
    const text = formatTextTable([
      { sym: 'rdb', used: 5, note: 'ok' },
      { sym: 'hdb_long', used: 1200, note: null },
    ]);
    expect(text).toBe(['sym       used  note', '--------------------', 'rdb          5  ok', 'hdb_long  1200', ''].join('\n'));
  });

  it('gives every column of every row a place, blank where a row has none', () => {
    const text = formatTextTable([{ a: 1 }, { b: 'x' }]);
    expect(text.split('\n')).toEqual(['a  b', '----', '1', '   x', '']);
  });

  it('shows objects as JSON and escapes control characters so a value cannot break the layout', () => {
    const text = formatTextTable([{ k: 'a\tb\nc', v: { x: [1] }, t: true }]);
    expect(text.split('\n')).toEqual(['k        v          t', '------------------------', 'a\\tb\\nc  {"x":[1]}  true', '']);
  });

  it('prints nothing for no columns', () => {
    expect(formatTextTable([])).toBe('');
    expect(formatTextTable([{}])).toBe('');
  });
});

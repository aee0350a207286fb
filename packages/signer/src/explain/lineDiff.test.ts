import { describe, expect, it } from 'vitest';
import { lineDiff } from './lineDiff.js';

describe('lineDiff', () => {
  it('shows a carriage return as a changed line, the rest as unchanged', () => {
    expect(lineDiff('GET\n/a\nx=1\nhash', 'GET\n/a\nx=1\r\nhash')).toEqual([
      { op: 'same', text: 'GET' },
      { op: 'same', text: '/a' },
      { op: 'removed', text: 'x=1' },
      { op: 'added', text: 'x=1\r' },
      { op: 'same', text: 'hash' },
    ]);
  });

  it('finds a moved line as one removal and one addition', () => {
    const ops = lineDiff('a\nb\nc', 'b\na\nc').map((l) => `${l.op[0]}${l.text}`);
    expect(ops.filter((o) => o.startsWith('s'))).toHaveLength(2);
    expect(ops.filter((o) => !o.startsWith('s')).sort()).toEqual(['aa', 'ra']);
  });

  it('shows an extra blank line as an addition', () => {
    expect(lineDiff('GET\n/a\nhash', 'GET\n/a\n\nhash').filter((l) => l.op !== 'same')).toEqual([{ op: 'added', text: '' }]);
  });

  it('is empty of changes for equal texts', () => {
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.op === 'same')).toBe(true);
  });
});

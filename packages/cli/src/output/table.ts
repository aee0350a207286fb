/** Prints table rows as aligned text, the way a q console shows a table: a header, a rule, one line per row. */
import { cellText, columnsOf, type Row } from './rows.js';

// A tab or newline inside a value would break the alignment of every later column.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const visible = (text: string) => text.replace(CONTROL, (c) => JSON.stringify(c).slice(1, -1));

/**
 * Formats rows as an aligned text table: columns separated by two spaces, numeric columns
 * right-aligned, a rule of dashes under the header, no trailing spaces. Empty input gives ''.
 *
 * @example
 * ```ts
 * formatTextTable([{ sym: 'rdb', used: 5 }, { sym: 'hdb', used: 120 }]);
 * // sym  used
 * // ---------
 * // rdb     5
 * // hdb   120
 * ```
 */
export function formatTextTable(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  if (columns.length === 0) return '';
  const cells = rows.map((row) => columns.map((column) => visible(cellText(row[column]))));
  const header = columns.map(visible);
  const numeric = columns.map((column) => rows.some((row) => row[column] !== null && row[column] !== undefined) && rows.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'));
  const widths = header.map((name, i) => Math.max(name.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const headerLine = line(header);
  const rule = '-'.repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1));
  return [headerLine, rule, ...cells.map(line)].join('\n') + '\n';
}

/** Writes table rows as CSV (RFC 4180) with a header row, through csv-stringify. */
import { stringify } from 'csv-stringify/sync';
import { cellText, columnsOf, type Row } from './rows.js';

/**
 * The rows as CSV text: a header row with the column names, then one record per row, every cell
 * as {@link cellText} gives it (so `null` is an empty cell and `true` is `true`). Fields holding
 * commas, quotes or line breaks are quoted. Lines end in `\n`.
 *
 * @example
 * ```ts
 * rowsToCsv([{ sym: 'rdb', used: 5 }]); // 'sym,used\nrdb,5\n'
 * ```
 */
export function rowsToCsv(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  if (columns.length === 0) return '';
  return stringify(
    rows.map((row) => columns.map((column) => cellText(row[column]))),
    { header: true, columns: [...columns] },
  );
}

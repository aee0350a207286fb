/** Rows of a table answer: which columns they have and how one cell's value reads as text. */

/** One row of a table: column name to value, as a platform answers it in JSON. */
export type Row = Record<string, unknown>;

/**
 * The columns of a list of rows: every key of every row, in the order first seen, so a column
 * that only some rows have still gets its place.
 *
 * @example
 * ```ts
 * columnsOf([{ time: 1, sym: 'a' }, { time: 2, sym: 'b', used: 3 }]); // ['time', 'sym', 'used']
 * ```
 */
export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when every element is a plain object, i.e. the value can be shown as a table. */
export function isRowList(value: unknown): value is Row[] {
  return Array.isArray(value) && value.every(isPlainObject);
}

/**
 * A cell's value as text: strings as they are, numbers and booleans as JavaScript prints them,
 * `null` and absent values as the empty string, arrays and objects as compact JSON.
 *
 * @example
 * ```ts
 * cellText(1.5); // '1.5'
 * cellText(null); // ''
 * cellText(['a', 'b']); // '["a","b"]'
 * ```
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

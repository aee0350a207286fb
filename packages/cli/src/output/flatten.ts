/** Turns a JSON answer into flat rows for CSV: the items of a list, nested objects spread into dotted columns. */
import { isPlainObject, type Row } from './rows.js';

/**
 * The items of an answer as rows: the elements of an array, the `data` of a page
 * (`{"size","page","totalSize","totalPages","data":[…]}`, docs/spec/xconnect.md §5), or else the answer
 * itself as a single row. Scalars become a row with one column, `value`.
 *
 * @example
 * ```ts
 * listItemsOf({ size: 1, data: [{ hid: 'a' }] }); // [{ hid: 'a' }]
 * ```
 */
export function listItemsOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  if (isPlainObject(answer) && Array.isArray(answer['data'])) return answer['data'];
  if (answer === null || answer === undefined) return [];
  return [answer];
}

/**
 * Flattens one item: a nested non-empty object's fields become columns named `parent.child`
 * (at any depth); arrays and empty objects stay whole (a CSV cell shows them as JSON).
 *
 * @example
 * ```ts
 * flattenItem({ hid: 'a', info: { fw: '1.2', hw: { rev: 3 } }, tags: ['x'] });
 * // { hid: 'a', 'info.fw': '1.2', 'info.hw.rev': 3, tags: ['x'] }
 * ```
 */
export function flattenItem(item: unknown): Row {
  if (!isPlainObject(item)) return { value: item };
  const row: Row = {};
  const visit = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, child] of Object.entries(value)) {
      const name = prefix + key;
      if (isPlainObject(child) && Object.keys(child).length > 0) visit(child, `${name}.`);
      else row[name] = child;
    }
  };
  visit(item, '');
  return row;
}

/** Step 1a: the sorted `name=value` lines of the canonical request (docs/spec/xconnect.md §1.1). */
import { decodeQuery } from './decodeQuery.js';
import { validateQueryParams } from './encodeQuery.js';
import { formEncode } from './formEncode.js';
import type { QueryParam } from './types.js';

/** Java `String.trim`: strips leading and trailing characters up to U+0020. @internal */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

/** One canonical line for a decoded name and value: `formEncode(lowercase(name)) "=" trim(value)`. @internal */
export function canonicalQueryLine(name: string, value: string): string {
  return `${formEncode(name.toLowerCase())}=${javaTrim(value)}`;
}

/**
 * The canonical query lines of a request, sorted as whole strings by UTF-16 code unit (Java
 * `String.compareTo`). Accepts the raw query string exactly as sent on the wire (decoded the way
 * a servlet container does: `%XX` as UTF-8, `+` as space) or structured `[name, value]` pairs
 * (taken as already decoded). No parameters give no lines.
 *
 * @example
 * ```ts
 * canonicalQueryLines('lastName=Doe&firstName=Jane&Age=30');
 * // ['age=30', 'firstname=Jane', 'lastname=Doe']
 * canonicalQueryLines([['a-b', '1'], ['a', '1']]); // ['a-b=1', 'a=1']  ('-' sorts before '=')
 * ```
 */
export function canonicalQueryLines(query: string | readonly QueryParam[] | undefined): string[] {
  if (query === undefined) return [];
  const pairs: readonly QueryParam[] =
    typeof query === 'string' ? decodeQuery(query).map((p) => [p.name, p.value] as const) : validateQueryParams(query);
  return pairs.map(([name, value]) => canonicalQueryLine(name, value)).sort();
}

/** The key a recorded exchange is found by: method, path and canonical query — never headers, so a new signature and date still match. */

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is kept as sent: the same malformed query still finds its recording.
    return text;
  }
}

/**
 * The canonical query of a raw query: parameters decoded, sorted by name then value, re-encoded,
 * so `b=2&a=1` and `a=%31&b=2` are the same query (as the server reads them).
 *
 * @example
 * ```ts
 * canonicalQuery('_size=5&_page=0'); // '_page=0&_size=5'
 * ```
 */
export function canonicalQuery(rawQuery: string | undefined): string {
  if (rawQuery === undefined || rawQuery === '') return '';
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decodeComponent(pair), ''] : [decodeComponent(pair.slice(0, eq)), decodeComponent(pair.slice(eq + 1))];
    })
    .sort(([an, av], [bn, bv]) => (an! < bn! ? -1 : an! > bn! ? 1 : av! < bv! ? -1 : av! > bv! ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name!)}=${encodeURIComponent(value!)}`)
    .join('&');
}

/**
 * The match key of a request: upper-cased method, raw path, canonical query.
 *
 * @example
 * ```ts
 * replayMatchKey('get', '/api/v1/kronos/devices?_size=5&_page=0'); // 'GET /api/v1/kronos/devices?_page=0&_size=5'
 * ```
 */
export function replayMatchKey(method: string, target: string): string {
  const hash = target.indexOf('#');
  const bare = hash < 0 ? target : target.slice(0, hash);
  const mark = bare.indexOf('?');
  const path = mark < 0 ? bare : bare.slice(0, mark);
  return `${method.toUpperCase()} ${path}?${canonicalQuery(mark < 0 ? undefined : bare.slice(mark + 1))}`;
}

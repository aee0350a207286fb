/** Splits a raw request-target into path and query, and reads query parameters the way a servlet container does. */
import { decodeQuery, SigkitError } from '@sigkit/signer';

/** A request-target taken apart, nothing decoded. */
export interface ParsedTarget {
  /** The target in origin form (`/path?query`), which is what the signature covers. */
  target: string;
  /** The raw path, as sent. */
  path: string;
  /** The raw query without `?`, or `undefined` when the target has no `?`. */
  rawQuery: string | undefined;
  /**
   * The target in origin form with its fragment kept: what a container parses. Undertow, the
   * platform's, refused a raw `#` (docs/spec/xconnect.md §3b), which `target` no longer shows.
   */
  wireTarget: string;
}

/**
 * Parses a raw request-target. An absolute-form target (`http://host/path?q`, as sent to proxies)
 * is reduced to its origin form, as a servlet container's `getRequestURI()` does.
 *
 * @example
 * ```ts
 * parseRequestTarget('/api/v1/kronos/devices?_size=5'); // { path: '/api/v1/kronos/devices', rawQuery: '_size=5', … }
 * ```
 */
export function parseRequestTarget(rawTarget: string): ParsedTarget {
  let target = rawTarget === '' ? '/' : rawTarget;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  // A container keeps an absolute-form target with no path as it came (`http://host`, whose `//` the
  // platform's firewall refused); with a path it sees the path alone.
  const bare = absolute !== null && absolute[0].length === target.length;
  if (absolute) target = target.slice(absolute[0].length) || '/';
  if (target.startsWith('?')) target = '/' + target;
  const wireTarget = bare ? rawTarget : target;
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf('?');
  return q < 0 ? { target, path: target, rawQuery: undefined, wireTarget } : { target, path: target.slice(0, q), rawQuery: target.slice(q + 1), wireTarget };
}

/** Query parameters by name (case-sensitive, as `@RequestParam` is), each with every value in wire order. */
export type QueryParams = ReadonlyMap<string, readonly string[]>;

/** The outcome of {@link readQueryParams}. */
export type QueryReadResult = { ok: true; params: QueryParams } | { ok: false; message: string };

/**
 * Decodes a raw query (`%XX` as UTF-8, `+` as space) into parameters by name. A malformed
 * percent-escape is reported, never thrown.
 *
 * @example
 * ```ts
 * readQueryParams('a=1&a=2&b'); // { ok: true, params: Map { 'a' => ['1', '2'], 'b' => [''] } }
 * ```
 */
export function readQueryParams(rawQuery: string | undefined): QueryReadResult {
  try {
    const params = new Map<string, string[]>();
    for (const { name, value } of decodeQuery(rawQuery)) {
      const values = params.get(name);
      if (values) values.push(value);
      else params.set(name, [value]);
    }
    return { ok: true, params };
  } catch (error) {
    if (error instanceof SigkitError) return { ok: false, message: error.message };
    throw error;
  }
}

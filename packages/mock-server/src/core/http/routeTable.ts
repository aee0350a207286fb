/** A tiny method-and-path route table with `{name}` segments, used by every platform module and the admin API. */

/** A route: method, path pattern relative to the module's prefix, and what handles it. */
export interface Route<THandler> {
  method: string;
  /** Path pattern such as `/gateways/{hid}/config`; a `{name}` matches one non-empty segment. */
  pattern: string;
  handler: THandler;
  /**
   * The answer depends only on the store and the request-target, never on the time or the
   * caller, so a successful answer may be served again until the store changes.
   */
  cacheable?: boolean;
}

/** The result of looking a request up. */
export type RouteMatch<THandler> =
  | { kind: 'found'; route: Route<THandler>; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

/** A compiled route table. */
export interface RouteTable<THandler> {
  /** Finds the route for a method and a raw path (relative to the module's prefix). */
  match(method: string, path: string): RouteMatch<THandler>;
  /** Every route, in declaration order. */
  readonly routes: readonly Route<THandler>[];
}

type PatternSegment = { literal: string } | { param: string };

interface CompiledRoute<THandler> {
  route: Route<THandler>;
  segments: PatternSegment[];
}

function compile(pattern: string): PatternSegment[] {
  return splitSegments(pattern).map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment);
    return param ? { param: param[1]! } : { literal: segment };
  });
}

function splitSegments(path: string): string[] {
  // A single trailing slash is ignored, as Spring MVC's trailing-slash matching did.
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed === '' || trimmed === '/' ? [] : trimmed.replace(/^\//, '').split('/');
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Compiles a route table. `HEAD` is answered by the `GET` route. Path parameters are
 * percent-decoded; a segment that does not decode matches nothing.
 *
 * @example
 * ```ts
 * const table = createRouteTable([{ method: 'GET', pattern: '/devices/{hid}', handler: 'device' }]);
 * table.match('GET', '/devices/abc'); // { kind: 'found', params: { hid: 'abc' }, … }
 * table.match('PUT', '/devices/abc'); // { kind: 'method_not_allowed', allowed: ['GET', 'HEAD', 'OPTIONS'] }
 * ```
 */
export function createRouteTable<THandler>(routes: readonly Route<THandler>[]): RouteTable<THandler> {
  const compiled: CompiledRoute<THandler>[] = routes.map((route) => ({ route, segments: compile(route.pattern) }));

  function matchPath(entry: CompiledRoute<THandler>, segments: string[]): Record<string, string> | undefined {
    if (entry.segments.length !== segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i += 1) {
      const expected = entry.segments[i]!;
      const actual = segments[i]!;
      if ('literal' in expected) {
        if (expected.literal !== actual) return undefined;
      } else {
        const value = decodeSegment(actual);
        if (value === undefined || value === '') return undefined;
        params[expected.param] = value;
      }
    }
    return params;
  }

  return {
    routes,
    match(method, path) {
      const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
      const segments = splitSegments(path);
      const allowed = new Set<string>();
      for (const entry of compiled) {
        const params = matchPath(entry, segments);
        if (!params) continue;
        if (entry.route.method === wanted) return { kind: 'found', route: entry.route, params };
        allowed.add(entry.route.method);
      }
      if (allowed.size === 0) return { kind: 'not_found' };
      if (allowed.has('GET')) allowed.add('HEAD');
      allowed.add('OPTIONS');
      return { kind: 'method_not_allowed', allowed: [...allowed].sort() };
    },
  };
}

/** The requests the platform let through without any check: `OPTIONS` and a fixed list of paths (docs/spec/xconnect.md §3b). */

/**
 * The paths the platform's API server exempted from its signature filter, as the regular expressions
 * it matched against the whole raw path (not decoded, no query): the message broker's authentication
 * callbacks, the Swagger UI and API-docs paths, the status endpoint and the favicon. Being patterns,
 * an unescaped `.` matches any character (`/favicon.ico` also exempts `/faviconXico`), and nothing
 * else is exempt — not `/api/v1/kronos/status`, not a path with a trailing slash.
 */
export const MOONSTONE_EXEMPT_PATH_PATTERNS: readonly string[] = [
  '/api/v1/kronos/rabbitmq-auth/.*',
  '/swagger-ui.html',
  '/configuration/ui',
  '/configuration/security',
  '/swagger-resources',
  '/swagger-resources/configuration/ui',
  '/swagger-resources/configuration/security',
  '/v2/api-docs',
  '/webjars/springfox-swagger-ui/.*',
  '/status',
  '/favicon.ico',
];

// Java's `.` matches anything but a line terminator; `s` is off, and `u` makes "any" a code point.
// Line terminators cannot reach here raw (the container refuses them), so the difference is moot.
const EXEMPT = MOONSTONE_EXEMPT_PATH_PATTERNS.map((pattern) => new RegExp(`^(?:${pattern})$`, 'u'));

/**
 * Whether the platform let a request through unchecked: an `OPTIONS` request (the method exactly, as
 * the platform looked it up), or a raw path that one of {@link MOONSTONE_EXEMPT_PATH_PATTERNS} matches
 * whole. Assumes the request got past the front checks (`moonstoneFrontRejection` answered null).
 *
 * @example
 * ```ts
 * isMoonstoneExempt('GET', '/status'); // true
 * isMoonstoneExempt('GET', '/api/v1/kronos/status'); // false: checked like any other path
 * isMoonstoneExempt('OPTIONS', '/api/v1/kronos/devices'); // true
 * ```
 */
export function isMoonstoneExempt(method: string, path: string): boolean {
  if (method === 'OPTIONS') return true;
  return EXEMPT.some((pattern) => pattern.test(path));
}

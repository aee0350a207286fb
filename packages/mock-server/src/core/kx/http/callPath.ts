/** KX Connect paths (docs/spec/kx-connect.md §1–§2): the API prefix, login and logout, and `/connect/api/<group>/<method>` taken apart. */
import { KX_LOGIN_PATH } from '@sigkit/signer';

/** Where the KX Connect REST gateway serves its API. */
export const KX_PREFIX = '/connect/api';

/** Where logins are posted (docs/spec/kx-connect.md §1), unsigned. */
export const KX_LOGIN_ROUTE: string = KX_LOGIN_PATH;

/** Where a signed call ends its session (docs/spec/kx-connect.md §1, kit answer shapes). */
export const KX_LOGOUT_ROUTE = `${KX_PREFIX}/auth/logout`;

/** The group of the built-in login and logout routes; no analytic can be registered under it. */
export const KX_AUTH_GROUP = 'auth';

/** An analytic's group and method, as named in its path. */
export interface KxCallName {
  group: string;
  method: string;
}

// One path segment that needs no percent-encoding (RFC 3986 pchar without pct-encoded): what the signer signs.
const SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;

/** True when `name` can be one segment of `/connect/api/<group>/<method>` as sent and signed. */
export function isKxPathSegment(name: string): boolean {
  return SEGMENT.test(name) && name !== '.' && name !== '..';
}

/**
 * Splits `/connect/api/<group>/<method>` into its two segments, percent-decoded; `undefined` for
 * any other shape (fewer or more segments, an empty or undecodable segment).
 *
 * @example
 * ```ts
 * parseKxCallPath('/connect/api/monPublic/getMem'); // { group: 'monPublic', method: 'getMem' }
 * parseKxCallPath('/connect/api/monPublic');        // undefined
 * ```
 */
export function parseKxCallPath(path: string): KxCallName | undefined {
  if (!path.startsWith(`${KX_PREFIX}/`)) return undefined;
  const segments = path.slice(KX_PREFIX.length + 1).split('/');
  if (segments.length !== 2) return undefined;
  try {
    const [group, method] = segments.map((s) => decodeURIComponent(s)) as [string, string];
    return group === '' || method === '' ? undefined : { group, method };
  } catch {
    return undefined;
  }
}

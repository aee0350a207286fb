/** Options of the KX Connect platform in the mock (the `kx` key of the core options and the config file), their defaults and validation. */
import type { KxProfile } from '@sigkit/signer';
import { checkNumber, MockInputError, readObject, rejectUnknownKeys } from '../../input/readInput.js';
import { parseKxStaticAnalytic, type KxStaticAnalyticInput } from '../analytics/staticTable.js';
import { DEFAULT_KX_SERVERS } from '../monitoring/servers.js';
import { KX_GUIDE_USERS } from '../users/guideUsers.js';
import { parseKxUserInput, type KxUserInput } from '../users/userStore.js';
import { isKxPathSegment } from '../http/callPath.js';
import { resolveKxProfileOption, type KxProfileOption } from './profileOption.js';

/** KX Connect options; every field is optional. */
export interface KxOptions {
  /** The signing profile every call is verified under: `default` (the kit's), a variant name, or knobs over the default (docs/spec/kx-connect.md §2). */
  profile?: KxProfileOption;
  /** Users in addition to the guides' two (or instead of them, with `includeGuideUsers: false`). */
  users?: readonly KxUserInput[];
  /** Accept the guides' users `kxSupport` / `12345678` and `Administrator` / `password` (default true). */
  includeGuideUsers?: boolean;
  /** A session unused for longer than this many minutes is expired (default 30; fractions allowed). */
  sessionIdleMinutes?: number;
  /** Most sessions kept per user (default 10); a login beyond it evicts the user's oldest session, expired ones first. */
  maxSessionsPerUser?: number;
  /** The monitored servers, the `sym` values of the monitoring analytics (default five KX Platform processes). */
  servers?: readonly string[];
  /** Most rows one analytic answer may hold (default 10,000); built-in analytics answer 400 beyond it. */
  maxRows?: number;
  /** Analytics answered from fixed tables. */
  analytics?: readonly KxStaticAnalyticInput[];
}

/** KX options with defaults filled in. */
export interface ResolvedKxOptions {
  profile: KxProfile;
  users: KxUserInput[];
  sessionIdleMinutes: number;
  maxSessionsPerUser: number;
  servers: string[];
  maxRows: number;
  analytics: KxStaticAnalyticInput[];
}

/** Default idle timeout of a session, minutes (docs/spec/kx-connect.md §2). */
export const DEFAULT_SESSION_IDLE_MINUTES = 30;
/** Default cap on sessions per user. */
export const DEFAULT_MAX_SESSIONS_PER_USER = 10;
/** Default cap on the rows of one answer. */
export const DEFAULT_MAX_ROWS = 10_000;

const FIELDS = ['profile', 'users', 'includeGuideUsers', 'sessionIdleMinutes', 'maxSessionsPerUser', 'servers', 'maxRows', 'analytics'] as const;

/**
 * Validates untrusted KX options (the config file's `kx`, or JavaScript callers without types).
 * Throws {@link MockInputError} with one line naming the field.
 *
 * @example
 * ```ts
 * parseKxOptions({ profile: 'NoSeparator', users: [{ username: 'ops', password: 'x', groups: ['monPublic'] }] }, 'sigkit.config.json.kx');
 * ```
 */
export function parseKxOptions(value: unknown, where: string): KxOptions {
  const object = readObject(value, where);
  rejectUnknownKeys(object, FIELDS, where);
  const out: KxOptions = {};
  if (object.profile !== undefined) {
    resolveKxProfileOption(object.profile, `${where}.profile`);
    out.profile = object.profile as KxProfileOption;
  }
  if (object.users !== undefined) {
    if (!Array.isArray(object.users)) throw new MockInputError(`${where}.users must be an array of { "username", "password", "groups"? } objects`);
    out.users = object.users.map((u, i) => parseKxUserInput(u, `${where}.users[${i}]`));
  }
  if (object.includeGuideUsers !== undefined) {
    if (typeof object.includeGuideUsers !== 'boolean') throw new MockInputError(`${where}.includeGuideUsers must be true or false`);
    out.includeGuideUsers = object.includeGuideUsers;
  }
  if (object.sessionIdleMinutes !== undefined) {
    out.sessionIdleMinutes = checkNumber(object.sessionIdleMinutes, `${where}.sessionIdleMinutes`, { min: 0, max: 525_600, minExclusive: true });
  }
  if (object.maxSessionsPerUser !== undefined) {
    out.maxSessionsPerUser = checkNumber(object.maxSessionsPerUser, `${where}.maxSessionsPerUser`, { min: 1, max: 10_000, integer: true });
  }
  if (object.servers !== undefined) {
    const servers = object.servers;
    if (!Array.isArray(servers) || servers.length === 0 || servers.length > 1000 || servers.some((s) => typeof s !== 'string' || !isKxPathSegment(s))) {
      throw new MockInputError(`${where}.servers must be a list of 1 to 1000 server names (letters, digits and -._~), e.g. ["rdb_a", "hdb_a"]`);
    }
    if (new Set(servers).size !== servers.length) throw new MockInputError(`${where}.servers lists a server twice`);
    out.servers = [...(servers as string[])];
  }
  if (object.maxRows !== undefined) out.maxRows = checkNumber(object.maxRows, `${where}.maxRows`, { min: 1, max: 1_000_000, integer: true });
  if (object.analytics !== undefined) {
    if (!Array.isArray(object.analytics)) throw new MockInputError(`${where}.analytics must be an array of { "group", "method", "rows" } objects`);
    out.analytics = object.analytics.map((a, i) => parseKxStaticAnalytic(a, `${where}.analytics[${i}]`));
  }
  return out;
}

/**
 * Validates and fills in defaults.
 *
 * @example
 * ```ts
 * resolveKxOptions({}).sessionIdleMinutes; // 30
 * ```
 */
export function resolveKxOptions(options: KxOptions | undefined, where: string): ResolvedKxOptions {
  const checked = options === undefined ? {} : parseKxOptions(options, where);
  return {
    profile: resolveKxProfileOption(checked.profile, `${where}.profile`),
    users: [...(checked.includeGuideUsers === false ? [] : KX_GUIDE_USERS), ...(checked.users ?? [])],
    sessionIdleMinutes: checked.sessionIdleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES,
    maxSessionsPerUser: checked.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER,
    servers: [...(checked.servers ?? DEFAULT_KX_SERVERS)],
    maxRows: checked.maxRows ?? DEFAULT_MAX_ROWS,
    analytics: [...(checked.analytics ?? [])],
  };
}

/** The KX Connect admin routes under `/__sigkit/kx`: profile, users, sessions (expire one now), analytics. */
import { AdminError, adminJsonBody, type PlatformAdminRoute } from '../../admin/adminRoute.js';
import type { JsonValue } from '../../http/types.js';
import { MockInputError, readObject, rejectUnknownKeys } from '../../input/readInput.js';
import { maskSessionId } from '../../journal/redact.js';
import { parseKxStaticAnalytic, staticTableHandler } from '../analytics/staticTable.js';
import type { KxModule } from '../kxModule.js';
import { kxProfileName, type KxProfileOption } from '../config/profileOption.js';
import { parseKxUserInput } from '../users/userStore.js';

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonValue;

/**
 * The admin routes of a KX module, relative to `/__sigkit/kx`.
 *
 * @example
 * ```ts
 * // POST /__sigkit/kx/sessions/{sessionId}/expire → {"expired":"…"}; the next call with it meets "session expired"
 * ```
 */
export function createKxAdminRoutes(kx: KxModule): PlatformAdminRoute[] {
  const notFound = (what: string) => new AdminError(404, 'not_found', what);
  return [
    {
      method: 'GET',
      pattern: '/',
      description: 'KX Connect: profile, session and row limits, servers, counts of users, sessions and analytics',
      handler: () => ({
        body: json({
          profileName: kxProfileName(kx.profile),
          profile: kx.profile,
          sessionIdleMinutes: kx.options.sessionIdleMinutes,
          maxSessionsPerUser: kx.options.maxSessionsPerUser,
          maxRows: kx.options.maxRows,
          servers: kx.options.servers,
          users: kx.users.list().length,
          sessions: kx.sessions.list().length,
          analytics: kx.analytics.list().length,
        }),
      }),
    },
    { method: 'GET', pattern: '/profile', description: 'the KX signing profile in effect', handler: () => ({ body: json({ profileName: kxProfileName(kx.profile), profile: kx.profile }) }) },
    {
      method: 'PUT',
      pattern: '/profile',
      description: 'switch the KX profile until reset: a variant name ("NoSeparator"), "default", or knobs ({"joiner":"none"})',
      handler: ({ body }) => {
        const profile = kx.setProfile(adminJsonBody(body) as KxProfileOption);
        return { body: json({ profileName: kxProfileName(profile), profile }) };
      },
    },
    { method: 'GET', pattern: '/users', description: 'list KX users (no passwords) and the groups each may call', handler: () => ({ body: json({ users: kx.users.list() }) }) },
    {
      method: 'POST',
      pattern: '/users',
      description: 'add (or replace) a KX user: {username, password, groups?}',
      handler: ({ body }) => ({ status: 201, body: json({ user: kx.users.add(parseKxUserInput(adminJsonBody(body), 'user')) }) }),
    },
    {
      method: 'DELETE',
      pattern: '/users/{username}',
      description: 'remove a KX user and end its sessions',
      handler: ({ params }) => {
        if (!kx.users.remove(params.username!)) throw notFound(`no KX user "${params.username}"`);
        return { body: json({ removed: params.username, sessionsEnded: kx.sessions.endAllOf(params.username!) }) };
      },
    },
    {
      method: 'GET',
      pattern: '/sessions',
      description: 'list KX sessions (filter: username), each id masked to its last five characters',
      handler: ({ query }) => {
        const username = query.get('username')?.[0];
        // A sessionId is the key of its session's signatures: listed, as journaled, by its last five
        // characters only (issue #18). Whoever opened it (a login, POST below) was given it whole.
        const listed = kx.sessions.list(username === undefined ? {} : { username });
        return { body: json({ sessions: listed.map(({ sessionId, ...rest }) => ({ session: maskSessionId(sessionId), ...rest })) }) };
      },
    },
    {
      method: 'POST',
      pattern: '/sessions',
      description: 'open a session for a user without a password: {username}; the answer shows its sessionId, once',
      handler: ({ body }) => {
        const input = readObject(adminJsonBody(body), 'session');
        rejectUnknownKeys(input, ['username'], 'session');
        if (typeof input.username !== 'string') throw new MockInputError('session.username must be the name of a KX user');
        const session = kx.openSession(input.username);
        if (!session) throw notFound(`no KX user "${input.username}"`);
        return { status: 201, body: json({ session: kx.sessions.list().find((s) => s.sessionId === session.sessionId) }) };
      },
    },
    { method: 'DELETE', pattern: '/sessions', description: 'end every KX session', handler: () => ({ body: json({ ended: kx.sessions.clear() }) }) },
    {
      method: 'DELETE',
      pattern: '/sessions/{sessionId}',
      description: 'end a KX session, as a logout does (later calls: unknown session)',
      handler: ({ params }) => {
        if (!kx.sessions.end(params.sessionId!)) throw notFound(`no KX session "${params.sessionId}"`);
        return { body: json({ ended: params.sessionId }) };
      },
    },
    {
      method: 'POST',
      pattern: '/sessions/{sessionId}/expire',
      description: 'expire a KX session now (later calls: session expired)',
      handler: ({ params }) => {
        if (!kx.sessions.expire(params.sessionId!)) throw notFound(`no KX session "${params.sessionId}"`);
        return { body: json({ expired: params.sessionId }) };
      },
    },
    { method: 'GET', pattern: '/analytics', description: 'list KX analytics with their parameters and columns', handler: () => ({ body: json({ analytics: kx.analytics.list() }) }) },
    {
      method: 'PUT',
      pattern: '/analytics/{group}/{method}',
      description: 'serve a fixed table at /connect/api/{group}/{method} until reset: {rows, description?}',
      handler: ({ params, body }) => {
        const object = readObject(adminJsonBody(body), 'analytic');
        const table = parseKxStaticAnalytic({ ...object, group: params.group, method: params.method }, 'analytic');
        const columns = [...new Set(table.rows.flatMap((row) => Object.keys(row)))];
        const analytic = kx.analytics.register(table.group, table.method, staticTableHandler(table.rows), 'admin', {
          description: table.description ?? `a fixed table of ${table.rows.length} rows (admin API)`,
          params: ['startTime', 'endTime', 'syms'],
          columns,
        });
        return { body: json({ analytic }) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/analytics/{group}/{method}',
      description: 'withdraw a KX analytic until reset',
      handler: ({ params }) => {
        if (!kx.analytics.remove(params.group!, params.method!)) throw notFound(`no KX analytic ${params.group}.${params.method}`);
        return { body: json({ removed: `${params.group}.${params.method}` }) };
      },
    },
  ];
}

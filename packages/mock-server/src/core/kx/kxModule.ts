/** The KX Connect platform module: login and sessions (docs/spec/kx-connect.md §1), signed calls verified in order (§2), and the analytics (§3). */
import { kxErrorBody, type KxProfile } from '@sigkit/signer';
import type { PlatformAdminRoute } from '../admin/adminRoute.js';
import { emptyResponse, jsonResponse } from '../http/responses.js';
import { intern } from '../journal/intern.js';
import { lazyJournalVerdict, type JournalVerdict } from '../journal/journal.js';
import type { JsonObject, MockHttpResponse } from '../http/types.js';
import type { PlatformExchange, PlatformModule, PlatformRequest, PlatformServices } from '../platform/platformModule.js';
import { createKxAdminRoutes } from './admin/kxAdminRoutes.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from './analytics/analyticTypes.js';
import { createKxAnalyticRegistry, type KxAnalyticListing, type KxAnalyticRegistry } from './analytics/registry.js';
import { staticTableHandler } from './analytics/staticTable.js';
import type { ResolvedKxOptions } from './config/kxOptions.js';
import { kxProfileName, resolveKxProfileOption, type KxProfileOption } from './config/profileOption.js';
import { KX_LOGIN_ROUTE, KX_LOGOUT_ROUTE, KX_PREFIX, parseKxCallPath } from './http/callPath.js';
import { readKxCallParams } from './http/callParams.js';
import { kxEcho, kxFailure, kxSuccess, type KxEcho } from './http/envelope.js';
import { KxCallError } from './http/kxCallError.js';
import { judgeKxLogin } from './login/judgeLogin.js';
import { EVICTED_HEADER } from '../platform/evictedHeader.js';
import { MON_PUBLIC_ANALYTICS, MON_PUBLIC_GROUP } from './monitoring/monPublic.js';
import { createKxSessionStore, type KxSession, type KxSessionStore } from './sessions/sessionStore.js';
import { createKxUserStore, type KxUserStore } from './users/userStore.js';
import { KX_DEFERRED_SEARCH_NOTE, kxJournalDiagnosisJson, verifyKxForMock, type KxDiagnosis, type KxMockVerdict } from './verify/verifyKxCall.js';
import { createExplainBudget } from '../platform/explainBudget.js';

/** The KX Connect module, with its state and its extension points. */
export interface KxModule extends PlatformModule {
  readonly users: KxUserStore;
  readonly sessions: KxSessionStore;
  readonly analytics: KxAnalyticRegistry;
  /** The profile calls are verified under (docs/spec/kx-connect.md §2). */
  readonly profile: KxProfile;
  /** Switches the profile until the next reset; returns it. Throws `MockInputError` on an unusable option. */
  setProfile(option: KxProfileOption): KxProfile;
  /**
   * Adds an analytic served at `POST /connect/api/<group>/<method>`, replacing one of the same
   * name (built-ins included). It stays across resets, as part of the mock's setup.
   *
   * @example
   * ```ts
   * core.kx.registerAnalytic('trade', 'getVwap', ({ params }) => [{ sym: params.sym ?? 'AAPL', vwap: 187.2 }]);
   * ```
   */
  registerAnalytic(group: string, method: string, handler: KxAnalyticHandler, info?: KxAnalyticInfo): KxAnalyticListing;
  /** Opens a session for a user without a password, as a login does (for tests and the admin API). Undefined for an unknown user. */
  openSession(username: string): KxSession | undefined;
  /** The options in effect, defaults filled in. */
  readonly options: ResolvedKxOptions;
}

const METHOD_NOT_ALLOWED_ALLOW = 'OPTIONS, POST';

function answer(response: MockHttpResponse, route: string | null) {
  return { response, route };
}

/**
 * The journal's verdict, its diagnosis built on read. A function of its own so that the closure
 * holds the diagnosis alone, not the request that `respond` keeps.
 */
function kxJournalVerdict(ok: boolean, code: string, serverMessage: string, diagnosis: KxDiagnosis, deferredSearch?: KxMockVerdict['deferredSearch']): JournalVerdict {
  if (deferredSearch) {
    // The search the answer went without runs when the entry is read (issue #18).
    const build = () => {
      const found = deferredSearch();
      const message = diagnosis.message.replace(KX_DEFERRED_SEARCH_NOTE, '') + found.note;
      return kxJournalDiagnosisJson({ ...diagnosis, message, deviation: found.deviation, firstDifference: found.firstDifference });
    };
    return lazyJournalVerdict('kx', ok, code, diagnosis.message, serverMessage, { build });
  }
  return lazyJournalVerdict('kx', ok, code, diagnosis.message, serverMessage, { build: () => kxJournalDiagnosisJson(diagnosis) });
}

/**
 * Creates the KX Connect module over the shared services (clock, seed).
 *
 * @example
 * ```ts
 * const kx = createKxModule(services, resolveKxOptions({ profile: 'NoSeparator' }, 'kx'));
 * const exchange = kx.accept(request);
 * exchange.verdict?.code; // 'ok', 'signature_mismatch', 'login', …
 * ```
 */
export function createKxModule(services: PlatformServices, options: ResolvedKxOptions): KxModule {
  const users = createKxUserStore(options.users);
  const sessions = createKxSessionStore({ now: () => services.clock.now(), idleTimeoutMs: options.sessionIdleMinutes * 60_000, maxPerUser: options.maxSessionsPerUser });
  const analytics = createKxAnalyticRegistry();
  for (const { method, handler, info } of MON_PUBLIC_ANALYTICS) analytics.register(MON_PUBLIC_GROUP, method, handler, 'builtin', info);
  for (const table of options.analytics) {
    const info: KxAnalyticInfo = { params: ['startTime', 'endTime', 'syms'], columns: [...new Set(table.rows.flatMap((row) => Object.keys(row)))] };
    info.description = table.description ?? `a fixed table of ${table.rows.length} rows (config)`;
    analytics.register(table.group, table.method, staticTableHandler(table.rows), 'config', info);
  }
  let profile = options.profile;

  // Bounds the time rejections spend searching for the client's deviation while answering (issue #18).
  const explainBudget = createExplainBudget();
  const openSession = (username: string) => (users.get(username) ? sessions.open(username) : undefined);

  function acceptOtherMethod(request: PlatformRequest): PlatformExchange {
    const response =
      request.method === 'OPTIONS'
        ? emptyResponse(200, { allow: METHOD_NOT_ALLOWED_ALLOW })
        : kxFailure(405, kxEcho(request.body), `KX Connect calls are POST; ${request.method} is not allowed on ${request.path}`, {}, { allow: METHOD_NOT_ALLOWED_ALLOW });
    return { verdict: null, respond: async () => answer(response, null) };
  }

  function acceptLogin(request: PlatformRequest): PlatformExchange {
    const judged = judgeKxLogin(request.body, users);
    return {
      verdict: judged.verdict,
      respond: async () => {
        const route = `POST ${KX_LOGIN_ROUTE}`;
        if (!judged.user || judged.failure) {
          const sigkit = { code: judged.verdict.code, message: judged.verdict.message, journalId: request.journalId };
          return answer(kxFailure(judged.failure?.status ?? 401, judged.echo, judged.failure?.error ?? judged.verdict.serverMessage, { sigkit }), route);
        }
        // The session opens only when the answer is given: a faulted login leaves none behind.
        const evictedBefore = sessions.evicted;
        const session = sessions.open(judged.user.username);
        const answered = answer(kxSuccess(judged.echo, [{ sessionId: session.sessionId, username: session.username }], services.clock.now()), route);
        const evicted = sessions.evicted - evictedBefore;
        // A cap that drops a session must say so: the client holding it will get 401s (issue #18).
        if (evicted > 0) answered.response.headers[EVICTED_HEADER] = `${evicted} older session(s) of ${session.username} ended: the mock keeps ${sessions.maxPerUser} per user (kx.maxSessionsPerUser)`;
        return answered;
      },
    };
  }

  async function serveCall(request: PlatformRequest, session: KxSession): Promise<{ response: MockHttpResponse; route: string | null }> {
    const now = services.clock.now();
    const name = parseKxCallPath(request.path);
    const echo: KxEcho = kxEcho(request.body, name ? `${name.method}Resp` : null);
    if (request.path === KX_LOGOUT_ROUTE) {
      sessions.end(session.sessionId);
      return answer(kxSuccess(echo, [], now), `POST ${KX_LOGOUT_ROUTE}`);
    }
    if (!name) return answer(kxFailure(404, echo, `no KX Connect endpoint ${request.path}: calls are POST ${KX_PREFIX}/<group>/<method>`), null);
    const analytic = analytics.get(name.group, name.method);
    if (!analytic) return answer(kxFailure(404, echo, `unknown analytic ${name.group}.${name.method}`), null);
    const route = intern(`POST ${KX_PREFIX}/${analytic.group}/${analytic.method}`);
    const groups = users.get(session.username)?.groups ?? null;
    if (groups && !groups.includes(name.group)) {
      return answer(kxFailure(403, echo, `user ${session.username} may not call analytics of group ${name.group} (allowed: ${groups.join(', ') || 'none'})`), route);
    }
    try {
      const params = readKxCallParams(request.body);
      const rows = await analytic.handler({ group: name.group, method: name.method, params, username: session.username, now, seed: services.seed, servers: options.servers, maxRows: options.maxRows, request });
      if (!Array.isArray(rows)) throw new TypeError(`analytic ${name.group}.${name.method} returned ${typeof rows}, not an array of rows`);
      return answer(kxSuccess(echo, rows, now), route);
    } catch (error) {
      if (error instanceof KxCallError) return answer(kxFailure(error.status, echo, error.message), route);
      throw error;
    }
  }

  function acceptCall(request: PlatformRequest): PlatformExchange {
    const { verdict, session, diagnosis, deferredSearch } = verifyKxForMock(request, { sessions, profile, now: services.clock.now(), budget: explainBudget });
    return {
      verdict: kxJournalVerdict(verdict.ok, verdict.code, verdict.serverMessage, diagnosis, deferredSearch),
      respond: async () => {
        // The answer masks the sessionId as the journal does: a caller who knows only the last five
        // characters (sent in clear in every Authorization) must not learn the session's key (#18).
        if (!verdict.ok || !session) return answer(jsonResponse(verdict.status, { ...kxErrorBody(verdict), sigkit: kxJournalDiagnosisJson(diagnosis) }), null);
        sessions.touch(session);
        return serveCall(request, session);
      },
    };
  }

  const adminRoutes: PlatformAdminRoute[] = [];
  const module: KxModule = {
    name: 'kx',
    prefix: KX_PREFIX,
    users,
    sessions,
    analytics,
    options,
    get profile() {
      return { ...profile };
    },
    setProfile(option) {
      profile = resolveKxProfileOption(option, 'profile');
      return { ...profile };
    },
    registerAnalytic: (group, method, handler, info) => analytics.register(group, method, handler, 'code', info),
    openSession,
    accept(request) {
      if (request.method !== 'POST') return acceptOtherMethod(request);
      if (request.path === KX_LOGIN_ROUTE) return acceptLogin(request);
      return acceptCall(request);
    },
    errorResponse: (status, message) => kxFailure(status, { type: null, id: null }, message),
    reset() {
      sessions.clear();
      users.reset();
      analytics.reset();
      profile = options.profile;
    },
    describe: (): JsonObject => ({
      profileName: kxProfileName(profile),
      profile: { ...profile },
      users: users.list().length,
      sessions: sessions.list().length,
      analytics: analytics.list().length,
    }),
    adminRoutes,
  };
  adminRoutes.push(...createKxAdminRoutes(module));
  return module;
}

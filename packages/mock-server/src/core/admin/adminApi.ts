/** The admin API under `/__sigkit`: journal, stats, credentials, faults, clock and reset, all JSON. Platform-neutral. */
import type { MockClock } from '../clock/clock.js';
import { credentialView, parseCredentialInput, type CredentialStore } from '../credentials/credentials.js';
import { parseFaultInput, type FaultStore } from '../faults/faults.js';
import { readQueryParams, type ParsedTarget } from '../http/requestTarget.js';
import { emptyResponse, jsonResponse, reasonPhrase } from '../http/responses.js';
import { createRouteTable, type Route } from '../http/routeTable.js';
import type { JsonValue, MockHttpResponse, MockRequest } from '../http/types.js';
import { checkNumber, MockInputError, readObject, rejectUnknownKeys } from '../input/readInput.js';
import { explainJournalEntry } from '../journal/explainEntry.js';
import { journalToHar } from '../journal/har.js';
import type { Journal, JournalFilter } from '../journal/journal.js';
import type { PlatformModule } from '../platform/platformModule.js';
import type { MockProfile } from '../platform/profile.js';
import type { InspectorRoute } from '../ui/inspectorRoutes.js';
import { AdminError, adminJsonBody } from './adminRoute.js';

/** Path prefix of the admin API. */
export const ADMIN_PREFIX = '/__sigkit';

/** What the admin API operates on. */
export interface AdminTargets {
  journal: Journal;
  credentials: CredentialStore;
  faults: FaultStore;
  clock: MockClock;
  platforms: readonly PlatformModule[];
  profile: MockProfile;
  seed: number;
  /** Resets everything to the startup state. */
  reset(): void;
  /** The inspector's routes (`/__sigkit/events`, `/__sigkit/ui…`), patterns relative to `/__sigkit`. */
  inspector?: readonly InspectorRoute[];
  /** What the caps dropped since start or the last reset, for `GET /__sigkit/stats` (issue #18: no eviction goes unseen). */
  dropped?: () => { kxSessions: number; postedTelemetry: number };
}

interface AdminContext {
  params: Record<string, string>;
  query: ReadonlyMap<string, readonly string[]>;
  body: Uint8Array;
}

type AdminHandler = (context: AdminContext) => MockHttpResponse;

function adminError(status: number, code: string, message: string, headers: Record<string, string> = {}): MockHttpResponse {
  return jsonResponse(status, { status, error: code, message }, headers);
}

function ok(body: JsonValue, status = 200): MockHttpResponse {
  return jsonResponse(status, body);
}

function bodyOf(context: AdminContext): JsonValue {
  return adminJsonBody(context.body);
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

const JOURNAL_QUERY = ['method', 'path', 'status', 'code', 'ok', 'platform', 'since', 'limit', 'order'];

function readJournalFilter(query: ReadonlyMap<string, readonly string[]>): JournalFilter {
  for (const name of query.keys()) {
    if (!JOURNAL_QUERY.includes(name)) throw new MockInputError(`unknown journal filter "${name}" (known: ${JOURNAL_QUERY.join(', ')})`);
  }
  const text = (name: string) => query.get(name)?.[0];
  const int = (name: string, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new MockInputError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return checkNumber(Number(raw), name, { min, max, integer: true });
  };
  const filter: JournalFilter = {};
  const method = text('method');
  if (method !== undefined) filter.method = method;
  const path = text('path');
  if (path !== undefined) filter.path = path;
  const status = int('status', 100, 599);
  if (status !== undefined) filter.status = status;
  const code = text('code');
  if (code !== undefined) filter.code = code;
  const okText = text('ok');
  if (okText !== undefined) {
    if (okText !== 'true' && okText !== 'false') throw new MockInputError(`ok must be true or false, got "${okText}"`);
    filter.ok = okText === 'true';
  }
  const platform = text('platform');
  if (platform !== undefined) filter.platform = platform;
  const since = int('since', 0, Number.MAX_SAFE_INTEGER);
  if (since !== undefined) filter.since = since;
  filter.limit = int('limit', 1, 1000) ?? 100;
  const order = text('order');
  if (order !== undefined) {
    if (order !== 'asc' && order !== 'desc') throw new MockInputError(`order must be asc or desc, got "${order}"`);
    filter.order = order;
  }
  return filter;
}

/** One line per core admin route, shown by `GET /__sigkit` (and documented in the README); platform routes come on top (see {@link adminRouteSummary}). */
export const ADMIN_ROUTE_SUMMARY: ReadonlyArray<readonly [string, string]> = [
  ['GET /__sigkit', 'this index: profile, seed, platforms and admin routes'],
  ['GET /__sigkit/journal', 'list journal entries (filters: method, path, status, code, ok, platform, since, limit, order; format=har for HAR 1.2)'],
  ['DELETE /__sigkit/journal', 'empty the journal (counters and ids carry on)'],
  ['GET /__sigkit/journal/{id}', 'one journal entry with its verdict and diagnosis'],
  ['GET /__sigkit/journal/{id}/explain', 'the entry explained as `sigkit explain --journal {id}` explains it: {explanation, text}'],
  ['GET /__sigkit/stats', 'counters since start or the last reset'],
  ['GET /__sigkit/credentials', 'list credentials: api keys, flags and fingerprints of the secrets, never a secret'],
  ['POST /__sigkit/credentials', 'add (or replace) a credential; keys are generated when omitted; the answer shows the secret key, once'],
  ['PATCH /__sigkit/credentials/{apiKey}', 'change a credential\'s flags'],
  ['DELETE /__sigkit/credentials/{apiKey}', 'remove a credential'],
  ['GET /__sigkit/faults', 'list fault rules'],
  ['POST /__sigkit/faults', 'add a fault rule'],
  ['PUT /__sigkit/faults', 'replace every fault rule'],
  ['DELETE /__sigkit/faults', 'remove every fault rule'],
  ['DELETE /__sigkit/faults/{id}', 'remove one fault rule'],
  ['GET /__sigkit/clock', 'server time, offset and clock window'],
  ['PUT /__sigkit/clock', 'set offsetSeconds (or offsetMs) and/or windowSeconds'],
  ['POST /__sigkit/reset', 'back to the startup state: data, credentials, faults, clock; empties the journal and zeroes counters'],
  ['GET /__sigkit/openapi/{name}.json', 'the OpenAPI 3.1 document of xconnect, kx or admin (this API)'],
];

function platformAdminPattern(name: string, pattern: string): string {
  return pattern === '/' ? `/${name}` : `/${name}${pattern}`;
}

/**
 * Every admin route with its description: the core's ({@link ADMIN_ROUTE_SUMMARY}) followed by
 * those the platform modules add under `/__sigkit/<platform>`.
 *
 * @example
 * ```ts
 * adminRouteSummary(core.platforms).map(([route]) => route); // ['GET /__sigkit', …, 'GET /__sigkit/kx/sessions', …]
 * ```
 */
export function adminRouteSummary(platforms: readonly PlatformModule[]): Array<readonly [string, string]> {
  return [
    ...ADMIN_ROUTE_SUMMARY,
    ...platforms.flatMap((p) => (p.adminRoutes ?? []).map((r) => [`${r.method} ${ADMIN_PREFIX}${platformAdminPattern(p.name, r.pattern)}`, r.description] as const)),
  ];
}

/**
 * Creates the admin API handler. Requests to it are not journaled, faulted or verified.
 *
 * @example
 * ```ts
 * const admin = createAdminApi(targets);
 * admin.handle('GET', parseRequestTarget('/__sigkit/journal?code=signature_mismatch'), new Uint8Array());
 * ```
 */
export function createAdminApi(targets: AdminTargets): {
  /** Serves one admin request; `unreadableBody` (too large, aborted…) is answered as such, the route never runs. */
  handle(method: string, target: ParsedTarget, body: Uint8Array, unreadableBody?: MockRequest['unreadableBody']): MockHttpResponse;
} {
  const { journal, credentials, faults, clock } = targets;
  const routes: Route<AdminHandler>[] = [
    {
      method: 'GET',
      pattern: '/',
      handler: () =>
        ok({
          name: 'sigkit mock platform',
          profile: targets.profile,
          seed: targets.seed,
          platforms: targets.platforms.map((p) => ({ name: p.name, prefix: p.prefix, ...p.describe?.() })),
          admin: adminRouteSummary(targets.platforms).map(([route, description]) => ({ route, description })),
        }),
    },
    {
      method: 'GET',
      pattern: '/journal',
      handler: ({ query }) => {
        // `format` chooses the answer's shape; every other parameter is a filter, the same for both.
        const format = query.get('format')?.[0] ?? 'json';
        if (format !== 'json' && format !== 'har') throw new MockInputError(`format must be json or har, got "${format}"`);
        const filters = new Map([...query].filter(([name]) => name !== 'format'));
        const { total, entries } = journal.list(readJournalFilter(filters));
        if (format === 'har') return ok(toJson(journalToHar(entries)));
        return ok({ total, returned: entries.length, entries: toJson(entries) });
      },
    },
    { method: 'DELETE', pattern: '/journal', handler: () => ok({ cleared: journal.clear() }) },
    {
      method: 'GET',
      pattern: '/journal/{id}',
      handler: ({ params }) => {
        const id = /^\d+$/.test(params.id!) ? Number(params.id) : NaN;
        const entry = Number.isSafeInteger(id) ? journal.get(id) : undefined;
        if (entry) return ok(toJson(entry));
        if (journal.wasDropped(id)) {
          throw new AdminError(404, 'not_found', `journal entry ${params.id} is gone: the journal keeps the last ${journal.capacity} entries, or it was cleared`);
        }
        throw new AdminError(404, 'not_found', `no journal entry ${params.id}`);
      },
    },
    {
      method: 'GET',
      pattern: '/journal/{id}/explain',
      handler: ({ params }) => {
        const id = /^\d+$/.test(params.id!) ? Number(params.id) : NaN;
        const entry = Number.isSafeInteger(id) ? journal.get(id) : undefined;
        if (!entry) throw new AdminError(404, 'not_found', journal.wasDropped(id) ? `journal entry ${params.id} is gone: evicted or cleared` : `no journal entry ${params.id}`);
        return ok(toJson(explainJournalEntry(entry, (apiKey) => credentials.get(apiKey)?.secretKey)));
      },
    },
    { method: 'GET', pattern: '/stats', handler: () => ok(toJson({ ...journal.stats(), ...(targets.dropped ? { dropped: targets.dropped() } : {}) })) },
    // Secrets never leave the admin API in clear: credentials are listed with fingerprints, and a
    // secret key is shown once, to the caller that created it (issue #18).
    { method: 'GET', pattern: '/credentials', handler: () => ok({ credentials: toJson(credentials.list().map(credentialView)) }) },
    {
      method: 'POST',
      pattern: '/credentials',
      handler: (context) => {
        const added = credentials.add(parseCredentialInput(bodyOf(context), 'credential'));
        return ok({ credential: toJson({ ...credentialView(added), secretKey: added.secretKey }) }, 201);
      },
    },
    {
      method: 'PATCH',
      pattern: '/credentials/{apiKey}',
      handler: (context) => {
        const updated = credentials.update(context.params.apiKey!, parseCredentialInput(bodyOf(context), 'credential', { patch: true }));
        if (!updated) throw new AdminError(404, 'not_found', `no credential with apiKey "${context.params.apiKey}"`);
        return ok({ credential: toJson(credentialView(updated)) });
      },
    },
    {
      method: 'DELETE',
      pattern: '/credentials/{apiKey}',
      handler: ({ params }) => {
        if (!credentials.remove(params.apiKey!)) throw new AdminError(404, 'not_found', `no credential with apiKey "${params.apiKey}"`);
        return ok({ removed: params.apiKey! });
      },
    },
    { method: 'GET', pattern: '/faults', handler: () => ok({ faults: toJson(faults.list()) }) },
    { method: 'POST', pattern: '/faults', handler: (context) => ok({ fault: toJson(faults.add(parseFaultInput(bodyOf(context), 'fault'))) }, 201) },
    {
      method: 'PUT',
      pattern: '/faults',
      handler: (context) => {
        const body = bodyOf(context);
        if (!Array.isArray(body)) throw new MockInputError('PUT /__sigkit/faults takes a JSON array of fault rules');
        const inputs = body.map((f, i) => parseFaultInput(f, `faults[${i}]`));
        return ok({ faults: toJson(faults.replace(inputs)) });
      },
    },
    {
      method: 'DELETE',
      pattern: '/faults',
      handler: () => {
        const cleared = faults.list().length;
        faults.clear();
        return ok({ cleared });
      },
    },
    {
      method: 'DELETE',
      pattern: '/faults/{id}',
      handler: ({ params }) => {
        if (!faults.remove(params.id!)) throw new AdminError(404, 'not_found', `no fault rule "${params.id}"`);
        return ok({ removed: params.id! });
      },
    },
    { method: 'GET', pattern: '/clock', handler: () => ok(toJson(clock.state())) },
    {
      method: 'PUT',
      pattern: '/clock',
      handler: (context) => {
        const body = readObject(bodyOf(context), 'clock');
        rejectUnknownKeys(body, ['offsetSeconds', 'offsetMs', 'windowSeconds'], 'clock');
        if (body.offsetSeconds !== undefined && body.offsetMs !== undefined) throw new MockInputError('clock takes offsetSeconds or offsetMs, not both');
        const tenYears = 10 * 365 * 24 * 3600;
        const offsetMs =
          body.offsetSeconds !== undefined
            ? checkNumber(body.offsetSeconds, 'clock.offsetSeconds', { min: -tenYears, max: tenYears }) * 1000
            : body.offsetMs !== undefined
              ? checkNumber(body.offsetMs, 'clock.offsetMs', { min: -tenYears * 1000, max: tenYears * 1000, integer: true })
              : undefined;
        const windowSeconds = body.windowSeconds === undefined ? undefined : checkNumber(body.windowSeconds, 'clock.windowSeconds', { min: 0, max: tenYears, minExclusive: true });
        if (offsetMs !== undefined) clock.setOffsetMs(Math.round(offsetMs));
        if (windowSeconds !== undefined) clock.setWindowSeconds(windowSeconds);
        return ok(toJson(clock.state()));
      },
    },
    {
      method: 'POST',
      pattern: '/reset',
      handler: () => {
        targets.reset();
        return ok({ reset: true, clock: toJson(clock.state()), credentials: credentials.list().length, faults: faults.list().length });
      },
    },
  ];
  for (const platform of targets.platforms) {
    for (const route of platform.adminRoutes ?? []) {
      routes.push({
        method: route.method,
        pattern: platformAdminPattern(platform.name, route.pattern),
        handler: (context) => {
          const answer = route.handler(context);
          return ok(answer.body, answer.status ?? 200);
        },
      });
    }
  }
  for (const route of targets.inspector ?? []) routes.push(route);
  const table = createRouteTable(routes);

  return {
    handle(method, target, body, unreadableBody) {
      // A request whose body could not be read must not run as if it had none (a reset, say).
      if (unreadableBody) return adminError(unreadableBody.status, reasonPhrase(unreadableBody.status).toLowerCase().replace(/ /g, '_'), unreadableBody.message);
      const relative = target.path.slice(ADMIN_PREFIX.length) || '/';
      const match = table.match(method, relative);
      if (match.kind === 'not_found') {
        return adminError(404, 'not_found', `no admin route ${method} ${target.path}; GET ${ADMIN_PREFIX} lists them`);
      }
      if (match.kind === 'method_not_allowed') {
        // The Allow header lists OPTIONS, so OPTIONS is answered: with the methods, and no body.
        if (method === 'OPTIONS') return emptyResponse(204, { allow: match.allowed.join(', ') });
        return adminError(405, 'method_not_allowed', `${method} is not allowed on ${target.path} (allowed: ${match.allowed.join(', ')})`, { allow: match.allowed.join(', ') });
      }
      const query = readQueryParams(target.rawQuery);
      if (!query.ok) return adminError(400, 'bad_request', `malformed query string: ${query.message}`);
      try {
        return match.route.handler({ params: match.params, query: query.params, body });
      } catch (error) {
        if (error instanceof AdminError) return adminError(error.status, error.code, error.message);
        if (error instanceof MockInputError) return adminError(400, 'bad_request', error.message);
        throw error;
      }
    },
  };
}

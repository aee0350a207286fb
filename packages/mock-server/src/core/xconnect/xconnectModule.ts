/** The xConnect (Kronos) platform module: verifies every request (docs/spec/xconnect.md §3) and serves the API of docs/spec/xconnect.md §5. */
import type { XConnectVerdict } from '@sigkit/signer';
import type { MockCredential } from '../credentials/credentials.js';
import { readQueryParams } from '../http/requestTarget.js';
import { createAnswerCache, type AnswerCache } from '../http/answerCache.js';
import { emptyResponse, jsonResponse, jsonResponseWithText } from '../http/responses.js';
import { intern } from '../journal/intern.js';
import { lazyJournalVerdict, type JournalVerdict } from '../journal/journal.js';
import { createRouteTable, type RouteTable } from '../http/routeTable.js';
import type { MockHttpResponse } from '../http/types.js';
import type { PlatformModule, PlatformRequest, PlatformServices } from '../platform/platformModule.js';
import type { DatasetSize } from './data/seededDataset.js';
import { createXConnectStore, externalStoreView, type StoreLimits, type XConnectStore } from './data/store.js';
import { springErrorBody, springErrorResponse, XConnectApiError } from './errors.js';
import { DEVICE_ROUTES } from './routes/devices.js';
import { GATEWAY_ROUTES } from './routes/gateways.js';
import type { XConnectHandler } from './routes/routeContext.js';
import { TELEMETRY_ROUTES } from './routes/telemetry.js';
import { deferredDiagnosisJson, diagnosisJson, verifyXConnectForMock, type XConnectDiagnosis } from './verifyRequest.js';

/** Where the Kronos API lives (docs/spec/xconnect.md §5). */
export const XCONNECT_PREFIX = '/api/v1/kronos';

/** Options of {@link createXConnectModule}. */
export interface XConnectModuleOptions {
  /** How much seeded data to generate. */
  dataset?: DatasetSize;
  /** Bounds on what clients can add. */
  limits?: StoreLimits;
}

/** The xConnect module, with its store exposed for programmatic inspection. */
export interface XConnectModule extends PlatformModule {
  readonly store: XConnectStore;
}

/** Every xConnect route, relative to {@link XCONNECT_PREFIX}. */
export const XCONNECT_ROUTES = [...GATEWAY_ROUTES, ...DEVICE_ROUTES, ...TELEMETRY_ROUTES];

function rejection(diagnosis: XConnectDiagnosis, status: number, serverMessage: string, request: PlatformRequest, services: PlatformServices): MockHttpResponse {
  const body = springErrorBody(status, serverMessage, request.path, services.clock.now());
  // strict adds the diagnosis next to the production body; moonstone answers exactly what production did.
  if (services.profile === 'strict') body.sigkit = diagnosisJson(diagnosis);
  return jsonResponse(status, body);
}

/**
 * The journal's verdict, its diagnosis built on read. A function of its own so that the closure
 * holds the diagnosis alone: made inside `accept`, it would share a context with `respond` and keep
 * the whole request alive in the journal.
 */
function journalVerdictOf(verdict: XConnectVerdict, diagnosis: XConnectDiagnosis, target: string, secretKey: string | undefined): JournalVerdict {
  return lazyJournalVerdict('xconnect', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, deferredDiagnosisJson(diagnosis, target, secretKey));
}

function route(
  table: RouteTable<XConnectHandler>,
  answers: AnswerCache,
  request: PlatformRequest,
  credential: MockCredential | undefined,
  store: XConnectStore,
  services: PlatformServices,
): { response: MockHttpResponse; route: string | null } {
  const now = services.clock.now();
  const relative = request.path.slice(XCONNECT_PREFIX.length) || '/';
  const match = table.match(request.method, relative);
  if (match.kind === 'not_found') {
    return { response: springErrorResponse(404, `no xConnect endpoint ${request.method} ${request.path} (docs/spec/xconnect.md §5 lists them)`, request.path, now), route: null };
  }
  if (match.kind === 'method_not_allowed') {
    const allow = match.allowed.join(', ');
    if (request.method === 'OPTIONS') return { response: emptyResponse(200, { allow }), route: null };
    return { response: springErrorResponse(405, `Request method '${request.method}' not supported (allowed: ${allow})`, request.path, now, { allow }), route: null };
  }
  const routeName = intern(`${match.route.method} ${XCONNECT_PREFIX}${match.route.pattern}`);
  const query = readQueryParams(request.rawQuery);
  if (!query.ok) return { response: new XConnectApiError(`malformed query string: ${query.message}`).toResponse(), route: routeName };
  const cacheable = match.route.cacheable === true && request.method === 'GET';
  if (cacheable) {
    // Keyed by the whole request-target: the answer depends on nothing else (see Route.cacheable).
    const kept = answers.get(request.target, store.revision);
    if (kept) return { response: jsonResponseWithText(200, kept.body, kept.text), route: routeName };
  }
  try {
    const body = match.route.handler({ request, params: match.params, query: query.params, store, services, credential, now });
    if (!cacheable) return { response: jsonResponse(200, body), route: routeName };
    const kept = answers.set(request.target, store.revision, body);
    return { response: jsonResponseWithText(200, kept.body, kept.text), route: routeName };
  } catch (error) {
    if (error instanceof XConnectApiError) return { response: error.toResponse(), route: routeName };
    throw error;
  } finally {
    // Any other method may have changed records in place, even when it failed half way.
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') store.touch();
  }
}

/**
 * Creates the xConnect module over the shared services (credentials, clock, profile, seed).
 *
 * @example
 * ```ts
 * const xconnect = createXConnectModule(services, { dataset: { gateways: 2, devicesPerGateway: 5 } });
 * const exchange = xconnect.accept(request);
 * exchange.verdict.code; // 'ok', 'signature_mismatch', …
 * const { response } = await exchange.respond();
 * ```
 */
export function createXConnectModule(services: PlatformServices, options: XConnectModuleOptions = {}): XConnectModule {
  const store = createXConnectStore(services.seed, options.dataset, options.limits);
  const table = createRouteTable<XConnectHandler>(XCONNECT_ROUTES);
  const answers = createAnswerCache();
  return {
    name: 'xconnect',
    prefix: XCONNECT_PREFIX,
    store: externalStoreView(store),
    accept(request) {
      const { verdict, credential, diagnosis } = verifyXConnectForMock(request, services);
      return {
        verdict: journalVerdictOf(verdict, diagnosis, request.target, credential?.secretKey),
        respond: async () =>
          verdict.ok
            ? route(table, answers, request, credential, store, services)
            : { response: rejection(diagnosis, verdict.status, verdict.serverMessage, request, services), route: null },
      };
    },
    errorResponse: (status, message, path) => springErrorResponse(status, message, path, services.clock.now()),
    reset: () => store.reset(),
  };
}

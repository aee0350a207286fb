/** The xConnect (Kronos) platform module: verifies every request (docs/spec/xconnect.md §3) and serves the API of docs/spec/xconnect.md §5. */
import { moonstoneEffectiveMethod, type XConnectVerdict } from '@sigkit/signer';
import type { MockCredential } from '../credentials/credentials.js';
import { readQueryParams } from '../http/requestTarget.js';
import { createAnswerCache, type AnswerCache } from '../http/answerCache.js';
import { emptyResponse, jsonResponse, jsonResponseWithText } from '../http/responses.js';
import { intern } from '../journal/intern.js';
import { lazyJournalVerdict, type JournalVerdict } from '../journal/journal.js';
import { createRouteTable, type RouteTable } from '../http/routeTable.js';
import type { MockHttpResponse } from '../http/types.js';
import type { PlatformModule, PlatformRequest, PlatformServices, UnservedRequest } from '../platform/platformModule.js';
import { PLATFORM_WOULD_DIFFER_HEADER, platformWouldDifferHeader, type PlatformWouldDiffer } from '../platform/platformWouldDiffer.js';
import type { DatasetSize } from './data/seededDataset.js';
import { createXConnectStore, externalStoreView, type StoreLimits, type XConnectStore } from './data/store.js';
import { springErrorBody, springErrorResponse, XConnectApiError } from './errors.js';
import { frontJournalVerdict, frontResponse, moonstoneFrontRefusal } from './frontAnswer.js';
import { frontNote, passes, platformFront } from './platformComparison.js';
import { DEVICE_ROUTES } from './routes/devices.js';
import { GATEWAY_ROUTES } from './routes/gateways.js';
import type { XConnectHandler } from './routes/routeContext.js';
import { TELEMETRY_ROUTES } from './routes/telemetry.js';
import { EVICTED_HEADER } from '../platform/evictedHeader.js';
import { createExplainBudget } from '../platform/explainBudget.js';
import {
  clientDiagnosisJson,
  DEFERRED_SEARCH_NOTE,
  deferredDiagnosisJson,
  diagnosisJson,
  platformVerdictOf,
  verifyXConnectForMock,
  type XConnectDiagnosis,
  type XConnectMockVerdict,
} from './verifyRequest.js';

/** Where the Kronos API lives (docs/spec/xconnect.md §5). */
export const XCONNECT_PREFIX = '/api/v1/kronos';

/** Options of {@link createXConnectModule}. */
export interface XConnectModuleOptions {
  /** How much seeded data to generate. */
  dataset?: DatasetSize;
  /** Bounds on what clients can add. */
  limits?: StoreLimits;
  /** Milliseconds per second spent at most searching rejections for the client's mistake while answering (default `EXPLAIN_MS_PER_SECOND`). */
  explainMsPerSecond?: number;
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
  if (services.profile === 'strict') body.sigkit = clientDiagnosisJson(diagnosis);
  return jsonResponse(status, body);
}

/**
 * The journal's verdict, its diagnosis built on read. A function of its own so that the closure
 * holds the diagnosis alone: made inside `accept`, it would share a context with `respond` and keep
 * the whole request alive in the journal.
 */
function journalVerdictOf(verdict: XConnectVerdict, diagnosis: XConnectDiagnosis, request: PlatformRequest, secretKey: string | undefined, deferredSearch?: XConnectMockVerdict['deferredSearch']): JournalVerdict {
  if (deferredSearch) {
    // The search the answer went without runs when the entry is read (the inspector, explain --journal).
    const build = () => {
      const found = deferredSearch();
      return diagnosisJson({ ...diagnosis, message: diagnosis.message.replace(DEFERRED_SEARCH_NOTE, '') + found.note, deviation: found.deviation });
    };
    return lazyJournalVerdict('xconnect', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, { build });
  }
  return lazyJournalVerdict('xconnect', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, deferredDiagnosisJson(diagnosis, request, secretKey));
}

/** The platform's status endpoint (`PingController`): exempt from signing, answered by every API server. */
const PING_PATH = '/status';

/**
 * moonstone: a path outside the Kronos API, let through by the filter. The platform answered its
 * status endpoint, and Spring Boot's 404 for anything else (the mock serves none of the rest).
 */
function outsideApi(request: PlatformRequest, now: number): { response: MockHttpResponse; route: string | null } {
  if (request.path === PING_PATH) {
    if (request.method === 'GET') return { response: jsonResponse(200, { start: now, end: now, duration: 0, status: 200, data: null }), route: `GET ${PING_PATH}` };
    return { response: springErrorResponse(405, `Request method '${request.method}' not supported`, request.path, now, { allow: 'GET' }), route: null };
  }
  return { response: springErrorResponse(404, 'No message available', request.path, now), route: null };
}

/** Whether a path is the Kronos API's. */
function underPrefix(path: string): boolean {
  return path === XCONNECT_PREFIX || path.startsWith(`${XCONNECT_PREFIX}/`);
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
  if (!underPrefix(request.path)) return outsideApi(request, now);
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
 * strict: what the platform's server would have answered a request outside every module's prefix,
 * which strict answers 404 without checking, when that differs (docs/spec/xconnect.md §3b).
 */
function unservedNote(request: UnservedRequest, services: PlatformServices): PlatformWouldDiffer | undefined {
  const front = platformFront(request);
  if (front) return frontNote(front);
  const { verdict } = platformVerdictOf(request, services, services.clock.now());
  if (!passes(verdict)) {
    return {
      status: verdict.status, layer: 'filter', code: verdict.code,
      reason: `the platform checked every path on its server, not only ${XCONNECT_PREFIX}: it would have refused this request ${verdict.status} "${verdict.serverMessage}" (${verdict.message}), and answered 404 only once it was signed right`,
    };
  }
  if (request.path === PING_PATH && request.method === 'GET') {
    return { status: 200, layer: 'filter', code: verdict.code, reason: `the platform served its status endpoint, GET ${PING_PATH}, without checking it: 200 {"start","end","duration","status":200,"data":null}` };
  }
  return undefined;
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
  // Bounds the time rejections spend searching for the client's mistake while answering (issue #18).
  const explainBudget = createExplainBudget(options.explainMsPerSecond);
  const table = createRouteTable<XConnectHandler>(XCONNECT_ROUTES);
  const answers = createAnswerCache();
  const moonstone = services.profile === 'moonstone';
  return {
    name: 'xconnect',
    prefix: XCONNECT_PREFIX,
    store: externalStoreView(store),
    // The platform's filter checked every path on its server, not only the API's (docs/spec/xconnect.md §3b).
    servesEveryOtherPath: moonstone,
    screen(request) {
      if (!moonstone) return undefined;
      const front = moonstoneFrontRefusal(request);
      if (!front) return undefined;
      return {
        verdict: frontJournalVerdict(front, request, services),
        respond: async () => ({ response: frontResponse(front, request, services.clock.now()), route: null }),
      };
    },
    accept(request) {
      const { verdict, credential, diagnosis, deferredSearch } = verifyXConnectForMock(request, services, explainBudget);
      // moonstone: refusals in front of the filter that depend on the body (a form's `_method` or a form
      // the platform could not read) come from the verifier; they are answered in the platform's shapes.
      const front = moonstone ? verdict.front : undefined;
      if (front) {
        return {
          verdict: frontJournalVerdict(front, request, services, verdict),
          respond: async () => ({ response: frontResponse(front, request, services.clock.now()), route: null }),
        };
      }
      // The platform routed a POST carrying `_method=put` (or delete, patch) as that method, as it signed it.
      const routed = moonstone ? { ...request, method: moonstoneEffectiveMethod(request.rawMethod, request.wireTarget) } : request;
      const note = diagnosis.platformWouldDiffer;
      return {
        verdict: journalVerdictOf(verdict, diagnosis, request, credential?.secretKey, deferredSearch),
        respond: async () => {
          const droppedBefore = store.droppedTelemetry;
          const answer = verdict.ok
            ? route(table, answers, routed, credential, store, services)
            : { response: rejection(diagnosis, verdict.status, verdict.serverMessage, request, services), route: null };
          const dropped = store.droppedTelemetry - droppedBefore;
          // A cap that drops data must say so on the answer that caused it (issue #18); the journal keeps the header.
          if (dropped > 0) answer.response.headers[EVICTED_HEADER] = `${dropped} oldest posted telemetry item(s) dropped: the mock keeps ${store.limits.maxPostedTelemetry} (limits.maxPostedTelemetry)`;
          if (note) answer.response.headers[PLATFORM_WOULD_DIFFER_HEADER] = platformWouldDifferHeader(note);
          return answer;
        },
      };
    },
    noteForUnserved: moonstone ? undefined : (request) => unservedNote(request, services),
    errorResponse: (status, message, path) => springErrorResponse(status, message, path, services.clock.now()),
    reset: () => store.reset(),
  };
}

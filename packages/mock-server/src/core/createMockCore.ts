/** The platform-neutral mock core: one `handle(request)` that routes, verifies, injects faults and journals every request. */
import { createAdminApi, ADMIN_PREFIX } from './admin/adminApi.js';
import { createAdminAccess, type AdminAccess } from './admin/adminGuard.js';
import { createMockClock, type MockClock } from './clock/clock.js';
import { resolveMockCoreOptions, type MockCoreOptions, type ResolvedMockCoreOptions } from './config/coreOptions.js';
import { createCorsPolicy } from './cors/cors.js';
import { createCredentialStore, type CredentialStore } from './credentials/credentials.js';
import { createFaultStore, type AppliedFault, type FaultStore } from './faults/faults.js';
import { parseRequestTarget } from './http/requestTarget.js';
import { isJsonObject } from './http/jsonBody.js';
import { emptyResponse, errorResponse, jsonResponse, responseBodyPayload } from './http/responses.js';
import type { MockHttpResponse, MockRequest, MockResponse } from './http/types.js';
import { createJournal, type Journal, type JournalEntry, type JournalVerdict } from './journal/journal.js';
import { recordBody, recordText, type RecordedBody } from './journal/recordBody.js';
import { intern } from './journal/intern.js';
import { redactHeaders, redactTarget } from './journal/redact.js';
import { EXPLAINING_PATH, loadExplainer } from './journal/explainEntry.js';
import type { PlatformExchange, PlatformModule, PlatformServices, ScreenedRequest } from './platform/platformModule.js';
import { PLATFORM_WOULD_DIFFER_HEADER, platformWouldDifferHeader, platformWouldDifferJson } from './platform/platformWouldDiffer.js';
import { EVICTED_HEADER } from './platform/evictedHeader.js';
import { createKxModule, type KxModule } from './kx/kxModule.js';
import { openApiAnswer } from './openapi/openApiDocuments.js';
import { answerRecorder } from './openapi/responseRecorder.js';
import { createXConnectModule } from './xconnect/xconnectModule.js';
import { inspectorRoutes } from './ui/inspectorRoutes.js';
import type { XConnectStore } from './xconnect/data/store.js';
import { isoTime } from './clock/isoTime.js';

/** Response header carrying the journal id of the request it answers. */
export const JOURNAL_ID_HEADER = 'x-sigkit-journal-id';

/** The mock platform, independent of any HTTP framework. */
export interface MockCore {
  /**
   * Serves one request: admin routes under `/__sigkit`, every other request through the journal,
   * faults and the platform module whose prefix it falls under. Never rejects; a failure of the
   * mock itself becomes a JSON 500 that is journaled like any other answer.
   */
  handle(request: MockRequest): Promise<MockResponse>;
  readonly journal: Journal;
  readonly credentials: CredentialStore;
  readonly faults: FaultStore;
  readonly clock: MockClock;
  /** The platforms' state, for programmatic inspection. */
  readonly state: { readonly xconnect: XConnectStore };
  /**
   * The KX Connect platform: its users, sessions, profile and analytics.
   *
   * @example
   * ```ts
   * core.kx.registerAnalytic('trade', 'getVwap', () => [{ sym: 'AAPL', vwap: 187.2 }]);
   * core.kx.sessions.expire(sessionId);
   * ```
   */
  readonly kx: KxModule;
  readonly platforms: readonly PlatformModule[];
  /** The options in effect, defaults filled in. */
  readonly options: ResolvedMockCoreOptions;
  /** Who may use the admin API: its token and Host allow-list (the Node server adds the address it binds). */
  readonly adminAccess: AdminAccess;
  /** Back to the startup state: seeded data, credentials, faults, clock; empties the journal and zeroes its counters. */
  reset(): void;
  /**
   * Marks the mock as shutting down: requests waiting on a fault's latency are answered at once
   * with a journaled `503` saying so, and so is any later one a latency fault would hold, so that
   * closing the server never waits for a latency (up to 120 s). Lasts until {@link MockCore.resume}.
   */
  shutdown(): void;
  /** Undoes {@link MockCore.shutdown}: latency faults hold requests again (a server listening again after closing). */
  resume(): void;
}

interface ServeOutcome {
  response: MockResponse;
  platform: string | null;
  route: string | null;
  verdict: JournalVerdict | null;
  fault: AppliedFault | undefined;
}

function recordPayload(payload: string | Uint8Array, limit: number): RecordedBody {
  return typeof payload === 'string' ? recordText(payload, limit) : recordBody(payload, limit);
}

function faultAction(fault: AppliedFault): 'latency' | 'respond' | 'destroy' {
  return fault.destroy ? 'destroy' : fault.respond ? 'respond' : 'latency';
}

/**
 * Creates the mock core. Throws a `MockInputError` with a one-line message on unusable options.
 *
 * @example
 * ```ts
 * const core = createMockCore({ seed: 7 });
 * const response = await core.handle({ method: 'GET', target: '/api/v1/kronos/devices', headers: signedHeaders, body: new Uint8Array() });
 * core.journal.list({ limit: 1 }).entries[0]?.verdict?.code; // 'ok'
 * ```
 */
export function createMockCore(options: MockCoreOptions = {}): MockCore {
  const resolved = resolveMockCoreOptions(options);
  const clock = createMockClock({ now: resolved.now, offsetMs: resolved.clockOffsetSeconds * 1000, windowSeconds: resolved.clockWindowSeconds });
  const credentials = createCredentialStore(resolved.credentials);
  const faults = createFaultStore({ seed: resolved.seed, initial: resolved.faults });
  const journal = createJournal(resolved.journalSize, resolved.journalMaxBytes);
  const services: PlatformServices = { clock, credentials, profile: resolved.profile, seed: resolved.seed };
  const xconnect = createXConnectModule(services, { dataset: resolved.dataset, limits: resolved.limits });
  const kx = createKxModule(services, resolved.kx);
  const platforms: PlatformModule[] = [xconnect, kx];

  // Drop counters as of the last reset: stats count from there, as the journal's counters do.
  let droppedBase = { kxSessions: 0, postedTelemetry: 0 };
  const droppedNow = () => ({ kxSessions: kx.sessions.evicted, postedTelemetry: xconnect.store.droppedTelemetry });
  const dropped = () => {
    const now = droppedNow();
    return { kxSessions: now.kxSessions - droppedBase.kxSessions, postedTelemetry: now.postedTelemetry - droppedBase.postedTelemetry };
  };
  const reset = () => {
    droppedBase = droppedNow();
    journal.reset();
    credentials.reset();
    faults.reset();
    clock.reset();
    for (const platform of platforms) platform.reset();
  };
  const inspector = inspectorRoutes({ journal, credentials, sessions: kx.sessions, assets: resolved.ui });
  const admin = createAdminApi({ journal, credentials, faults, clock, platforms, profile: resolved.profile, seed: resolved.seed, reset, inspector, dropped });
  // A page's script may read the mock's diagnosis headers only if they are exposed to it.
  const cors = createCorsPolicy(resolved.cors, [JOURNAL_ID_HEADER, PLATFORM_WOULD_DIFFER_HEADER, EVICTED_HEADER]);
  const adminAccess = createAdminAccess({ token: resolved.adminToken, allowedHosts: resolved.allowedHosts, allowedOrigins: Array.isArray(resolved.cors) ? resolved.cors : undefined });
  // Set only in the test suite's run (SIGKIT_OPENAPI_RECORD): every answer is checked against the OpenAPI documents.
  const record = answerRecorder();

  // A path under no prefix belongs to the platform whose server answers every other path, if any
  // (moonstone's xConnect server); otherwise the core answers it 404.
  // Settled by shutdown(): a request waiting on a fault's latency stops waiting and is answered 503.
  let shuttingDown = false;
  let signalShutdown: () => void = () => {};
  const newShutdownSignal = () => new Promise<'shutdown'>((resolve) => (signalShutdown = () => resolve('shutdown')));
  let shutdownSignal = newShutdownSignal();
  const SHUTDOWN_MESSAGE = 'the mock is shutting down: this request was waiting on a fault\'s latency and is answered now';

  const platformFor = (path: string) =>
    platforms.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`)) ?? platforms.find((p) => p.servesEveryOtherPath === true);

  async function serve(request: MockRequest, journalId: number, method: string, target: ReturnType<typeof parseRequestTarget>): Promise<ServeOutcome> {
    const platform = platformFor(target.path);
    const base = { platform: platform?.name ?? null, route: null, verdict: null, fault: undefined };
    const failure = (status: number, message: string): ServeOutcome => ({
      ...base,
      response: platform ? platform.errorResponse(status, message, target.path) : errorResponse(status, message, target.path, clock.now()),
    });
    const screened: ScreenedRequest = {
      journalId, rawMethod: String(request.method ?? ''), target: target.target, wireTarget: target.wireTarget, path: target.path,
      headers: request.headers ?? {}, scheme: request.scheme === 'https' ? 'https' : 'http',
    };
    if (request.unparsed) screened.unparsed = request.unparsed;
    // The platform's front layers (its container, its firewall) refuse before the body is read.
    let exchange: PlatformExchange | undefined = platform?.screen?.(screened);
    if (!exchange) {
      if (request.unreadableBody) return failure(request.unreadableBody.status, request.unreadableBody.message);
      if (request.body.length > resolved.bodyLimit) {
        return failure(413, `the request body is ${request.body.length} bytes; this server accepts at most ${resolved.bodyLimit}`);
      }
      // Verification runs before faults so the journal records the diagnosis even of faulted requests.
      exchange = platform?.accept({
        journalId, method, rawMethod: screened.rawMethod, target: target.target, wireTarget: target.wireTarget, scheme: screened.scheme, path: target.path, rawQuery: target.rawQuery,
        headers: request.headers, body: request.body,
      });
    }
    const verdict = exchange?.verdict ?? null;
    const fault = faults.take(method, target.path);
    if (fault) {
      if (fault.latencyMs > 0) {
        const woken = shuttingDown ? 'shutdown' : await Promise.race([resolved.sleep(fault.latencyMs), shutdownSignal]);
        if (woken === 'shutdown') return { ...failure(503, SHUTDOWN_MESSAGE), verdict, fault };
      }
      if (fault.destroy) return { ...base, verdict, fault, response: { kind: 'destroy' } };
      if (fault.respond) {
        const { status, body, headers } = fault.respond;
        // A status without a body is sent empty, with no length or type a body would have had.
        const response = [204, 205, 304].includes(status) ? emptyResponse(status, headers) : jsonResponse(status, body, headers);
        return { ...base, verdict, fault, response };
      }
    }
    if (!exchange) {
      const known = platforms.map((p) => `${p.name} under ${p.prefix}`).join(', ');
      const response = errorResponse(404, `no route ${method} ${target.path}: the mock serves ${known}, and its admin API under ${ADMIN_PREFIX}`, target.path, clock.now());
      const unserved = { ...screened, method, body: request.body, rawQuery: target.rawQuery };
      const note = platforms.map((p) => p.noteForUnserved?.(unserved)).find((n) => n !== undefined);
      if (note && response.kind === 'response' && !(response.body instanceof Uint8Array) && isJsonObject(response.body)) {
        // The strict profile answers 404 unverified where the platform's server would have checked the request.
        response.body.sigkit = { platformWouldDiffer: platformWouldDifferJson(note) };
        response.headers[PLATFORM_WOULD_DIFFER_HEADER] = platformWouldDifferHeader(note);
      }
      return { ...base, fault, response };
    }
    const { response, route } = await exchange.respond();
    return { ...base, verdict, fault, route, response };
  }

  const core: MockCore = {
    journal,
    credentials,
    faults,
    clock,
    state: { xconnect: xconnect.store },
    kx,
    platforms,
    options: resolved,
    adminAccess,
    reset,
    shutdown() {
      shuttingDown = true;
      signalShutdown();
    },
    resume() {
      if (!shuttingDown) return;
      shuttingDown = false;
      shutdownSignal = newShutdownSignal();
    },
    async handle(request) {
      const started = performance.now();
      const receivedAt = clock.realNow();
      const method = String(request.method ?? '').toUpperCase();
      const target = parseRequestTarget(String(request.target ?? ''));
      const body = request.body instanceof Uint8Array ? request.body : new Uint8Array();
      // A browser's preflight carries no signature: it is answered here, before any platform
      // verifies it (the strict profile would 401 it), and never faulted.
      const preflight = cors?.preflight(method, request.headers ?? {});
      if (target.path === ADMIN_PREFIX || target.path.startsWith(`${ADMIN_PREFIX}/`)) {
        // Admin requests are not journaled; their preflights neither.
        if (preflight) return preflight;
        const refused = adminAccess.check(method, request.headers ?? {}, target.path, target.rawQuery ?? '');
        if (refused) {
          cors?.decorate(request.headers ?? {}, refused);
          return refused;
        }
        // The admin API can change what the platforms answer: answers kept from before are stale.
        xconnect.store.touch();
        let answer: MockHttpResponse;
        try {
          if (EXPLAINING_PATH.test(target.path)) await loadExplainer();
          answer = openApiAnswer(method, target.path) ?? admin.handle(method, target, body, request.unreadableBody);
        } catch (error) {
          answer = errorResponse(500, `the admin API failed: ${error instanceof Error ? error.message : String(error)}`, target.path, clock.now());
        }
        const cookie = adminAccess.pageCookie(method, target.path, target.rawQuery ?? '');
        if (cookie !== undefined && answer.status < 400) answer.headers['set-cookie'] = cookie;
        cors?.decorate(request.headers ?? {}, answer);
        record?.(method, target.path, null, answer);
        return answer;
      }

      const journalId = journal.nextId();
      let outcome: ServeOutcome;
      let failure: string | null = null;
      try {
        outcome = preflight
          ? { platform: platformFor(target.path)?.name ?? null, route: 'OPTIONS (CORS preflight)', verdict: null, fault: undefined, response: preflight }
          : await serve({ ...request, body }, journalId, method, target);
      } catch (error) {
        // A bug of the mock, never the client's fault: answer 500, keep serving, and keep the entry.
        failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const platform = platformFor(target.path);
        const message = `the mock failed to answer this request (journal entry ${journalId}): ${failure}`;
        outcome = {
          platform: platform?.name ?? null, route: null, verdict: null, fault: undefined,
          // In the platform's own error shape, so a client's error handling sees what it expects.
          response: platform ? platform.errorResponse(500, message, target.path) : errorResponse(500, message, target.path, clock.now()),
        };
      }
      const response = outcome.response;
      if (response.kind === 'response') {
        response.headers[JOURNAL_ID_HEADER] = String(journalId);
        if (!preflight) cors?.decorate(request.headers ?? {}, response);
      }
      const entry: JournalEntry = {
        id: journalId,
        time: isoTime(receivedAt),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        remoteAddress: request.remoteAddress ?? null,
        method,
        target: intern(redactTarget(String(request.target ?? ''))),
        path: intern(target.path),
        headers: redactHeaders(request.headers ?? {}),
        body: request.unreadableBody
          ? { size: request.unreadableBody.declaredSize ?? 0, truncated: true, encoding: 'utf8', data: '', redacted: false }
          : recordBody(body, resolved.journalBodyLimit),
        platform: outcome.platform,
        route: outcome.route,
        verdict: outcome.verdict,
        fault: outcome.fault ? { id: outcome.fault.id, label: outcome.fault.label, latencyMs: outcome.fault.latencyMs, action: faultAction(outcome.fault) } : null,
        response:
          response.kind === 'destroy'
            ? { status: null, destroyed: true, headers: {}, body: null }
            : { status: response.status, destroyed: false, headers: response.headers, body: recordPayload(responseBodyPayload(response), resolved.journalResponseBodyLimit) },
        error: failure,
      };
      journal.record(entry);
      // An answer a fault made up is the test's, not the mock's.
      if (record && response.kind === 'response' && !outcome.fault?.respond) record(method, target.path, outcome.route, response);
      return response;
    },
  };
  return core;
}

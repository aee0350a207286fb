/** The proxy's own verdict on a passing request: verified as the mock verifies it, with the credentials the user gave and the KX sessions learned on the way. */
import { headerValue } from '@sigkit/signer';
import type { MockCore } from '../createMockCore.js';
import { parseRequestTarget } from '../http/requestTarget.js';
import type { MockRequestHeaders } from '../http/types.js';
import { lazyJournalVerdict, type JournalVerdict } from '../journal/journal.js';
import { KX_LOGIN_ROUTE, KX_LOGOUT_ROUTE, KX_PREFIX } from '../kx/http/callPath.js';
import { judgeKxLogin } from '../kx/login/judgeLogin.js';
import type { KxSessionStore } from '../kx/sessions/sessionStore.js';
import { kxJournalDiagnosisJson, verifyKxForMock } from '../kx/verify/verifyKxCall.js';
import type { PlatformRequest } from '../platform/platformModule.js';
import { XCONNECT_PREFIX } from '../xconnect/xconnectModule.js';
import { deferredDiagnosisJson, verifyXConnectForMock } from '../xconnect/verifyRequest.js';
import { createLearnedKxSessions, type LearnedKxSessions } from './learnedKxSessions.js';
import type { StreamedBody } from './requestBodyTap.js';
import { verifyStreamedKx, verifyStreamedXConnect } from './streamedVerdict.js';

/** A request as it passed through the proxy: its body whole, or its first bytes and what was computed of the rest on the way. */
export interface PassingRequest {
  journalId: number;
  /** The method as sent. */
  method: string;
  /** The raw request-target as sent. */
  target: string;
  headers: MockRequestHeaders;
  /** The body whole, or (when `streamed` is set) only its first bytes. */
  body: Uint8Array;
  scheme: 'http' | 'https';
  /** Set when the body was not held whole: its size and the digests computed as it passed. */
  streamed?: StreamedBody;
  /**
   * When the request had wholly passed, by the verifier's clock: it is judged as of then (its date
   * against the clock window), however much later the proxy gets to it. Default: the moment it is judged.
   */
  judgedAt?: number;
}

/** The proxy's verdict: the journal's verdict, or null with the reason it could not judge. */
export interface LocalVerdict {
  /** Which scheme the request belongs to (by its path), or null for a path of neither platform. */
  platform: 'xconnect' | 'kx' | null;
  verdict: JournalVerdict | null;
  /** Why there is no verdict (no secret for the api key, a session that logged in before the proxy started…). */
  unverifiedBecause: string | null;
}

/** Verifies passing requests and learns KX sessions from the answers. */
export interface LocalVerifier {
  verify(request: PassingRequest): LocalVerdict;
  /**
   * Reads what the proxy needs from an answer of the target: the sessionId of a successful login
   * (the key of the session's signatures), and the end of a session at logout.
   */
  learn(request: PassingRequest, status: number, responseBody: Uint8Array | null): void;
  readonly sessions: LearnedKxSessions;
}

const UTF8 = new TextDecoder();

const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

function platformRequestOf(request: PassingRequest): PlatformRequest {
  const parsed = parseRequestTarget(request.target);
  return {
    journalId: request.journalId, method: request.method.toUpperCase(), rawMethod: request.method, target: parsed.target, wireTarget: parsed.wireTarget,
    scheme: request.scheme, path: parsed.path, rawQuery: parsed.rawQuery, headers: request.headers, body: request.body,
  };
}

function loginUsername(body: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(UTF8.decode(body)) as { msg?: { username?: unknown }[] };
    const name = parsed.msg?.[0]?.username;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function loginSessionId(body: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(UTF8.decode(body)) as { msg?: { sessionId?: unknown }[] };
    const id = parsed.msg?.[0]?.sessionId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The part of a KX Authorization header before its last colon: username + last five sessionId characters. */
function kxIdentityOf(headers: MockRequestHeaders): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const colon = authorization?.lastIndexOf(':') ?? -1;
  return authorization !== undefined && colon > 0 ? authorization.slice(0, colon) : undefined;
}

/**
 * Creates the proxy's verifier over a mock core that holds the user's credentials (its credential
 * store and KX users) and clock. xConnect requests are verified exactly as the mock verifies them
 * (`verifyXConnectForMock`), KX calls against the sessions learned from forwarded logins
 * (`verifyKxForMock`), KX logins against the users' passwords; the diagnosis in the journal is
 * the mock's.
 *
 * @example
 * ```ts
 * const verifier = createLocalVerifier(createMockCore({ includeGuideCredentials: false, credentials: [{ apiKey, secretKey }] }));
 * const { verdict } = verifier.verify({ journalId: 1, method: 'GET', target: '/api/v1/kronos/devices', headers, body: new Uint8Array(), scheme: 'http' });
 * ```
 */
export function createLocalVerifier(core: MockCore): LocalVerifier {
  const sessions = createLearnedKxSessions();
  // verifyKxForMock reads only these four members of a session store, which the learned sessions have.
  const read: Pick<KxSessionStore, 'findByIdentity' | 'findBySuffix' | 'isExpired' | 'idleTimeoutMs'> = sessions;
  const lookups = read as KxSessionStore;
  const services = { clock: core.clock, credentials: core.credentials, profile: core.options.profile, seed: core.options.seed };
  return {
    sessions,
    verify(request) {
      const now = request.judgedAt ?? core.clock.now();
      const platformRequest = platformRequestOf(request);
      const path = platformRequest.path;
      if (underPrefix(path, XCONNECT_PREFIX)) {
        const apiKey = headerValue(request.headers, 'x-arrow-apikey');
        if (apiKey !== undefined && core.credentials.get(apiKey) === undefined) {
          return { platform: 'xconnect', verdict: null, unverifiedBecause: `no secret key was given for the api key ${apiKey.slice(0, 12)}… (pass --api-key and --secret-key)` };
        }
        const streamed = request.streamed;
        if (streamed?.payloadHash !== undefined) return verifyStreamedXConnect(platformRequest, { ...streamed, payloadHash: streamed.payloadHash }, request.body.length, services, now);
        const { verdict, diagnosis, credential } = verifyXConnectForMock(platformRequest, services, undefined, now);
        return {
          platform: 'xconnect',
          // As the mock's journal: the expected trace is computed again when the entry is read, not kept.
          verdict: lazyJournalVerdict('xconnect', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, deferredDiagnosisJson(diagnosis, platformRequest, credential?.secretKey)),
          unverifiedBecause: null,
        };
      }
      if (underPrefix(path, KX_PREFIX)) {
        if (path === KX_LOGIN_ROUTE) {
          if (request.streamed) return { platform: 'kx', verdict: null, unverifiedBecause: `the login body (${request.streamed.size} bytes) was not held whole (the proxy keeps ${request.body.length} bytes), so its password was not checked` };
          const username = loginUsername(request.body);
          if (username !== undefined && core.kx.users.get(username) === undefined) {
            return { platform: 'kx', verdict: null, unverifiedBecause: `no password was given for the KX user "${username}" (pass --kx-user and --kx-password)` };
          }
          return { platform: 'kx', verdict: judgeKxLogin(request.body, core.kx.users).verdict, unverifiedBecause: null };
        }
        if (platformRequest.method !== 'POST') return { platform: 'kx', verdict: null, unverifiedBecause: 'KX Connect signs POST calls only' };
        const identity = kxIdentityOf(request.headers);
        if (identity !== undefined && sessions.findByIdentity(identity) === undefined) {
          return { platform: 'kx', verdict: null, unverifiedBecause: `the session of "${identity}" did not log in through this proxy, so its sessionId (the signing key) is unknown here` };
        }
        if (request.streamed) return verifyStreamedKx(platformRequest, request.streamed, request.body.length, sessions, core.kx.profile, now);
        const { verdict, diagnosis } = verifyKxForMock(platformRequest, { sessions: lookups, profile: core.kx.profile, now });
        return {
          platform: 'kx',
          verdict: lazyJournalVerdict('kx', verdict.ok, verdict.code, diagnosis.message, verdict.serverMessage, { build: () => kxJournalDiagnosisJson(diagnosis) }),
          unverifiedBecause: null,
        };
      }
      return { platform: null, verdict: null, unverifiedBecause: 'the path is under neither platform\'s prefix' };
    },
    learn(request, status, responseBody) {
      // Most answers are of neither route: a prefix test spares them parsing the target.
      if (status < 200 || status >= 300 || !request.target.startsWith(KX_PREFIX)) return;
      const path = parseRequestTarget(request.target).path;
      if (path === KX_LOGIN_ROUTE && responseBody) {
        const username = loginUsername(request.body);
        const sessionId = loginSessionId(responseBody);
        if (username === undefined || sessionId === undefined) return;
        try {
          sessions.learn(username, sessionId, core.clock.now());
        } catch {
          // A sessionId the signer refuses (too short) signs nothing the proxy could check.
        }
      } else if (path === KX_LOGOUT_ROUTE) {
        const identity = kxIdentityOf(request.headers);
        if (identity !== undefined) sessions.forget(identity);
      }
    },
  };
}

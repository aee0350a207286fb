/** Verifies a KX Connect call for the mock (docs/spec/kx-connect.md §2 via @sigkit/signer) and explains a rejection: which check, what was expected, which client deviation. */
import {
  explainKxMismatch,
  headerValue,
  KX_DEFAULT_PROFILE,
  KX_SERVER_MESSAGES,
  KX_VARIANTS,
  SigkitError,
  verifyKxRequest,
  type KxProfile,
  type KxProvided,
  type KxTrace,
  type KxVariantName,
  type KxVerdict,
  type KxVerdictCode,
} from '@sigkit/signer';
import { isJsonObject, readJsonBody } from '../../http/jsonBody.js';
import type { JsonObject } from '../../http/types.js';
import type { PlatformRequest } from '../../platform/platformModule.js';
import { maskSessionId, REDACTED, redactText } from '../../journal/redact.js';
import { DEFERRED_SEARCH_BODY_LIMIT, type ExplainBudget } from '../../platform/explainBudget.js';
import { kxProfileName } from '../config/profileOption.js';
import type { KxSession, KxSessionStore } from '../sessions/sessionStore.js';

/** Searching for the client's deviation re-hashes the body for each candidate; above this size the search is skipped. */
export const KX_EXPLAIN_BODY_LIMIT = 256 * 1024;

/** The deviation that reproduces a refused signature. */
export interface KxDeviation {
  /** The named variants (docs/spec/kx-connect.md §2, profile table) a client would have to apply; empty when it signs the kit's default profile as such. */
  flags: KxVariantName[];
  /** The profile knobs they turn. */
  steps: (keyof KxProfile)[];
  /** What the flags are relative to: the profile this mock runs, or (when that explains nothing) the kit's default profile. */
  relativeTo: 'mock profile' | 'default profile';
  summary: string;
}

/** What the mock tells a client (the `sigkit` field of a 401) and the journal about a verdict. */
export interface KxDiagnosis {
  /** The deciding check of docs/spec/kx-connect.md §2. */
  code: KxVerdictCode;
  /** A sentence saying what was wrong and what was expected. */
  message: string;
  /** The reference computation (string to sign, signature…) when verification got that far. */
  expected: KxTrace | null;
  /** What the client sent, as the server read it. */
  provided: KxProvided;
  deviation: KxDeviation | null;
  /** The explainer's sentence naming the first part that differs, for a signature mismatch. */
  firstDifference: string | null;
  /** The session the call named, when one was found. */
  session: { username: string; createdAt: string; lastUsedAt: string; expired: boolean; expiredBy: 'idle timeout' | 'admin' | null } | null;
  /** Server time used for the clock check, ISO-8601. */
  serverTime: string;
  clockWindowSeconds: number;
  /** The profile the mock verifies under, and its name (`default`, a variant, or `custom`). */
  profile: KxProfile;
  profileName: string;
  /** The journal entry of this request (`GET /__sigkit/journal/{id}`). */
  journalId: number;
}

/** The outcome of {@link verifyKxForMock}. */
export interface KxMockVerdict {
  verdict: KxVerdict;
  /** The session the call was signed with, when the verdict is ok (or the session it named, otherwise). */
  session: KxSession | undefined;
  diagnosis: KxDiagnosis;
  /** Set when the budget left the search for the client's deviation undone: runs it, giving what it adds to the message. */
  deferredSearch?: () => { deviation: KxDeviation | null; firstDifference: string | null; note: string };
}

/** Said in a rejection whose deviation was not searched while answering. */
export const KX_DEFERRED_SEARCH_NOTE = ' The search for a known client deviation was left for later (many rejections at once): the journal entry names it when read.';

/** Searches the known client deviations for one reproducing the rejected signature, with the sentence it adds to the message. */
function searchKxDeviation(wire: Parameters<typeof explainKxMismatch>[0], session: KxSession, profile: KxProfile): { deviation: KxDeviation | null; firstDifference: string | null; note: string } {
  let deviation: KxDeviation | null = null;
  let firstDifference: string | null = null;
  try {
    ({ deviation, firstDifference } = findDeviation(wire, session, profile));
  } catch {
    // The explainer refuses requests it cannot read; the verdict already says what is wrong.
  }
  let note: string;
  if (deviation?.relativeTo === 'mock profile') note = ` It is the signature of a client that ${describeFlags(deviation.flags)}.`;
  else if (deviation) {
    note = ` It is the signature of a client using ${deviation.flags.length === 0 ? "the kit's default profile" : `the kit's default profile with ${describeFlags(deviation.flags)}`}, while this mock runs the ${kxProfileName(profile)} profile.`;
  } else note = ' No known client deviation reproduces it: check the username and sessionId, then compare your string to sign with expected.stringToSign part by part.';
  return { deviation, firstDifference, note };
}

const lowerFirst = (text: string) => text.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, '');
const describeFlags = (flags: readonly KxVariantName[]) => flags.map((f) => `${lowerFirst(KX_VARIANTS[f].description.replace(/^The client /, ''))} (${f})`).join(' and ');

function findDeviation(wire: Parameters<typeof explainKxMismatch>[0], session: KxSession, profile: KxProfile): { deviation: KxDeviation | null; firstDifference: string | null } {
  const credentials = { username: session.username, sessionId: session.sessionId };
  const own = explainKxMismatch(wire, credentials, { profile });
  const match = own.matches[0];
  if (match) {
    const steps = match.map((f) => KX_VARIANTS[f].knob);
    return { deviation: { flags: match, steps, relativeTo: 'mock profile', summary: `the signature is reproduced by ${match.join(' + ')} (knob: ${steps.join(', ')})` }, firstDifference: own.firstDifference ?? null };
  }
  if (kxProfileName(profile) !== 'default') {
    // A client built for the kit's default (or a variant of it) against a mock running another variant:
    // relative to the mock's profile that is a deviation "back to default", which has no name.
    const fromDefault = explainKxMismatch(wire, credentials, { profile: { ...KX_DEFAULT_PROFILE, clockWindowSeconds: profile.clockWindowSeconds } });
    const defaultMatch = fromDefault.matches[0];
    if (defaultMatch) {
      const steps = defaultMatch.map((f) => KX_VARIANTS[f].knob);
      const what = defaultMatch.length === 0 ? "the kit's default profile" : `the kit's default profile with ${defaultMatch.join(' + ')}`;
      return { deviation: { flags: defaultMatch, steps, relativeTo: 'default profile', summary: `the signature is reproduced by ${what}` }, firstDifference: own.firstDifference ?? null };
    }
  }
  return { deviation: null, firstDifference: own.firstDifference ?? null };
}

/**
 * Verifies a call against the mock's sessions, clock and KX profile, and builds the diagnosis:
 * on a signature mismatch it names the deviation that reproduces the client's signature; on an
 * unknown session it says whether the session belongs to another user. Never throws on client input.
 *
 * @example
 * ```ts
 * const { verdict, diagnosis } = verifyKxForMock(request, { sessions, profile, now: clock.now() });
 * if (!verdict.ok) console.log(diagnosis.code, diagnosis.deviation?.flags);
 * ```
 */
export function verifyKxForMock(request: PlatformRequest, context: { sessions: KxSessionStore; profile: KxProfile; now: number; budget?: ExplainBudget }): KxMockVerdict {
  const { sessions, profile, now } = context;
  const found: { session?: KxSession } = {};
  const wire = { method: request.method, target: request.target, headers: request.headers, body: request.body };
  let verdict: KxVerdict;
  try {
    verdict = verifyKxRequest(wire, {
      lookupSession: (identity) => {
        found.session = sessions.findByIdentity(identity);
        return found.session && { username: found.session.username, sessionId: found.session.sessionId, expired: sessions.isExpired(found.session) };
      },
      now,
      profile,
    });
  } catch (error) {
    if (!(error instanceof SigkitError)) throw error;
    verdict = unsignableDateVerdict(wire, profile);
  }
  const session = found.session;
  let message = verdict.message;
  let deviation: KxDeviation | null = null;
  let firstDifference: string | null = null;

  if (verdict.code === 'unknown_session' && verdict.provided.identity !== undefined) {
    const identity = Array.from(verdict.provided.identity);
    const suffix = identity.slice(-5).join('');
    const claimed = identity.slice(0, -5).join('');
    const owner = sessions.findBySuffix(suffix).find((s) => s.username !== claimed);
    message += owner
      ? ` The session ending in "${suffix}" was opened by user "${owner.username}", not "${claimed}": a sessionId signs only for the username it was opened for.`
      : ` No session ends in "${suffix}": it was ended by logout, evicted by newer logins of the same user, or never opened.`;
  }
  let deferredSearch: KxMockVerdict['deferredSearch'];
  if (verdict.code === 'signature_mismatch' && session && request.body.length <= KX_EXPLAIN_BODY_LIMIT) {
    const search = () => searchKxDeviation(wire, session, profile);
    const { budget } = context;
    if (budget === undefined || budget.allow()) {
      const started = performance.now();
      const found = search();
      budget?.spent(performance.now() - started);
      ({ deviation, firstDifference } = found);
      message += found.note;
    } else {
      // Over the budget: answered now, searched if and when the journal entry is read (issue #18).
      message += KX_DEFERRED_SEARCH_NOTE;
      if (request.body.length <= DEFERRED_SEARCH_BODY_LIMIT) deferredSearch = search;
    }
  }
  const expiredBy = session && sessions.isExpired(session) ? (session.expiredAt !== null ? 'admin' : 'idle timeout') : null;
  if (verdict.code === 'session_expired' && session) {
    message += expiredBy === 'admin' ? ' It was expired through the admin API.' : ` It was last used at ${new Date(session.lastUsedAt).toISOString()}, more than ${sessions.idleTimeoutMs / 60_000} minutes ago.`;
  }
  return {
    verdict,
    session,
    ...(deferredSearch === undefined ? {} : { deferredSearch }),
    diagnosis: {
      code: verdict.code,
      message,
      expected: verdict.expected ?? null,
      provided: verdict.provided,
      deviation,
      firstDifference,
      session: session
        ? { username: session.username, createdAt: new Date(session.createdAt).toISOString(), lastUsedAt: new Date(session.lastUsedAt).toISOString(), expired: expiredBy !== null, expiredBy }
        : null,
      serverTime: new Date(now).toISOString(),
      clockWindowSeconds: profile.clockWindowSeconds,
      profile: { ...profile },
      profileName: kxProfileName(profile),
      journalId: request.journalId,
    },
  };
}

/**
 * The verdict for a request the signer's verifier throws on instead of judging: it does so when the
 * date it signs is an empty string (the body's `"date": ""`, or an empty `Date` header), after
 * the session and body checks have passed. docs/spec/kx-connect.md §2 makes that the date check.
 */
function unsignableDateVerdict(wire: { headers: PlatformRequest['headers']; body: Uint8Array }, profile: KxProfile): KxVerdict {
  const echo = readEcho(wire.body);
  const header = (name: string) => headerValue(wire.headers, name);
  const authorization = header('authorization');
  const colon = authorization?.lastIndexOf(':') ?? -1;
  const provided: KxProvided = { contentType: header('content-type') ?? '', date: '' };
  if (authorization !== undefined) provided.authorization = authorization;
  if (authorization !== undefined && colon >= 0) {
    provided.identity = authorization.slice(0, colon);
    provided.signature = authorization.slice(colon + 1);
  }
  if (echo.type !== undefined) provided.requestType = echo.type;
  if (echo.id !== undefined) provided.id = echo.id;
  const where = profile.datePart === 'dateHeader' ? 'The Date header' : 'The body\'s date';
  const verdict: KxVerdict = {
    ok: false,
    code: 'invalid_date',
    message: `${where} is an empty string, not an RFC 1123 date; expected EEE, dd MMM yyyy HH:mm:ss GMT, e.g. "Fri, 26 Jul 2019 15:59:00 GMT".`,
    serverMessage: KX_SERVER_MESSAGES.invalid_date,
    status: 401,
    provided,
  };
  if (echo.type !== undefined) verdict.requestType = echo.type;
  if (echo.id !== undefined) verdict.id = echo.id;
  return verdict;
}

function readEcho(body: Uint8Array): { type?: string; id?: string } {
  const parsed = readJsonBody(body);
  if (!parsed.ok || !isJsonObject(parsed.value)) return {};
  const out: { type?: string; id?: string } = {};
  if (typeof parsed.value.type === 'string') out.type = parsed.value.type;
  if (typeof parsed.value.id === 'string') out.id = parsed.value.id;
  return out;
}

/** The diagnosis as plain JSON (for the `sigkit` field of a 401: the client knows its own sessionId). */
export function kxDiagnosisJson(diagnosis: KxDiagnosis): JsonObject {
  return JSON.parse(JSON.stringify(diagnosis)) as JsonObject;
}

/**
 * The diagnosis as the journal keeps it: everything that explains the call (the check, the
 * expected string to sign and signature, the deviation, the first difference) without the
 * session's key. The sessionId is masked wherever it appears ({@link maskSessionId}: only its last
 * five characters, sent in clear in every Authorization identity), and the `authorization` values
 * are redacted as the journal redacts the header; `identity` and `signature` stay, as xConnect's
 * `x-arrow-signature` does: a signature signs that one body and date only.
 */
export function kxJournalDiagnosisJson(diagnosis: KxDiagnosis): JsonObject {
  let text = JSON.stringify(diagnosis);
  const sessionId = diagnosis.expected?.sessionId;
  if (sessionId) text = text.split(sessionId).join(maskSessionId(sessionId));
  const json = JSON.parse(redactText(text).text) as JsonObject;
  for (const side of ['expected', 'provided'] as const) {
    const part = json[side];
    if (isJsonObject(part) && typeof part.authorization === 'string') part.authorization = REDACTED;
  }
  return json;
}

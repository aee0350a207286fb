/** KX Connect sessions: opened at login, found by username + last five sessionId characters, ended by logout, idle timeout or the cap per user. */
import { kxIdentity, kxSessionSuffix } from '@sigkit/signer';

/** A session as the mock keeps it. Times are server time (clock offset included), epoch ms. */
export interface KxSession {
  /** 32 random lowercase hex characters: the HMAC key of every call (docs/spec/kx-connect.md §2). */
  readonly sessionId: string;
  readonly username: string;
  readonly createdAt: number;
  /** Login, or the last call that verified. */
  lastUsedAt: number;
  /** When it was expired through the admin API, else null. */
  expiredAt: number | null;
}

/** A session as the admin API shows it (times ISO-8601). */
export interface KxSessionView {
  sessionId: string;
  username: string;
  createdAt: string;
  lastUsedAt: string;
  /** When the idle timeout ends it (or ended it), or when it was expired by hand. */
  expiresAt: string;
  expired: boolean;
}

/** Options of {@link createKxSessionStore}. */
export interface KxSessionStoreOptions {
  /** Server time, epoch ms. */
  now(): number;
  /** A session unused for longer than this is expired (docs/spec/kx-connect.md §2, default 30 min). */
  idleTimeoutMs: number;
  /** Most sessions kept per user; a login beyond it evicts that user's oldest (expired ones first). */
  maxPerUser: number;
  /** Source of session ids (default 16 random bytes as hex). */
  newSessionId?: () => string;
}

/** The session store. */
export interface KxSessionStore {
  /** Opens a session for a user, evicting the user's oldest session when at the cap. */
  open(username: string): KxSession;
  /** Sessions a login evicted at the per-user cap since the store was made: the login's answer says so (issue #18). */
  readonly evicted: number;
  /** The session whose username + last five sessionId characters are `identity`, live or expired. */
  findByIdentity(identity: string): KxSession | undefined;
  /** Sessions whose sessionId ends with these characters (to explain an identity that matches none). */
  findBySuffix(suffix: string): KxSession[];
  get(sessionId: string): KxSession | undefined;
  isExpired(session: KxSession): boolean;
  /** Records a verified call: the idle timeout starts again. */
  touch(session: KxSession): void;
  /** Ends a session (logout): later calls with it meet `unknown_session`. False when unknown. */
  end(sessionId: string): boolean;
  /** Expires a session now: later calls with it meet `session_expired`. False when unknown. */
  expire(sessionId: string): boolean;
  /** Ends every session of a user; returns how many. */
  endAllOf(username: string): number;
  list(filter?: { username?: string }): KxSessionView[];
  /** Ends every session; returns how many. */
  clear(): number;
  readonly idleTimeoutMs: number;
  readonly maxPerUser: number;
}

function randomSessionId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Creates an empty session store.
 *
 * @example
 * ```ts
 * const sessions = createKxSessionStore({ now: Date.now, idleTimeoutMs: 30 * 60_000, maxPerUser: 10 });
 * const session = sessions.open('kxSupport');
 * sessions.findByIdentity(kxIdentity('kxSupport', session.sessionId)) === session; // true
 * ```
 */
export function createKxSessionStore(options: KxSessionStoreOptions): KxSessionStore {
  const newSessionId = options.newSessionId ?? randomSessionId;
  // By identity, which is what a call names; insertion order is login order.
  const byIdentity = new Map<string, KxSession>();
  const byId = new Map<string, KxSession>();

  const isExpired = (session: KxSession) => session.expiredAt !== null || options.now() - session.lastUsedAt > options.idleTimeoutMs;
  const remove = (session: KxSession) => {
    byIdentity.delete(kxIdentity(session.username, session.sessionId));
    byId.delete(session.sessionId);
  };
  const view = (session: KxSession): KxSessionView => ({
    sessionId: session.sessionId,
    username: session.username,
    createdAt: new Date(session.createdAt).toISOString(),
    lastUsedAt: new Date(session.lastUsedAt).toISOString(),
    expiresAt: new Date(session.expiredAt ?? session.lastUsedAt + options.idleTimeoutMs).toISOString(),
    expired: isExpired(session),
  });
  let evicted = 0;
  const sessionsOf = (username: string) => [...byId.values()].filter((s) => s.username === username);

  return {
    idleTimeoutMs: options.idleTimeoutMs,
    maxPerUser: options.maxPerUser,
    get evicted() {
      return evicted;
    },
    open(username) {
      const own = sessionsOf(username);
      // Over the cap the oldest goes, expired sessions first: a test suite that never logs out keeps working.
      const evictionOrder = [...own.filter(isExpired), ...own.filter((s) => !isExpired(s))];
      for (let i = 0; own.length - i >= options.maxPerUser; i += 1) {
        remove(evictionOrder[i]!);
        evicted += 1;
      }
      let sessionId = newSessionId();
      // Two sessions of one user ending in the same five characters would share an identity.
      for (let attempt = 0; byIdentity.has(kxIdentity(username, sessionId)) || byId.has(sessionId); attempt += 1) {
        if (attempt > 100) throw new Error('the session id source keeps repeating itself');
        sessionId = newSessionId();
      }
      const now = options.now();
      const session: KxSession = { sessionId, username, createdAt: now, lastUsedAt: now, expiredAt: null };
      byIdentity.set(kxIdentity(username, sessionId), session);
      byId.set(sessionId, session);
      return session;
    },
    findByIdentity: (identity) => byIdentity.get(identity),
    findBySuffix: (suffix) => [...byId.values()].filter((s) => kxSessionSuffix(s.sessionId) === suffix),
    get: (sessionId) => byId.get(sessionId),
    isExpired,
    touch(session) {
      session.lastUsedAt = options.now();
    },
    end(sessionId) {
      const session = byId.get(sessionId);
      if (session) remove(session);
      return session !== undefined;
    },
    expire(sessionId) {
      const session = byId.get(sessionId);
      if (session && session.expiredAt === null) session.expiredAt = options.now();
      return session !== undefined;
    },
    endAllOf(username) {
      const own = sessionsOf(username);
      own.forEach(remove);
      return own.length;
    },
    list: (filter = {}) => [...byId.values()].filter((s) => filter.username === undefined || s.username === filter.username).map(view),
    clear() {
      const count = byId.size;
      byIdentity.clear();
      byId.clear();
      return count;
    },
  };
}

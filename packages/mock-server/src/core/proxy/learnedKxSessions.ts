/** KX Connect sessions the proxy learns from the login answers it forwards: the real platform opened them, the proxy only remembers their ids. */
import { kxIdentity, kxSessionSuffix } from '@sigkit/signer';
import type { KxSession, KxSessionStore } from '../kx/sessions/sessionStore.js';

/** What the KX verifier of the mock reads of a session store; the proxy's store holds only this. */
export type LearnedKxSessions = Pick<KxSessionStore, 'findByIdentity' | 'findBySuffix' | 'isExpired' | 'idleTimeoutMs'> & {
  /** Remembers a session the target opened for `username` (the newest login of a user wins nothing: every live id is kept). */
  learn(username: string, sessionId: string, now: number): void;
  /** Forgets a session (its logout passed). */
  forget(identity: string): void;
  /** How many sessions are known. */
  readonly size: number;
};

/** Most sessions kept: a client that logs in per call must not grow the proxy without bound; the oldest are dropped first. */
export const MAX_LEARNED_KX_SESSIONS = 10_000;

/**
 * A store of the sessions seen in forwarded login answers, keyed as the verifier looks them up
 * (username + last five characters of the sessionId, docs/spec/kx-connect.md §2). The target
 * decides when a session expires; the proxy never expires one itself, so the target's
 * "session expired" is reported as the target's verdict, not the client's mistake.
 *
 * @example
 * ```ts
 * const sessions = createLearnedKxSessions();
 * sessions.learn('kxSupport', sessionIdFromTheLoginAnswer, Date.now());
 * sessions.findByIdentity(`kxSupport${sessionIdFromTheLoginAnswer.slice(-5)}`)?.sessionId;
 * ```
 */
export function createLearnedKxSessions(): LearnedKxSessions {
  const byIdentity = new Map<string, KxSession>();
  return {
    idleTimeoutMs: Number.POSITIVE_INFINITY,
    learn(username, sessionId, now) {
      const identity = kxIdentity(username, sessionId);
      byIdentity.delete(identity);
      byIdentity.set(identity, { sessionId, username, createdAt: now, lastUsedAt: now, expiredAt: null });
      // A Map iterates in insertion order: the first key is the oldest session.
      if (byIdentity.size > MAX_LEARNED_KX_SESSIONS) byIdentity.delete(byIdentity.keys().next().value!);
    },
    forget(identity) {
      byIdentity.delete(identity);
    },
    findByIdentity: (identity) => byIdentity.get(identity),
    findBySuffix: (suffix) => [...byIdentity.values()].filter((s) => kxSessionSuffix(s.sessionId) === suffix),
    isExpired: () => false,
    get size() {
      return byIdentity.size;
    },
  };
}

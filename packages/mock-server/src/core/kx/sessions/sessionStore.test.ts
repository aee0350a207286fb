import { kxIdentity } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { createKxSessionStore } from './sessionStore.js';

function store(options: { maxPerUser?: number; ids?: string[] } = {}) {
  let now = 1_000_000;
  const ids = options.ids ? [...options.ids] : undefined;
  const sessions = createKxSessionStore({
    now: () => now,
    idleTimeoutMs: 60_000,
    maxPerUser: options.maxPerUser ?? 3,
    ...(ids ? { newSessionId: () => ids.shift()! } : {}),
  });
  return { sessions, advance: (ms: number) => (now += ms) };
}

describe('createKxSessionStore', () => {
  it('opens sessions with 32 random hex characters, found by username plus the last five', () => {
    const { sessions } = store();
    const a = sessions.open('kxSupport');
    expect(a.sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(sessions.findByIdentity(`kxSupport${a.sessionId.slice(-5)}`)).toBe(a);
    expect(sessions.findByIdentity(`Administrator${a.sessionId.slice(-5)}`)).toBeUndefined();
    expect(sessions.open('kxSupport').sessionId).not.toBe(a.sessionId);
  });

  it('expires after the idle timeout, counted from the last touch, the boundary still live', () => {
    const { sessions, advance } = store();
    const s = sessions.open('u');
    advance(60_000);
    expect(sessions.isExpired(s)).toBe(false);
    sessions.touch(s);
    advance(60_000);
    expect(sessions.isExpired(s)).toBe(false);
    advance(1);
    expect(sessions.isExpired(s)).toBe(true);
  });

  it('draws another id when one would give a user two sessions with the same identity', () => {
    const { sessions } = store({ ids: ['aaaaaaaaaaaaaaaaaaaaaaaaaaa12345', 'bbbbbbbbbbbbbbbbbbbbbbbbbbb12345', 'ccccccccccccccccccccccccccc67890'] });
    sessions.open('u');
    const second = sessions.open('u');
    expect(second.sessionId).toBe('ccccccccccccccccccccccccccc67890');
    // Another user may end in the same five characters: the username tells them apart.
    const { sessions: other } = store({ ids: ['aaaaaaaaaaaaaaaaaaaaaaaaaaa12345', 'bbbbbbbbbbbbbbbbbbbbbbbbbbb12345'] });
    other.open('u');
    expect(other.open('v').sessionId).toBe('bbbbbbbbbbbbbbbbbbbbbbbbbbb12345');
    expect(other.findBySuffix('12345').map((s) => s.username)).toEqual(['u', 'v']);
  });

  it('evicts past the cap: expired sessions first, then the oldest', () => {
    const { sessions, advance } = store({ maxPerUser: 2 });
    const a = sessions.open('u');
    advance(1);
    const b = sessions.open('u');
    sessions.expire(b.sessionId);
    const c = sessions.open('u');
    expect(sessions.list({ username: 'u' }).map((s) => s.sessionId)).toEqual([a.sessionId, c.sessionId]);
    const d = sessions.open('u');
    expect(sessions.list({ username: 'u' }).map((s) => s.sessionId)).toEqual([c.sessionId, d.sessionId]);
    expect(sessions.findByIdentity(kxIdentity('u', a.sessionId))).toBeUndefined();
  });

  it('ends, expires and lists sessions', () => {
    const { sessions } = store();
    const a = sessions.open('u');
    const b = sessions.open('v');
    expect(sessions.expire(a.sessionId)).toBe(true);
    expect(sessions.list({ username: 'u' })[0]).toMatchObject({ expired: true, expiresAt: new Date(1_000_000).toISOString() });
    expect(sessions.end(b.sessionId)).toBe(true);
    expect(sessions.end(b.sessionId)).toBe(false);
    expect(sessions.expire('nope')).toBe(false);
    expect(sessions.endAllOf('u')).toBe(1);
    expect(sessions.clear()).toBe(0);
  });
});

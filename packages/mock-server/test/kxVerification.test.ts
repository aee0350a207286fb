import { createHash, createHmac } from 'node:crypto';
import { formatRfc1123, kxAuthorizationHeader, kxBodyDigest, kxProfile, kxSignature, kxStringToSign } from '@sigkit/signer';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ADMINISTRATOR, callAnalytic, kxAdmin, kxServer, login, NOW, post, sendSigned, signCall, type Session } from './kxHelpers.js';

const GET_MEM = '/connect/api/monPublic/getMem';
const ID = 'e133598e-7b9e-429a-b3e5-bda881c47024';

/** A getMem body with the given date (verbatim, so it can be anything). */
const bodyWithDate = (date: unknown) => JSON.stringify({ type: 'getMemReq', msg: [{}], id: ID, date });

/** Signs exactly as docs/spec/kx-connect.md §2 describes, written out here independently of the signer. */
function signBySpec(session: Session, path: string, body: string, date: string): string {
  const md5 = createHash('md5').update(body, 'utf8').digest('hex');
  const stringToSign = ['POST', path, session.username, md5, 'application/json', date, session.sessionId].join('\n');
  const signature = createHmac('sha1', session.sessionId).update(stringToSign, 'utf8').digest('base64');
  return `${session.username}${session.sessionId.slice(-5)}:${signature}`;
}

/** Sends a body to a path with an Authorization header. */
const send = (server: ReturnType<typeof kxServer>, path: string, body: string, authorization?: string) =>
  post(server, path, { 'content-type': 'application/json', authorization }, body);

describe('KX Connect signed calls: the checks of docs/spec/kx-connect.md §2', () => {
  it('accepts a call signed exactly as the spec says, and answers in the success envelope', async () => {
    const server = kxServer();
    const session = await login(server);
    const date = formatRfc1123(new Date(NOW));
    const body = bodyWithDate(date);
    const response = await send(server, GET_MEM, body, signBySpec(session, GET_MEM, body, date));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ type: 'getMemResp', id: ID, date, success: true });
    expect(response.body.msg.length).toBeGreaterThan(0);
  });

  it('rejects each failed check with 401, the spec\'s error body and the check named in sigkit', async () => {
    const server = kxServer();
    const session = await login(server);
    const expired = await login(server);
    await kxAdmin(server, 'post', `/sessions/${expired.sessionId}/expire`).expect(200);
    const date = formatRfc1123(new Date(NOW));
    const good = bodyWithDate(date);
    const auth = (body: string, d = date, s: Session = session) => signBySpec(s, GET_MEM, body, d);
    const stale = formatRfc1123(new Date(NOW - 901_000));
    const cases: Array<[string, string, string | undefined, string]> = [
      ['malformed_authorization', good, undefined, 'malformed Authorization header'],
      ['malformed_authorization', good, 'no-colon-here', 'malformed Authorization header'],
      ['malformed_authorization', good, 'ab:sig', 'malformed Authorization header'],
      ['unknown_session', good, `kxSupport00000:${auth(good).split(':')[1]}`, 'unknown session'],
      ['session_expired', good, auth(good, date, expired), 'session expired'],
      ['malformed_body', 'not json', auth('not json'), 'malformed request body'],
      ['malformed_body', '{"type":"getMemReq","msg":[{}],"id":"x"}', auth('{"type":"getMemReq","msg":[{}],"id":"x"}'), 'malformed request body'],
      ['invalid_date', bodyWithDate('2025-03-14T15:09:26Z'), auth(bodyWithDate('2025-03-14T15:09:26Z'), '2025-03-14T15:09:26Z'), 'invalid date'],
      ['clock_skew', bodyWithDate(stale), auth(bodyWithDate(stale), stale), 'request date outside the allowed window'],
      ['signature_mismatch', good, auth(good).replace(/:(.)/, (_, c: string) => (c === 'A' ? ':B' : ':A')), 'invalid signature'],
    ];
    for (const [code, body, authorization, error] of cases) {
      const response = await send(server, GET_MEM, body, authorization);
      expect({ code, status: response.status, error: response.body.error, sigkit: response.body.sigkit?.code }).toEqual({ code, status: 401, error, sigkit: code });
      const readable = body.startsWith('{');
      expect(response.body).toMatchObject({ type: readable ? 'getMemResp' : null, id: readable ? expect.any(String) : null, success: false, msg: [] });
    }
    expect(server.core.journal.stats().byCode).toMatchObject({ malformed_authorization: 3, unknown_session: 1, session_expired: 1, malformed_body: 2, invalid_date: 1, clock_skew: 1, signature_mismatch: 1 });
  });

  it('runs the checks in the spec\'s order: the earliest failing check decides', async () => {
    const server = kxServer();
    const session = await login(server);
    const expired = await login(server);
    await kxAdmin(server, 'post', `/sessions/${expired.sessionId}/expire`).expect(200);
    const stale = formatRfc1123(new Date(NOW - 3_600_000));
    const badSignature = (s: Session) => `${s.username}${s.sessionId.slice(-5)}:bad`;
    const ordered: Array<[string, string | undefined, string]> = [
      ['not json', 'nocolon', 'malformed_authorization'],
      ['not json', 'kxSupportzzzzz:bad', 'unknown_session'],
      ['not json', badSignature(expired), 'session_expired'],
      ['{"type":"getMemReq"}', badSignature(session), 'malformed_body'],
      [bodyWithDate('yesterday'), badSignature(session), 'invalid_date'],
      [bodyWithDate(stale), badSignature(session), 'clock_skew'],
    ];
    for (const [body, authorization, code] of ordered) {
      expect({ code, got: (await send(server, GET_MEM, body, authorization)).body.sigkit.code }).toEqual({ code, got: code });
    }
  });

  it('answers an empty date with 401 invalid_date, never a failure of the mock (body date, or Date header under DateHeader)', async () => {
    const server = kxServer();
    const session = await login(server);
    const empty = await send(server, GET_MEM, bodyWithDate(''), `${session.username}${session.sessionId.slice(-5)}:c2ln`);
    expect(empty.status).toBe(401);
    expect(empty.body).toMatchObject({ type: 'getMemResp', id: ID, error: 'invalid date', sigkit: { code: 'invalid_date', provided: { date: '' } } });
    const headerServer = kxServer({ kx: { profile: 'DateHeader' } });
    const headerSession = await login(headerServer);
    const emptyHeader = await post(headerServer, GET_MEM, { 'content-type': 'application/json', date: '', authorization: `${headerSession.username}${headerSession.sessionId.slice(-5)}:c2ln` }, bodyWithDate(formatRfc1123(new Date(NOW))));
    expect(emptyHeader.status).toBe(401);
    expect(emptyHeader.body.sigkit.code).toBe('invalid_date');
    expect(headerServer.core.journal.stats().errors + server.core.journal.stats().errors).toBe(0);
  });

  it('treats the 900-second clock window as inclusive, either side of the server clock', async () => {
    const server = kxServer();
    const session = await login(server);
    const at = (offsetSeconds: number) => sendSigned(server, signCall(session, { date: new Date(NOW + offsetSeconds * 1000) }));
    expect((await at(-900)).status).toBe(200);
    expect((await at(900)).status).toBe(200);
    expect((await at(-901)).body.sigkit.code).toBe('clock_skew');
    expect((await at(901)).body.sigkit.code).toBe('clock_skew');
  });

  it('takes the window from the profile, and the server time from the clock offset', async () => {
    const server = kxServer({ kx: { profile: { clockWindowSeconds: 60 } }, clockOffsetSeconds: 120 });
    const session = await login(server, undefined, new Date(NOW + 120_000));
    expect((await sendSigned(server, signCall(session, { date: new Date(NOW) }))).body.sigkit.code).toBe('clock_skew');
    expect((await sendSigned(server, signCall(session, { date: new Date(NOW + 120_000 - 60_000) }))).status).toBe(200);
  });

  it('describes the expected computation: string to sign, signature, and what was provided', async () => {
    const server = kxServer();
    const session = await login(server);
    const date = formatRfc1123(new Date(NOW));
    const body = bodyWithDate(date);
    const forged = `${session.username}${session.sessionId.slice(-5)}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
    const response = await send(server, GET_MEM, body, forged);
    const md5 = createHash('md5').update(body).digest('hex');
    expect(response.body.sigkit).toMatchObject({
      code: 'signature_mismatch',
      expected: {
        // The answer masks the sessionId (the session's key) as the journal does: issue #18.
        stringToSign: ['POST', GET_MEM, 'kxSupport', md5, 'application/json', date, `[redacted sessionId …${session.sessionId.slice(-5)}]`].join('\n'),
        signature: signBySpec(session, GET_MEM, body, date).split(':')[1],
      },
      provided: { authorization: '[redacted]', signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', identity: `kxSupport${session.sessionId.slice(-5)}`, date },
      deviation: null,
      profileName: 'default',
      clockWindowSeconds: 900,
      serverTime: new Date(NOW).toISOString(),
      journalId: Number(response.headers['x-sigkit-journal-id']),
    });
    expect(response.body.sigkit.message).toContain('No known client deviation reproduces it');
    // The journal keeps the same diagnosis, while the Authorization header itself is redacted.
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(entry.verdict).toMatchObject({ scheme: 'kx', ok: false, code: 'signature_mismatch', serverMessage: 'invalid signature', diagnosis: { expected: { signature: response.body.sigkit.expected.signature } } });
  });
});

describe('KX Connect sessions', () => {
  it('expires a session idle for longer than the timeout (default 30 minutes); each verified call restarts it', async () => {
    let now = NOW;
    const server = kxServer({ now: () => now });
    const session = await login(server);
    const callAt = (t: number) => {
      now = t;
      return sendSigned(server, signCall(session, { date: new Date(t) }));
    };
    expect((await callAt(NOW + 30 * 60_000)).status).toBe(200);
    expect((await callAt(NOW + 60 * 60_000)).status).toBe(200);
    const late = await callAt(NOW + 90 * 60_000 + 1000);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: 'session expired', sigkit: { code: 'session_expired', session: { expired: true, expiredBy: 'idle timeout' } } });
    // A new login works again.
    now = NOW + 91 * 60_000;
    const fresh = await login(server, undefined, new Date(now));
    expect((await sendSigned(server, signCall(fresh, { date: new Date(now) }))).status).toBe(200);
  });

  it('takes the idle timeout from the options', async () => {
    let now = NOW;
    const server = kxServer({ now: () => now, kx: { sessionIdleMinutes: 1 } });
    const session = await login(server);
    now = NOW + 61_000;
    expect((await sendSigned(server, signCall(session, { date: new Date(now) }))).body.sigkit.code).toBe('session_expired');
  });

  it('ends a session at logout: later calls with it name no session', async () => {
    const server = kxServer();
    const session = await login(server);
    const logout = await sendSigned(server, signCall(session, { group: 'auth', method: 'logout', type: 'LogoutReq', id: ID }));
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ type: 'LogoutResp', id: ID, date: formatRfc1123(new Date(NOW)), success: true, msg: [] });
    const after = await callAnalytic(server, session, 'getMem');
    expect(after.status).toBe(401);
    expect(after.body.sigkit.code).toBe('unknown_session');
    expect(after.body.sigkit.message).toContain(`No session ends in "${session.sessionId.slice(-5)}"`);
    expect(server.core.kx.sessions.list()).toEqual([]);
  });

  it('makes one user\'s sessionId useless to another: the username is part of the check', async () => {
    const server = kxServer();
    const support = await login(server);
    const admin = await login(server, ADMINISTRATOR);
    for (const [session, owner] of [
      [{ username: 'kxSupport', sessionId: admin.sessionId }, 'Administrator'],
      [{ username: 'Administrator', sessionId: support.sessionId }, 'kxSupport'],
    ] as const) {
      const response = await callAnalytic(server, session, 'getMem');
      expect(response.status).toBe(401);
      expect(response.body.sigkit.code).toBe('unknown_session');
      expect(response.body.sigkit.message).toContain(`was opened by user "${owner}"`);
    }
    expect((await callAnalytic(server, support, 'getMem')).status).toBe(200);
    expect((await callAnalytic(server, admin, 'getMem')).status).toBe(200);
  });

  it('keeps at most maxSessionsPerUser sessions per user, evicting expired ones first, then the oldest', async () => {
    const server = kxServer({ kx: { maxSessionsPerUser: 2 } });
    const first = await login(server);
    const second = await login(server);
    await kxAdmin(server, 'post', `/sessions/${second.sessionId}/expire`).expect(200);
    const third = await login(server);
    // The expired one went, not the oldest.
    expect((await callAnalytic(server, first, 'getMem')).status).toBe(200);
    expect((await callAnalytic(server, second, 'getMem')).body.sigkit.code).toBe('unknown_session');
    const fourth = await login(server);
    expect((await callAnalytic(server, first, 'getMem')).body.sigkit.code).toBe('unknown_session');
    expect((await callAnalytic(server, third, 'getMem')).status).toBe(200);
    expect((await callAnalytic(server, fourth, 'getMem')).status).toBe(200);
    // Another user's sessions are not counted against this one.
    expect((await callAnalytic(server, await login(server, ADMINISTRATOR), 'getMem')).status).toBe(200);
    expect(server.core.kx.sessions.list({ username: 'kxSupport' })).toHaveLength(2);
  });

  it('expires a session now through the admin API, and ends one as a logout does', async () => {
    const server = kxServer();
    const a = await login(server);
    const b = await login(server);
    expect((await kxAdmin(server, 'post', `/sessions/${a.sessionId}/expire`)).body).toEqual({ expired: a.sessionId });
    const expired = await callAnalytic(server, a, 'getMem');
    expect(expired.body.sigkit).toMatchObject({ code: 'session_expired', session: { expiredBy: 'admin' } });
    expect((await kxAdmin(server, 'delete', `/sessions/${b.sessionId}`)).body).toEqual({ ended: b.sessionId });
    expect((await callAnalytic(server, b, 'getMem')).body.sigkit.code).toBe('unknown_session');
    expect((await kxAdmin(server, 'post', '/sessions/nope/expire')).status).toBe(404);
  });
});

describe('KX Connect routing after verification', () => {
  it('answers an unknown analytic 404 once the call verifies, and 401 before', async () => {
    const server = kxServer();
    const session = await login(server);
    const unknown = await callAnalytic(server, session, 'getNothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: 'getNothingResp', success: false, error: 'unknown analytic monPublic.getNothing', msg: [] });
    expect((await callAnalytic(server, session, 'getMem', {}, 'noGroup')).body.error).toBe('unknown analytic noGroup.getMem');
    const unsigned = await send(server, '/connect/api/monPublic/getNothing', bodyWithDate(formatRfc1123(new Date(NOW))));
    expect(unsigned.status).toBe(401);
  });

  it('answers other shapes of path with 404, still after verification', async () => {
    const server = kxServer();
    const session = await login(server);
    const profile = kxProfile();
    for (const path of ['/connect/api/monPublic', '/connect/api/monPublic/getMem/extra', '/connect/api//getMem']) {
      const date = formatRfc1123(new Date(NOW));
      const body = bodyWithDate(date);
      const stringToSign = kxStringToSign({ method: 'POST', authPath: path, username: session.username, bodyDigest: kxBodyDigest(body, profile), contentType: 'application/json', date, sessionId: session.sessionId }, profile);
      const authorization = kxAuthorizationHeader(session.username, session.sessionId, kxSignature(stringToSign, session.sessionId, profile));
      const response = await send(server, path, body, authorization);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.body.error).toContain(`no KX Connect endpoint ${path}`);
    }
  });

  it('answers methods other than POST with 405 and Allow, unverified', async () => {
    const server = kxServer();
    const response = await request(server.app).get(GET_MEM);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('OPTIONS, POST');
    expect(response.body).toMatchObject({ success: false, error: `KX Connect calls are POST; GET is not allowed on ${GET_MEM}`, msg: [] });
    expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))).toMatchObject({ platform: 'kx', verdict: null, response: { status: 405 } });
    expect((await request(server.app).options(GET_MEM)).status).toBe(200);
  });

  it('limits a user to their analytic groups with 403, while logout stays allowed', async () => {
    const server = kxServer({ kx: { users: [{ username: 'ops', password: 'pw', groups: ['ops'] }], analytics: [{ group: 'ops', method: 'status', rows: [{ up: true }] }] } });
    const ops = await login(server, { username: 'ops', password: 'pw' });
    const refused = await callAnalytic(server, ops, 'getMem');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'getMemResp', success: false, error: 'user ops may not call analytics of group monPublic (allowed: ops)', msg: [] });
    expect((await callAnalytic(server, ops, 'status', {}, 'ops')).body.msg).toEqual([{ up: true }]);
    expect((await sendSigned(server, signCall(ops, { group: 'auth', method: 'logout' }))).status).toBe(200);
  });

  it('refuses a msg that is not one parameters dictionary with 400 naming msg', async () => {
    const server = kxServer();
    const session = await login(server);
    const date = formatRfc1123(new Date(NOW));
    for (const [msg, error] of [
      [{}, /^msg must be an array/],
      [[{}, {}], /^msg must hold one parameters dictionary, got 2 entries/],
      [['syms'], /^msg\[0\] must be a parameters dictionary/],
    ] as const) {
      const body = JSON.stringify({ type: 'getMemReq', msg, id: ID, date });
      const response = await sendSigned(server, signCall(session, { body }));
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(error);
    }
    // No msg at all, or an empty one, means no parameters.
    for (const body of [JSON.stringify({ type: 'getMemReq', id: ID, date }), JSON.stringify({ type: 'getMemReq', msg: [], id: ID, date })]) {
      expect((await sendSigned(server, signCall(session, { body }))).status).toBe(200);
    }
  });
});

import { formatRfc1123, kxLoginRequest } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { ADMINISTRATOR, KX_SUPPORT, kxServer, login, NOW, post } from './kxHelpers.js';

const LOGIN = '/connect/api/auth/login';

describe('KX Connect login (docs/spec/kx-connect.md §1)', () => {
  it('answers the guides\' login with a fresh random sessionId in the kit\'s LoginResp envelope', async () => {
    const server = kxServer();
    const req = kxLoginRequest(KX_SUPPORT.username, KX_SUPPORT.password, { id: 'e133598e-7b9e-429a-b3e5-bda881c47024', date: 'Fri, 26 Jul 2019 15:59:00 GMT' });
    const response = await post(server, req.path, req.headers, req.body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      type: 'LoginResp',
      id: 'e133598e-7b9e-429a-b3e5-bda881c47024',
      date: formatRfc1123(new Date(NOW)),
      success: true,
      msg: [{ sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), username: 'kxSupport' }],
    });
    const again = await login(server);
    expect(again.sessionId).not.toBe(response.body.msg[0].sessionId);
  });

  it('accepts both users of the guides and any configured user', async () => {
    const server = kxServer({ kx: { users: [{ username: 'ops', password: 's3cret' }] } });
    for (const user of [KX_SUPPORT, ADMINISTRATOR, { username: 'ops', password: 's3cret' }]) {
      expect((await login(server, user)).username).toBe(user.username);
    }
    const without = kxServer({ kx: { includeGuideUsers: false, users: [{ username: 'ops', password: 's3cret' }] } });
    const refused = kxLoginRequest(KX_SUPPORT.username, KX_SUPPORT.password);
    expect((await post(without, refused.path, refused.headers, refused.body)).status).toBe(401);
  });

  it('refuses a wrong password and an unknown user alike with 401, telling only the journal which', async () => {
    const server = kxServer();
    for (const [username, password, why] of [
      ['kxSupport', 'wrong', 'wrong password for user "kxSupport"'],
      ['nobody', '12345678', 'no user "nobody"'],
      ['Administrator', '12345678', 'wrong password for user "Administrator"'],
    ] as const) {
      const req = kxLoginRequest(username, password, { id: 'e133598e-7b9e-429a-b3e5-bda881c47024' });
      const response = await post(server, req.path, req.headers, req.body);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ type: 'LoginResp', id: 'e133598e-7b9e-429a-b3e5-bda881c47024', success: false, error: 'invalid username or password', msg: [] });
      const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
      expect(entry.verdict).toMatchObject({ scheme: 'kx', ok: false, code: 'invalid_credentials' });
      expect(entry.verdict!.message).toContain(why);
    }
    expect(server.core.kx.sessions.list()).toEqual([]);
  });

  it('answers an unreadable login body with 400 naming what is wrong', async () => {
    const server = kxServer();
    const cases: Array<[string, RegExp]> = [
      ['', /^the request body is empty/],
      ['{"msg":', /^malformed JSON body/],
      ['[]', /^the login body must be a JSON object/],
      ['{"msg":{"username":"kxSupport","password":"12345678"}}', /^msg must be an array holding one/],
      ['{"msg":[{"username":"kxSupport"}],"type":"LoginReq","id":"x"}', /^msg\[0\]\.password must be a non-empty string/],
      ['{"msg":[{"username":7,"password":"p"}]}', /^msg\[0\]\.username must be a non-empty string/],
    ];
    for (const [body, error] of cases) {
      const response = await post(server, LOGIN, { 'content-type': 'application/json' }, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body).toMatchObject({ type: 'LoginResp', success: false, msg: [], error: expect.stringMatching(error) });
    }
  });

  it('keeps passwords out of the journal, whether the login succeeds, fails or is malformed', async () => {
    const server = kxServer();
    await login(server);
    await post(server, LOGIN, { 'content-type': 'application/json' }, JSON.stringify({ msg: [{ username: 'Administrator', password: 'not-the-password' }], type: 'LoginReq' }));
    await post(server, LOGIN, { 'content-type': 'application/json' }, '{"msg":[{"username":"kxSupport","password":12345678}]}');
    await post(server, LOGIN, { 'content-type': 'application/json' }, '{"msg":[{"username":"kxSupport","password":"cut-off-secret');
    const entries = server.core.journal.list({ order: 'asc' }).entries;
    expect(entries).toHaveLength(4);
    const everything = JSON.stringify(entries);
    for (const secret of ['12345678', 'not-the-password', 'cut-off-secret']) expect(everything).not.toContain(secret);
    expect(entries.every((e) => e.body.redacted)).toBe(true);
    expect(entries[0]!.body.data).toContain('"password":"[redacted]"');
    expect(entries[0]!.verdict).toMatchObject({ scheme: 'kx', ok: true, code: 'login' });
    // The journal keeps the answer with the sessionId masked: the key of the session's signatures
    // never enters it, but its last five characters (sent in every Authorization) name the session.
    expect(entries[0]!.response.body?.data).toMatch(/"sessionId":"\[redacted sessionId …[0-9a-f]{5}\]"/);
    expect(everything).not.toMatch(/[0-9a-f]{32}/);
  });
});

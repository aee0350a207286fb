/** The journal as HAR 1.2 (`GET /__sigkit/journal?format=har`), and what KX entries keep: no password, no whole sessionId. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { API, admin, call, send, sign, testServer } from './helpers.js';
import { KX_SUPPORT, kxServer, login, post, sendSigned, signCall } from './kxHelpers.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/har-1.2.schema.json', import.meta.url), 'utf8')) as object;
// strictRequired is off: the schema says "not both params and text" with a `not` over `required`.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
addFormats(ajv);
const validateHar = ajv.compile(schema);

function expectValidHar(har: unknown) {
  const valid = validateHar(har);
  expect(valid ? [] : validateHar.errors).toEqual([]);
}

describe('GET /__sigkit/journal?format=har', () => {
  it('writes HAR 1.2 that its schema accepts: raw URL, headers, query, bodies (binary as base64), status, timings', async () => {
    const server = testServer();
    await call(server, { method: 'GET', path: `${API}/devices`, query: '_page=0&_size=2&type=asset%2Dtag' });
    await send(server, sign({ method: 'GET', path: `${API}/devices`, query: 'b=1&a=2' }, ['UnsortedQuery']));
    await call(server, { method: 'POST', path: `${API}/devices`, body: '{"name":"x","password":"hunter2"}' });
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x10]);
    await send(server, sign({ method: 'PUT', path: `${API}/devices/none`, body: binary }), { authorization: 'Bearer not-for-the-journal' });

    const answer = await admin(server, 'get', '/journal?format=har&limit=10');
    expect(answer.status).toBe(200);
    const har = answer.body;
    expectValidHar(har);
    const entries = har.log.entries;
    expect(entries.map((e: { _sigkit: { journalId: number } }) => e._sigkit.journalId)).toEqual([1, 2, 3, 4]);

    const [good, unsorted, withPassword, withBinary] = entries;
    expect(good.request.url).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/api\/v1\/kronos\/devices\?_page=0&_size=2&type=asset%2Dtag$/);
    expect(good.request.queryString).toEqual([{ name: '_page', value: '0' }, { name: '_size', value: '2' }, { name: 'type', value: 'asset-tag' }]);
    expect(good.request.headers).toContainEqual({ name: 'x-arrow-apikey', value: expect.any(String) });
    expect(good.response).toMatchObject({ status: 200, statusText: 'OK', content: { mimeType: expect.stringMatching(/^application\/json/) } });
    expect(JSON.parse(good.response.content.text).size).toBeDefined();
    expect(good.timings).toEqual({ send: 0, wait: good.time, receive: 0 });
    expect(good._sigkit.verdict).toMatchObject({ scheme: 'xconnect', ok: true });

    expect(unsorted.response.status).toBe(401);
    expect(unsorted._sigkit.verdict.code).toBe('signature_mismatch');
    expect(unsorted.comment).toBe('sigkit journal entry 2: xconnect signature_mismatch');

    expect(withPassword.request.postData).toMatchObject({ mimeType: 'application/json', text: '{"name":"x","password":"[redacted]"}', comment: expect.stringContaining('[redacted]') });
    expect(withPassword.request.comment).toContain('cannot be replayed');

    expect(withBinary.request.postData).toMatchObject({ encoding: 'base64', text: binary.toString('base64') });
    expect(withBinary.request.bodySize).toBe(4);
    expect(withBinary.request.headers).toContainEqual({ name: 'authorization', value: '[redacted]', comment: 'redacted by the journal' });
    expect(JSON.stringify(har)).not.toContain('hunter2');
    expect(JSON.stringify(har)).not.toContain('not-for-the-journal');
  });

  it('applies the JSON journal filters, and refuses an unknown format', async () => {
    const server = testServer();
    await call(server, { method: 'GET', path: `${API}/devices` });
    await send(server, sign({ method: 'GET', path: `${API}/devices`, query: 'b=1&a=2' }, ['UnsortedQuery']));
    const rejected = await admin(server, 'get', '/journal?format=har&ok=false');
    expectValidHar(rejected.body);
    expect(rejected.body.log.entries.map((e: { _sigkit: { journalId: number } }) => e._sigkit.journalId)).toEqual([2]);
    const json = await admin(server, 'get', '/journal?ok=false');
    expect(json.body.entries.map((e: { id: number }) => e.id)).toEqual([2]);
    const bad = await admin(server, 'get', '/journal?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('format must be json or har, got "xml"');
  });

  it('redacts a secret query parameter in the URL and the query list, and says the request cannot be replayed (issue #18)', async () => {
    const server = testServer();
    await call(server, { method: 'GET', path: `${API}/devices`, query: '_size=2&p%61ssword=hunter2' });
    const har = (await admin(server, 'get', '/journal?format=har')).body;
    expectValidHar(har);
    const [entry] = har.log.entries;
    expect(JSON.stringify(entry)).not.toContain('hunter2');
    expect(entry.request.url).toMatch(/\?_size=2&p%61ssword=%5Bredacted%5D$/);
    expect(entry.request.queryString).toContainEqual({ name: 'password', value: '[redacted]' });
    expect(entry.request.comment).toContain('cannot be replayed');
  });

  it('writes a destroyed connection as status 0 and stays valid', async () => {
    const server = testServer();
    await admin(server, 'post', '/faults', { destroy: true, times: 1 });
    await call(server, { method: 'GET', path: `${API}/devices` }).catch(() => undefined);
    const har = (await admin(server, 'get', '/journal?format=har')).body;
    expectValidHar(har);
    expect(har.log.entries[0].response).toMatchObject({ status: 0, statusText: '', bodySize: -1, comment: expect.stringContaining('closed the connection') });
  });
});

describe('KX entries in the journal', () => {
  it('keep neither the password nor the whole sessionId, in JSON or HAR, yet keep the diagnosis', async () => {
    const server = kxServer();
    const session = await login(server);
    await sendSigned(server, signCall(session, { params: {} }));
    await sendSigned(server, signCall(session, { params: {} }, ['NoSeparator']));
    await post(server, '/connect/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ msg: [{ username: 'kxSupport', password: 'wrong-secret-1' }], type: 'LoginReq' }));
    await post(server, '/connect/api/auth/login', { 'content-type': 'application/json' }, '{"msg":[{"username":"kxSupport","password":wrong-secret-2}]}');

    const json = (await request(server.app).get('/__sigkit/journal?order=asc')).text;
    const har = (await request(server.app).get('/__sigkit/journal?format=har')).text;
    const one = (await request(server.app).get('/__sigkit/journal/3')).text;
    for (const text of [json, har, one]) {
      expect(text).not.toContain(session.sessionId);
      expect(text).not.toContain(session.sessionId.slice(0, 27));
      for (const secret of [KX_SUPPORT.password, 'wrong-secret-1', 'wrong-secret-2']) expect(text).not.toContain(secret);
    }
    expectValidHar(JSON.parse(har));

    const entries = JSON.parse(json).entries;
    expect(entries.map((e: { verdict: { code: string } }) => e.verdict.code)).toEqual(['login', 'ok', 'signature_mismatch', 'invalid_credentials', 'malformed_login']);
    const mask = `[redacted sessionId …${session.sessionId.slice(-5)}]`;
    const mismatch = entries[2].verdict.diagnosis;
    expect(mismatch.deviation.flags).toEqual(['NoSeparator']);
    expect(mismatch.expected.sessionId).toBe(mask);
    expect(mismatch.expected.stringToSign.endsWith(`\n${mask}`)).toBe(true);
    expect(mismatch.expected.authorization).toBe('[redacted]');
    expect(mismatch.provided).toMatchObject({ authorization: '[redacted]', identity: `kxSupport${session.sessionId.slice(-5)}`, signature: expect.any(String) });
    expect(entries[0].response.body.data).toContain(mask);
    expect(entries[3].verdict.message).toContain('wrong password for user "kxSupport"');
    expect(entries[4].verdict.message).toBe('malformed JSON body: an unexpected character; the body is not valid JSON; expected {"msg":[{"username":…,"password":…}],"type":"LoginReq","id":<uuid>,"date":<RFC 1123>}');
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../shared/wire.js';
import { KX_VARIANT_NAMES, type KxProfile, type KxVariantName } from './profile.js';
import { parseRfc1123 } from './rfc1123.js';
import { signKxRequest, type KxSignedRequest, type KxSignInput } from './sign.js';
import { KX_SERVER_MESSAGES, KX_VERDICT_CODES, verifyKxRequest, type KxSessionRecord, type KxVerifyOptions } from './verify.js';

const alice: KxSessionRecord = { username: 'alice', sessionId: '7c2e9a41b0d84f6a9e3c1b5d8f0a2c4e' };
const bob: KxSessionRecord = { username: 'bob', sessionId: '1b9d5f7a3c8e40b2a6d4f1c3e5a7b9d1' };
const stale: KxSessionRecord = { username: 'carol', sessionId: 'e4c6a8b0d2f14e3a5c7b9d1f3a5c7e9b', expired: true };
const sessions = new Map([alice, bob, stale].map((s) => [s.username + s.sessionId.slice(-5), s]));
const lookupSession = (identity: string) => sessions.get(identity);

const date = 'Fri, 26 Jul 2019 16:59:00 GMT';
const now = parseRfc1123(date).getTime() + 30_000;
const id = 'e133598e-7b9e-429a-b3e5-bda881c47024';
const input: KxSignInput = { group: 'monPublic', method: 'getMem', params: { syms: ['rdb'] }, username: alice.username, sessionId: alice.sessionId, id, date };

const toWire = (request: KxSignedRequest): WireRequest => ({ method: request.method, target: request.path, headers: { ...request.headers }, body: request.body });
const verify = (wire: WireRequest, options: Partial<KxVerifyOptions> = {}) => verifyKxRequest(wire, { lookupSession, now, ...options });
const withHeaders = (wire: WireRequest, headers: Record<string, string | undefined>): WireRequest => ({ ...wire, headers: { ...wire.headers, ...headers } });
const signed = (extra: Partial<KxSignInput> = {}) => toWire(signKxRequest({ ...input, ...extra }));

describe('verifyKxRequest', () => {
  it('lists its codes in check order and has a server message for each', () => {
    expect(KX_VERDICT_CODES).toEqual(['malformed_authorization', 'unknown_session', 'session_expired', 'malformed_body', 'invalid_date', 'clock_skew', 'signature_mismatch', 'ok']);
    for (const code of KX_VERDICT_CODES) expect(typeof KX_SERVER_MESSAGES[code]).toBe('string');
  });

  it('accepts a request built and signed by an independent Python client', () => {
    // The body and string to sign are written by hand; Python does the MD5, HMAC-SHA1 and Base64.
    const body = `{"type": "getMemReq", "msg": [{"syms": ["rdb"]}], "id": "${id}", "date": "${date}"}`;
    const script = String.raw`
import sys, hmac, hashlib, base64
body, sid, user = sys.argv[1], sys.argv[2], sys.argv[3]
digest = hashlib.md5(body.encode('utf-8')).hexdigest()
sts = '\n'.join(['POST', '/connect/api/monPublic/getMem', user, digest, 'application/json', 'Fri, 26 Jul 2019 16:59:00 GMT', sid])
sig = base64.b64encode(hmac.new(sid.encode(), sts.encode(), hashlib.sha1).digest()).decode()
print(user + sid[-5:] + ':' + sig, end='')
`;
    const authorization = execFileSync('python3', ['-c', script, body, alice.sessionId, alice.username], { encoding: 'utf8' });
    const verdict = verify({ method: 'POST', target: '/connect/api/monPublic/getMem', headers: { 'content-type': 'application/json', authorization }, body });
    expect(verdict).toMatchObject({ ok: true, code: 'ok', status: 200, serverMessage: '', requestType: 'getMemReq', id });
  });

  it('accepts its own signer and reports what it computed and read', () => {
    const request = signKxRequest(input);
    const verdict = verify(toWire(request));
    expect(verdict.ok).toBe(true);
    expect(verdict.expected).toEqual(request.trace);
    expect(verdict.provided).toEqual({
      authorization: request.headers.Authorization,
      identity: 'alice' + alice.sessionId.slice(-5),
      signature: request.trace.signature,
      date,
      contentType: 'application/json',
      bodyDigest: request.trace.bodyDigest,
      requestType: 'getMemReq',
      id,
    });
  });

  it.each(KX_VARIANT_NAMES)('accepts a request signed under %s when it runs that profile', (name: KxVariantName) => {
    expect(verify(signed({ profile: name }), { profile: name }).code).toBe('ok');
  });

  it('defaults the clock to now', () => {
    expect(verifyKxRequest(signed({ date: undefined }), { lookupSession }).code).toBe('ok');
  });

  it('signs the method as sent, upper-cased', () => {
    const wire = signed();
    expect(verify({ ...wire, method: 'post' }).code).toBe('ok');
    expect(verify({ ...wire, method: 'PUT' }).code).toBe('signature_mismatch');
  });

  it('ignores a query string when rebuilding the authPath', () => {
    const wire = signed();
    expect(verify({ ...wire, target: `${wire.target}?trace=1` }).code).toBe('ok');
  });

  describe('1. malformed_authorization', () => {
    it.each([
      ['a missing header', undefined],
      ['no colon', 'alicedeadbeef'],
      ['a short identity', 'a2c4e:abc'],
      ['an empty signature', 'alice2c4e:'],
    ])('for %s, even when everything else is wrong too', (_, authorization) => {
      const wire = withHeaders({ method: 'POST', target: '/connect/api/x/y', headers: {}, body: 'not json' }, { Authorization: authorization });
      const verdict = verify(wire);
      expect(verdict).toMatchObject({ ok: false, code: 'malformed_authorization', status: 401, serverMessage: KX_SERVER_MESSAGES.malformed_authorization });
      expect(verdict.expected).toBeUndefined();
      expect(verdict.message).toContain('<username><last 5 characters of sessionId>:<signature>');
    });
  });

  describe('2. unknown_session', () => {
    it('when no session has the identity, before looking at the body', () => {
      const wire = withHeaders({ ...signed(), body: 'not json' }, { Authorization: 'mallory12345:abc' });
      expect(verify(wire)).toMatchObject({ code: 'unknown_session', provided: { identity: 'mallory12345' } });
    });

    it("refuses one user's sessionId under another username", () => {
      // Bob signs correctly with Alice's sessionId: his identity is bob + Alice's suffix.
      const wire = toWire(signKxRequest({ ...input, username: 'bob', sessionId: alice.sessionId }));
      expect(verify(wire).code).toBe('unknown_session');
    });

    it('even when the lookup is keyed by the sessionId suffix alone', () => {
      const bySuffix = (identity: string) => [alice, bob].find((s) => identity.endsWith(s.sessionId.slice(-5)));
      const wire = toWire(signKxRequest({ ...input, username: 'bob', sessionId: alice.sessionId }));
      expect(verify(wire, { lookupSession: bySuffix }).code).toBe('unknown_session');
      expect(verify(signed(), { lookupSession: bySuffix }).code).toBe('ok');
    });
  });

  it('3. session_expired, before the body and date', () => {
    const wire = toWire(signKxRequest({ ...input, username: stale.username, sessionId: stale.sessionId }));
    expect(verify({ ...wire, body: 'not json' })).toMatchObject({ code: 'session_expired', serverMessage: 'session expired', status: 401 });
  });

  describe('4. malformed_body', () => {
    it.each([
      ['not JSON', 'type=getMemReq'],
      ['a JSON array', '[{"date":"Fri, 26 Jul 2019 16:59:00 GMT"}]'],
      ['without a date', `{"type":"getMemReq","msg":[{}],"id":"${id}"}`],
      ['with a numeric date', `{"type":"getMemReq","msg":[{}],"id":"${id}","date":1564160340}`],
      ['empty', ''],
    ])('for a body %s', (_, body) => {
      const verdict = verify({ ...signed(), body });
      expect(verdict).toMatchObject({ code: 'malformed_body', serverMessage: 'malformed request body', status: 401 });
      expect(verdict.expected).toBeUndefined();
    });

    it('keeps the type and id of a JSON body that lacks only the date', () => {
      const verdict = verify({ ...signed(), body: `{"type":"getMemReq","msg":[{}],"id":"${id}"}` });
      expect(verdict).toMatchObject({ requestType: 'getMemReq', id, provided: { requestType: 'getMemReq', id } });
    });

    it('for a missing Date header under DateHeader, even if the body has a date', () => {
      const wire = signed({ profile: 'DateHeader' });
      expect(verify(withHeaders(wire, { Date: undefined }), { profile: 'DateHeader' }).code).toBe('malformed_body');
    });
  });

  describe('5. invalid_date', () => {
    it('before the clock and the signature', () => {
      const wire = signed();
      const body = (wire.body as string).replace(date, 'yesterday');
      const verdict = verify(withHeaders({ ...wire, body }, { Authorization: 'alicea2c4e:wrong' }));
      expect(verdict).toMatchObject({ code: 'invalid_date', serverMessage: 'invalid date', provided: { date: 'yesterday' } });
      expect(verdict.expected?.date).toBe('yesterday');
      expect(verdict.message).toContain('EEE, dd MMM yyyy HH:mm:ss GMT');
    });

    it.each(['Thu, 26 Jul 2019 16:59:00 GMT', '2019-07-26T16:59:00Z', 'Fri, 26 Jul 2019 16:59:00 UTC'])('for %j', (bad) => {
      const wire = signed();
      expect(verify({ ...wire, body: (wire.body as string).replace(date, bad) }).code).toBe('invalid_date');
    });

    it('reads the Date header under DateHeader', () => {
      const wire = withHeaders(signed({ profile: 'DateHeader' }), { Date: '26 Jul 2019 16:59:00 GMT' });
      expect(verify(wire, { profile: 'DateHeader' }).code).toBe('invalid_date');
    });
  });

  describe('6. clock_skew', () => {
    const at = parseRfc1123(date).getTime();
    it.each([
      [900_000, 'ok'],
      [-900_000, 'ok'],
      [900_001, 'clock_skew'],
      [-901_000, 'clock_skew'],
      [86_400_000, 'clock_skew'],
    ])('now = date %+d ms → %s', (offset, code) => {
      expect(verify(signed(), { now: at + offset }).code).toBe(code);
    });

    it('before the signature, and with a configurable window', () => {
      const wire = withHeaders(signed(), { Authorization: 'alicea2c4e:wrong' });
      expect(verify(wire, { now: new Date(at + 61_000), profile: { clockWindowSeconds: 60 } })).toMatchObject({
        code: 'clock_skew',
        serverMessage: 'request date outside the allowed window',
      });
      expect(verify(signed(), { now: at + 60_000, profile: { clockWindowSeconds: 60 } }).code).toBe('ok');
    });

    it('checks the Date header, not the body date, under DateHeader', () => {
      const request = signKxRequest({ ...input, profile: 'DateHeader' });
      expect(verify(toWire(request), { profile: 'DateHeader', now: at + 901_000 }).code).toBe('clock_skew');
    });
  });

  describe('7. signature_mismatch', () => {
    it('when one character of the signature changes', () => {
      const wire = signed();
      const authorization = wire.headers['Authorization'] as string;
      const last = authorization.at(-2) === 'A' ? 'B' : 'A';
      const verdict = verify(withHeaders(wire, { Authorization: authorization.slice(0, -2) + last + authorization.slice(-1) }));
      expect(verdict).toMatchObject({ ok: false, code: 'signature_mismatch', serverMessage: 'invalid signature', status: 401 });
      expect(verdict.expected?.signature).not.toBe(verdict.provided.signature);
    });

    it.each<[string, (wire: WireRequest) => WireRequest]>([
      ['a parameter changes', (w) => ({ ...w, body: (w.body as string).replace('"rdb"', '"hdb"') })],
      ['the body is re-spaced', (w) => ({ ...w, body: JSON.stringify(JSON.parse(w.body as string), null, 1) })],
      ['the date moves by a second', (w) => ({ ...w, body: (w.body as string).replace('16:59:00', '16:59:01') })],
      ['the path changes', (w) => ({ ...w, target: '/connect/api/monPublic/getMemBucket' })],
      ['the content type changes', (w) => withHeaders(w, { 'Content-Type': 'application/json; charset=utf-8' })],
      ['the content type is dropped', (w) => withHeaders(w, { 'Content-Type': undefined })],
    ])('when %s', (_, tamper) => {
      expect(verify(tamper(signed())).code).toBe('signature_mismatch');
    });

    it('when a client signs with another session of the same username', () => {
      // Same username and suffix as alice's live session, different key.
      const impostor = toWire(signKxRequest({ ...input, sessionId: `ffffffffffffffffffffffffff${alice.sessionId.slice(-5)}` }));
      expect(verify(impostor).code).toBe('signature_mismatch');
    });

    it.each(KX_VARIANT_NAMES.filter((n) => n !== 'DateHeader' && n !== 'Md5OfReserializedJson'))(
      'when the client signs with %s and the server runs the default',
      (name) => {
        expect(verify(signed({ profile: name })).code).toBe('signature_mismatch');
      },
    );
  });

  it('answers invalid_date, never throws, for an empty date in the body or the Date header', () => {
    const wire = signed();
    const emptyBodyDate = { ...wire, body: String(wire.body).replace(date, '') };
    expect(verify(emptyBodyDate).code).toBe('invalid_date');
    expect(verify(withHeaders(wire, { Date: '' }), { profile: 'DateHeader' }).code).toBe('invalid_date');
  });

  it('refuses unusable arguments by throwing, not by a verdict', () => {
    expect(() => verifyKxRequest(signed(), {} as KxVerifyOptions)).toThrow(expect.objectContaining({ code: 'INVALID_VERIFY_OPTIONS' }));
    expect(() => verifyKxRequest(signed(), { lookupSession, now: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_NOW' }));
    expect(() => verifyKxRequest(signed(), { lookupSession, now: new Date('x') })).toThrow(expect.objectContaining({ code: 'INVALID_NOW' }));
    expect(() => verifyKxRequest(signed(), { lookupSession, profile: 'Bogus' as KxVariantName })).toThrow(expect.objectContaining({ code: 'UNKNOWN_KX_VARIANT' }));
    expect(() => verifyKxRequest({} as WireRequest, { lookupSession })).toThrow(expect.objectContaining({ code: 'INVALID_WIRE_REQUEST' }));
  });

  it('treats a stored record that cannot form an identity as no session', () => {
    const broken = (): KxSessionRecord => ({ username: 'alice', sessionId: 'abc' });
    expect(verify(signed(), { lookupSession: broken }).code).toBe('unknown_session');
  });

  it('accepts a full profile object', () => {
    const profile: KxProfile = { joiner: 'none', bodyDigest: 'md5Base64', contentTypePart: 'docLiteral', datePart: 'bodyDate', signatureEncoding: 'hex', clockWindowSeconds: 60 };
    expect(verify(signed({ profile }), { profile }).code).toBe('ok');
  });
});

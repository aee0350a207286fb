import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SigkitDateError, SigkitInputError } from '../errors.js';
import { applyKxVariants, KX_DEFAULT_PROFILE, KX_VARIANT_NAMES, kxProfile, type KxProfile, type KxVariantName } from './profile.js';
import { signKxRequest, type KxSignInput } from './sign.js';

interface OracleCase {
  method: string;
  authPath: string;
  username: string;
  body: string;
  contentType: string;
  date: string;
  sessionId: string;
  profile: KxProfile;
}

/**
 * The whole of docs/spec/kx-connect.md §2 re-implemented in Python (hashlib, hmac, base64): the independent
 * oracle every signature below is checked against.
 */
function pythonSign(cases: OracleCase[]): { stringToSign: string; signature: string; authorization: string }[] {
  const script = String.raw`
import sys, json, hmac, hashlib, base64
out = []
for c in json.loads(sys.stdin.buffer.read().decode('utf-8')):
    p = c['profile']
    raw = c['body'].encode('utf-8')
    d = p['bodyDigest']
    if d == 'md5Hex': digest = hashlib.md5(raw).hexdigest()
    elif d == 'md5UpperHex': digest = hashlib.md5(raw).hexdigest().upper()
    elif d == 'md5Base64': digest = base64.b64encode(hashlib.md5(raw).digest()).decode()
    else: digest = hashlib.md5(json.dumps(json.loads(c['body']), separators=(',', ':'), ensure_ascii=False).encode('utf-8')).hexdigest()
    ct = 'Application-json' if p['contentTypePart'] == 'docLiteral' else c['contentType']
    parts = [c['method'].upper(), c['authPath'], c['username'], digest, ct, c['date'], c['sessionId']]
    j = p['joiner']
    sts = '\n'.join(parts) if j == 'newline' else ''.join(parts) if j == 'none' else '\n'.join(parts) + '\n'
    mac = hmac.new(c['sessionId'].encode('utf-8'), sts.encode('utf-8'), hashlib.sha1).digest()
    e = p['signatureEncoding']
    sig = base64.b64encode(mac).decode() if e == 'base64' else base64.urlsafe_b64encode(mac).decode().rstrip('=') if e == 'base64url' else mac.hex()
    out.append({'stringToSign': sts, 'signature': sig, 'authorization': c['username'] + c['sessionId'][-5:] + ':' + sig})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' }));
}

const sessionId = '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c';
const id = 'e133598e-7b9e-429a-b3e5-bda881c47024';
const date = 'Fri, 26 Jul 2019 16:59:00 GMT';
const base: KxSignInput = { group: 'monPublic', method: 'getMem', params: { syms: ['rdb', 'hdb'], bucket: 5 }, username: 'kxSupport', sessionId, id, date };

// Spaced like Python's json.dumps, so that Md5OfReserializedJson shows; the DateHeader signer
// gets a Date header one second later than this body's date, so that DateHeader shows.
const spacedBody = `{"type": "getMemReq", "msg": [{"syms": ["rdb"]}], "id": "${id}", "date": "${date}"}`;
const laterDate = 'Fri, 26 Jul 2019 16:59:01 GMT';
const deviantInput = (profile: KxProfile): KxSignInput => {
  const { params: _p, id: _i, date: _d, ...rest } = base;
  return { ...rest, body: spacedBody, profile, ...(profile.datePart === 'dateHeader' ? { date: laterDate } : {}) };
};

function oracleCase(input: KxSignInput, body: string, profile: KxProfile, signedDate: string): OracleCase {
  return {
    method: 'POST',
    authPath: `/connect/api/${input.group}/${input.method}`,
    username: input.username,
    body,
    contentType: input.contentType ?? 'application/json',
    date: signedDate,
    sessionId: input.sessionId,
    profile,
  };
}

describe('signKxRequest', () => {
  it('builds the request of docs/spec/kx-connect.md §2 and signs it as Python does', () => {
    const request = signKxRequest(base);
    // The body, written out by hand in the order the spec gives.
    const body = `{"type":"getMemReq","msg":[{"syms":["rdb","hdb"],"bucket":5}],"id":"${id}","date":"${date}"}`;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/connect/api/monPublic/getMem');
    expect(request.body).toBe(body);
    const [expected] = pythonSign([oracleCase(base, body, kxProfile(), date)]);
    expect(request.trace.stringToSign).toBe(expected!.stringToSign);
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', Authorization: expected!.authorization });
    expect(request.trace).toMatchObject({
      profile: KX_DEFAULT_PROFILE,
      method: 'POST',
      authPath: '/connect/api/monPublic/getMem',
      username: 'kxSupport',
      contentType: 'application/json',
      date,
      sessionId,
      signature: expected!.signature,
      authorization: expected!.authorization,
    });
    expect(request.trace.authorization.startsWith('kxSupporta6b7c:')).toBe(true);
  });

  const profiles: [string, KxProfile][] = [
    ['the default', kxProfile()],
    ...KX_VARIANT_NAMES.map((name) => [name, kxProfile(name)] as [string, KxProfile]),
    ['NoSeparator + Md5UpperHex', applyKxVariants(KX_DEFAULT_PROFILE, ['NoSeparator', 'Md5UpperHex'])],
    ['every knob turned', { joiner: 'trailingNewline', bodyDigest: 'md5OfReserializedJson', contentTypePart: 'docLiteral', datePart: 'dateHeader', signatureEncoding: 'base64url', clockWindowSeconds: 60 }],
  ];

  it.each(profiles)('signs as Python does under %s', (_, profile) => {
    const input = deviantInput(profile);
    const request = signKxRequest(input);
    expect(request.body).toBe(spacedBody);
    const signedDate = profile.datePart === 'dateHeader' ? laterDate : date;
    const [expected] = pythonSign([oracleCase(input, spacedBody, profile, signedDate)]);
    expect(request.trace.stringToSign).toBe(expected!.stringToSign);
    expect(request.trace.signature).toBe(expected!.signature);
    expect(request.headers.Authorization).toBe(expected!.authorization);
  });

  it.each(KX_VARIANT_NAMES)('gives a different signature under %s than under the default', (name: KxVariantName) => {
    const reference = signKxRequest(deviantInput(kxProfile())).trace.signature;
    expect(signKxRequest(deviantInput(kxProfile(name))).trace.signature).not.toBe(reference);
  });

  it('sends a Date header only when the profile signs one', () => {
    expect(signKxRequest(base).headers.Date).toBeUndefined();
    const request = signKxRequest({ ...base, profile: 'DateHeader' });
    expect(request.headers.Date).toBe(date);
    expect(JSON.parse(request.body).date).toBe(date);
  });

  it('accepts a variant name as the profile', () => {
    expect(signKxRequest({ ...base, profile: 'HexSignature' }).trace.signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it('sends the content type given and signs it, or the literal under DocLiteralContentType', () => {
    const custom = signKxRequest({ ...base, contentType: 'application/json; charset=utf-8' });
    expect(custom.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(custom.trace.contentType).toBe('application/json; charset=utf-8');
    const literal = signKxRequest({ ...base, profile: 'DocLiteralContentType' });
    expect(literal.headers['Content-Type']).toBe('application/json');
    expect(literal.trace.contentType).toBe('Application-json');
  });

  it('signs unicode usernames and parameters as Python does', () => {
    const input: KxSignInput = { ...base, username: 'Zoë 李', params: { name: '☃ 𝄞', nested: { list: [1, 'ä', null, true] } }, sessionId: 'sëssion-☃-𝄞-12345' };
    const request = signKxRequest(input);
    const [expected] = pythonSign([oracleCase(input, request.body, kxProfile(), date)]);
    expect(request.headers.Authorization).toBe(expected!.authorization);
    expect(JSON.parse(request.body).msg[0]).toEqual(input.params);
  });

  it('defaults type to <method>Req, params to {}, id to a random UUID and date to now', () => {
    const request = signKxRequest({ group: 'monPublic', method: 'getMemBucket', username: 'kxSupport', sessionId });
    const body = JSON.parse(request.body);
    expect(Object.keys(body)).toEqual(['type', 'msg', 'id', 'date']);
    expect(body.type).toBe('getMemBucketReq');
    expect(body.msg).toEqual([{}]);
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(body.date) - Date.now())).toBeLessThan(5000);
    expect(request.trace.date).toBe(body.date);
  });

  it('formats a Date given as the date', () => {
    const request = signKxRequest({ ...base, date: new Date(Date.UTC(2019, 6, 26, 16, 59, 0, 500)) });
    expect(request.trace.date).toBe(date);
  });

  describe('with a verbatim body', () => {
    const { params: _p, id: _i, date: _d, ...noBody } = base;

    it('sends and signs it byte for byte, reading the date from it', () => {
      const request = signKxRequest({ ...noBody, body: spacedBody });
      expect(request.body).toBe(spacedBody);
      expect(request.trace.date).toBe(date);
      expect(signKxRequest({ ...noBody, body: spacedBody, date }).trace.signature).toBe(request.trace.signature);
    });

    it('under DateHeader, takes the date for the header from `date` and needs none in the body', () => {
      const request = signKxRequest({ ...noBody, body: '{"type":"getMemReq","msg":[{}]}', date: laterDate, profile: 'DateHeader' });
      expect(request.headers.Date).toBe(laterDate);
      expect(request.trace.date).toBe(laterDate);
    });

    it.each([
      ['MALFORMED_BODY', { body: 'type=getMemReq' }],
      ['MALFORMED_BODY', { body: '[1]' }],
      ['MALFORMED_BODY', { body: '{"type":"getMemReq","msg":[{}]}' }],
      ['MALFORMED_BODY', { body: '{"date":1564160340}' }],
      ['MALFORMED_BODY', { body: 'not json', profile: 'DateHeader' as const }],
      ['INVALID_RFC1123_DATE', { body: '{"date":"2019-07-26T16:59:00Z"}' }],
      ['CONFLICTING_DATE', { body: spacedBody, date: laterDate }],
      ['CONFLICTING_BODY', { body: spacedBody, params: {} }],
      ['CONFLICTING_BODY', { body: spacedBody, id }],
      ['CONFLICTING_BODY', { body: spacedBody, type: 'getMemReq' }],
      ['INVALID_BODY', { body: 42 as unknown as string }],
    ])('refuses it with %s', (code, extra) => {
      const call = () => signKxRequest({ ...noBody, ...extra });
      expect(call).toThrow(SigkitInputError);
      expect(call).toThrow(expect.objectContaining({ code }));
    });
  });

  class Params {
    syms = ['rdb'];
  }
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;

  it.each([
    ['INVALID_SIGN_INPUT', null],
    ['INVALID_GROUP', { group: '' }],
    ['INVALID_GROUP', { group: 'mon/Public' }],
    ['INVALID_GROUP', { group: '..' }],
    ['INVALID_GROUP', { group: 'mon Public' }],
    ['INVALID_GROUP', { group: 'mön' }],
    ['INVALID_GROUP', { group: 'a?b' }],
    ['INVALID_GROUP', { group: undefined }],
    ['INVALID_METHOD', { method: 'get/Mem' }],
    ['INVALID_METHOD', { method: '%2F' }],
    ['INVALID_METHOD', { method: 7 }],
    ['INVALID_PARAMS', { params: ['rdb'] }],
    ['INVALID_PARAMS', { params: null }],
    ['INVALID_PARAMS', { params: new Map() }],
    ['INVALID_PARAMS', { params: new Params() }],
    ['INVALID_PARAMS', { params: 'syms=rdb' }],
    ['INVALID_PARAMS', { params: { big: 1n } }],
    ['INVALID_PARAMS', { params: cyclic }],
    ['INVALID_USERNAME', { username: '' }],
    ['INVALID_USERNAME', { username: 'kx\nSupport' }],
    ['INVALID_SESSION_ID', { sessionId: 'abcd' }],
    ['INVALID_SESSION_ID', { sessionId: undefined }],
    ['INVALID_TYPE', { type: '' }],
    ['INVALID_REQUEST_ID', { id: 'not-a-uuid' }],
    ['INVALID_RFC1123_DATE', { date: 'Thu, 26 Jul 2019 16:59:00 GMT' }],
    ['INVALID_DATE', { date: new Date(Number.NaN) }],
    ['INVALID_CONTENT_TYPE', { contentType: '' }],
    ['INVALID_CONTENT_TYPE', { contentType: ' application/json' }],
    ['INVALID_CONTENT_TYPE', { contentType: 'application/json\r\nX: y' }],
    ['UNKNOWN_KX_VARIANT', { profile: 'Sha256' }],
    ['INVALID_CLOCK_WINDOW', { profile: { ...KX_DEFAULT_PROFILE, clockWindowSeconds: 0 } }],
  ])('refuses bad input with %s (case %#)', (code, override) => {
    const call = () => signKxRequest((override === null ? null : { ...base, ...override }) as KxSignInput);
    expect(call).toThrow(SigkitInputError);
    expect(call).toThrow(expect.objectContaining({ code }));
    try {
      call();
    } catch (error) {
      expect((error as SigkitInputError).expected).toBeTruthy();
    }
  });

  it('throws SigkitDateError for date problems', () => {
    expect(() => signKxRequest({ ...base, date: 'yesterday' })).toThrow(SigkitDateError);
  });
});

/** Builds the KX Connect vector files from the reference signer and its profile variants (docs/spec/kx-connect.md §1–§2). */
import {
  KX_DEFAULT_PROFILE,
  KX_VARIANTS,
  KX_VARIANT_NAMES,
  kxIdentity,
  kxProfile,
  parseRfc1123,
  signKxRequest,
  signKxRequestAs,
  verifyKxRequest,
  type KxProfile,
  type KxSessionRecord,
  type KxSignInput,
  type KxSignedRequest,
  type KxTrace,
  type KxVariantName,
} from '@sigkit/signer';
import { vectorDocument, verificationTest, type FlagNote, type UnnumberedTest, type VectorFile } from './common.js';

const DATE = 'Fri, 26 Jul 2019 16:59:00 GMT';
const SUPPORT = { username: 'kxSupport', sessionId: '7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60' };
const ADMIN = { username: 'Administrator', sessionId: 'b5e2a9c41f7d4e3a8b6c0d2e4f6a8b0c1d3e5f7a' };
const ids = (n: number) => `e133598e-7b9e-429a-b3e5-${(0xbda881c47024 + n).toString(16).padStart(12, '0')}`;

interface KxCase {
  comment: string;
  flags: string[];
  input: KxSignInput;
}

const VALID_NOTES: Record<string, FlagNote> = {
  GuideExample: { bugType: 'BASIC', description: 'The call the KX Connect guides make: monPublic.getMem with the guide\'s user, id and date.' },
  Methods: { bugType: 'BASIC', description: 'Each analytic of the monitoring group, and groups of one\'s own.' },
  Params: { bugType: 'BASIC', description: 'Parameter dictionaries of every JSON type: empty, strings, numbers, booleans, null, lists, nested objects.' },
  Unicode: { bugType: 'EDGE_CASE', description: 'Non-ASCII text in parameters: the MD5 covers the UTF-8 bytes of the body as sent.' },
  Escapes: { bugType: 'EDGE_CASE', description: 'JSON escapes in the body (quotes, backslashes, control characters, \\u sequences) are hashed as sent.' },
  Users: { bugType: 'BASIC', description: 'Another user and session: the Authorization header carries username + last five characters of the session id.' },
  Dates: { bugType: 'EDGE_CASE', description: 'Other RFC 1123 dates: single-digit days are zero-padded, every weekday and month name.' },
  ExactBody: { bugType: 'EDGE_CASE', description: 'A body with its own formatting (spaces, key order): the digest is of the exact bytes sent, never of a re-serialisation.' },
  VariantProfile: { bugType: 'PROFILE', description: 'Signed and verified under a named profile variant, for deployments that differ from the kit\'s default.' },
};

const VARIANT_NOTES: Record<string, FlagNote> = Object.fromEntries(
  KX_VARIANT_NAMES.map((name) => [name, { bugType: KX_VARIANTS[name].bugType, description: KX_VARIANTS[name].description, effect: `profile knob ${KX_VARIANTS[name].knob} = ${JSON.stringify(KX_VARIANTS[name].value)}` }]),
);

function defaultCases(): KxCase[] {
  const base = { ...SUPPORT, group: 'monPublic', date: DATE };
  const call = (n: number, method: string, params: Record<string, unknown> | undefined, extra: Partial<KxSignInput> = {}): KxSignInput => ({
    ...base, method, id: ids(n), ...(params === undefined ? {} : { params }), ...extra,
  });
  return [
    { comment: 'getMem without parameters, as the guides call it', flags: ['GuideExample'], input: call(0, 'getMem', {}, { id: 'e133598e-7b9e-429a-b3e5-bda881c47024' }) },
    { comment: 'getMem with a time range and servers', flags: ['Methods', 'Params'], input: call(1, 'getMem', { startTime: '2019-07-26T15:00:00Z', endTime: '2019-07-26T16:00:00Z', syms: ['gw-1', 'rdb-1'] }) },
    { comment: 'getMemBucket with a bucket in minutes', flags: ['Methods', 'Params'], input: call(2, 'getMemBucket', { startTime: '2019-07-26T00:00:00Z', endTime: '2019-07-27T00:00:00Z', bucket: 15 }) },
    { comment: 'getCPU', flags: ['Methods'], input: call(3, 'getCPU', { syms: ['tp-1'] }) },
    { comment: 'getDisk', flags: ['Methods'], input: call(4, 'getDisk', {}) },
    { comment: 'getAvgLoad', flags: ['Methods'], input: call(5, 'getAvgLoad', { bucket: 60 }) },
    { comment: 'an analytic of another group', flags: ['Methods'], input: call(6, 'getTrades', { sym: 'VOD.L', limit: 100 }, { group: 'tradeAnalytics' }) },
    { comment: 'parameters omitted entirely (msg: [{}])', flags: ['Params'], input: call(7, 'getMem', undefined) },
    { comment: 'every JSON type', flags: ['Params'], input: call(8, 'getMem', { s: 'x', i: 42, f: -1.5e-7, t: true, n: null, l: [1, 'two', [3]], o: { nested: { deep: [] } } }) },
    { comment: 'large integer and exponent', flags: ['Params'], input: call(9, 'getMem', { big: 9007199254740991, tiny: 1e-300 }) },
    { comment: 'German, CJK and emoji parameters', flags: ['Unicode'], input: call(10, 'getMem', { syms: ['Größe', '東京', '🚀'] }) },
    { comment: 'non-ASCII parameter names', flags: ['Unicode'], input: call(11, 'getMem', { 'überschrift': 'ja', 'имя': 'да' }) },
    { comment: 'quotes, backslashes and control characters', flags: ['Escapes'], input: call(12, 'getMem', { q: 'say "hi"\\ \n\t\u0001' }) },
    { comment: 'another user and a 40-character session id', flags: ['Users'], input: { ...call(13, 'getMem', {}), ...ADMIN } },
    { comment: 'a session id whose last five characters are digits', flags: ['Users'], input: call(14, 'getMem', {}, { sessionId: 'abcdefabcdefabcdefabcdefab012345' }) },
    { comment: 'a zero-padded day', flags: ['Dates'], input: call(15, 'getMem', {}, { date: 'Mon, 05 Jan 2026 00:00:01 GMT' }) },
    { comment: 'a leap day at the end of the day', flags: ['Dates'], input: call(16, 'getMem', {}, { date: 'Thu, 29 Feb 2024 23:59:59 GMT' }) },
    { comment: 'a custom request type', flags: ['Params'], input: call(17, 'getMem', {}, { type: 'getMemReq2' }) },
    { comment: 'a body formatted with spaces, hashed as sent', flags: ['ExactBody'], input: { ...SUPPORT, group: 'monPublic', method: 'getMem', body: `{ "type": "getMemReq", "msg": [ { "syms": [ "gw-1" ] } ], "id": "${ids(18)}", "date": "${DATE}" }` } },
    { comment: 'a body with another key order', flags: ['ExactBody'], input: { ...SUPPORT, group: 'monPublic', method: 'getMem', body: `{"date":"${DATE}","id":"${ids(19)}","msg":[{}],"type":"getMemReq"}` } },
  ];
}

function requestField(input: KxSignInput, signed: KxSignedRequest) {
  return {
    group: input.group,
    method: input.method,
    username: input.username,
    sessionId: input.sessionId,
    date: signed.trace.date,
    body: signed.body,
  };
}

function wireField(signed: KxSignedRequest) {
  return { method: signed.method, target: signed.path, headers: signed.headers, body: signed.body };
}

function traceField(trace: KxTrace) {
  return { bodyDigest: trace.bodyDigest, contentType: trace.contentType, date: trace.date, stringToSign: trace.stringToSign, signature: trace.signature, authorization: trace.authorization };
}

const profileField = (profile: KxProfile) => ({ ...profile });

/**
 * A request on which `variant` changes the signature. Two variants need a request shaped for them:
 * a re-serialised digest differs only for a body that is not compact JSON, and a Date-header date
 * only when the header differs from the body's date.
 */
function variantInput(variant: KxVariantName, n: number, base: KxSignInput): KxSignInput {
  if (variant === 'Md5OfReserializedJson') {
    return { ...base, params: undefined, id: undefined, body: `{"type": "getMemReq", "msg": [{"syms": ["gw-${n}"]}], "id": "${ids(100 + n)}", "date": "${DATE}"}` } as KxSignInput;
  }
  if (variant === 'DateHeader') {
    return { ...base, params: undefined, id: undefined, body: `{"type":"getMemReq","msg":[{}],"id":"${ids(100 + n)}","date":"${DATE}"}`, date: `Fri, 26 Jul 2019 16:59:0${n + 1} GMT` } as KxSignInput;
  }
  return base;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function defaultProfileFile(): VectorFile {
  const tests = defaultCases().map(({ comment, flags, input }): UnnumberedTest => {
    const signed = signKxRequest(input);
    return { comment, flags, request: requestField(input, signed), wire: wireField(signed), expected: traceField(signed.trace), result: 'valid' };
  });
  return {
    path: 'kx/default_profile.json',
    document: vectorDocument(
      {
        algorithm: 'KX-CONNECT-HMAC-SHA1',
        schema: 'kx_signature.schema.json',
        header: [
          'Test vectors of KX Connect request signing under the kit\'s default profile (docs/spec/kx-connect.md §2).',
          'A signer given `request` (group, method, username, sessionId, date and the exact body) must send exactly `wire`; a verifier with that session must accept `wire` at `request.date`.',
          'See vectors/README.md.',
        ],
        notes: VALID_NOTES,
      },
      [{ group: { type: 'KxSignature', profile: profileField(KX_DEFAULT_PROFILE) }, tests }],
    ),
  };
}

function variantsFile(): VectorFile {
  const bases: KxSignInput[] = [
    { ...SUPPORT, group: 'monPublic', method: 'getMem', params: { syms: ['gw-1'] }, date: DATE, id: ids(50) },
    { ...ADMIN, group: 'monPublic', method: 'getMemBucket', params: { bucket: 5, startTime: '2019-07-26T00:00:00Z' }, date: DATE, id: ids(51) },
  ];
  const invalid: UnnumberedTest[] = [];
  const validGroups: { group: Record<string, unknown>; tests: UnnumberedTest[] }[] = [];
  for (const variant of KX_VARIANT_NAMES) {
    const valid: UnnumberedTest[] = [];
    bases.forEach((base, n) => {
      const input = stripUndefined(variantInput(variant, n, base));
      const deviant = signKxRequestAs(input, [variant]);
      const reference = signKxRequest({ ...input, profile: KX_DEFAULT_PROFILE, ...(variant === 'DateHeader' ? { date: undefined } : {}) } as KxSignInput);
      invalid.push({
        comment: `${variant}: ${input.group}.${input.method} as ${input.username}, checked under the default profile`,
        flags: [variant],
        request: requestField(input, reference),
        wire: wireField(deviant),
        expected: traceField(reference.trace),
        clientTrace: traceField(deviant.trace),
        result: 'invalid',
      });
      valid.push({
        comment: `${variant}: ${input.group}.${input.method} as ${input.username}, checked under the ${variant} profile`,
        flags: [variant, 'VariantProfile'],
        request: requestField(input, deviant),
        wire: wireField(deviant),
        expected: traceField(deviant.trace),
        result: 'valid',
      });
    });
    validGroups.push({ group: { type: 'KxSignature', profile: profileField(kxProfile(variant)) }, tests: valid });
  }
  return {
    path: 'kx/profile_variants.json',
    document: vectorDocument(
      {
        algorithm: 'KX-CONNECT-HMAC-SHA1',
        schema: 'kx_signature.schema.json',
        header: [
          'KX Connect requests signed under each named profile variant (docs/spec/kx-connect.md §2, profile table).',
          'The first group runs the default profile: each request there was signed by a client using one variant and must be rejected (`invalid`); `expected` is what the default profile computes, `clientTrace` what the client computed.',
          'Each further group runs one variant as the server\'s profile, for deployments that differ: there the same requests are `valid`.',
          'See vectors/README.md.',
        ],
        notes: { ...VARIANT_NOTES, VariantProfile: VALID_NOTES.VariantProfile! },
      },
      [{ group: { type: 'KxSignature', profile: profileField(KX_DEFAULT_PROFILE) }, tests: invalid }, ...validGroups],
    ),
  };
}

function verificationFile(): VectorFile {
  const serverTime = parseRfc1123(DATE).getTime();
  const sessions: (KxSessionRecord & { expired?: boolean })[] = [
    { ...SUPPORT },
    { ...ADMIN },
    { username: 'expiredUser', sessionId: 'ffffffffffffffffffffffffffff0000', expired: true },
  ];
  const lookupSession = (identity: string) => sessions.find((s) => kxIdentity(s.username, s.sessionId) === identity);
  const good = (extra: Partial<KxSignInput> = {}) => signKxRequest({ ...SUPPORT, group: 'monPublic', method: 'getMem', params: { syms: ['gw-1'] }, date: DATE, id: ids(200), ...extra });
  const wire = (s: KxSignedRequest, patch: { headers?: Record<string, string | undefined>; body?: string } = {}) => {
    const headers: Record<string, string> = { ...s.headers };
    for (const [k, v] of Object.entries(patch.headers ?? {})) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    return { method: s.method, target: s.path, headers, body: patch.body ?? s.body };
  };
  const g = good();
  const [identity, signature] = [g.headers.Authorization.slice(0, g.headers.Authorization.lastIndexOf(':')), g.trace.signature];
  type Case = { comment: string; flags: string[]; wire: ReturnType<typeof wire>; at?: number };
  const cases: Case[] = [
    { comment: 'a correctly signed call', flags: ['Accepted'], wire: wire(g) },
    { comment: 'date 900 s in the past is inside the window', flags: ['Accepted', 'ClockWindow'], wire: wire(g), at: serverTime + 900_000 },
    { comment: 'date 900 s in the future is inside the window', flags: ['Accepted', 'ClockWindow'], wire: wire(g), at: serverTime - 900_000 },
    { comment: 'another user\'s live session', flags: ['Accepted'], wire: wire(good({ ...ADMIN })) },
    { comment: 'no Authorization header', flags: ['MalformedAuthorization'], wire: wire(g, { headers: { Authorization: undefined } }) },
    { comment: 'Authorization without a colon', flags: ['MalformedAuthorization'], wire: wire(g, { headers: { Authorization: identity + signature } }) },
    { comment: 'Authorization with an empty signature', flags: ['MalformedAuthorization'], wire: wire(g, { headers: { Authorization: `${identity}:` } }) },
    { comment: 'no session for the identity', flags: ['UnknownSession'], wire: wire(g, { headers: { Authorization: `nobody12345:${signature}` } }) },
    { comment: 'one user\'s session suffix under another username', flags: ['UnknownSession'], wire: wire(g, { headers: { Authorization: `Administrator${SUPPORT.sessionId.slice(-5)}:${signature}` } }) },
    { comment: 'expired session', flags: ['SessionExpired'], wire: wire(good({ username: 'expiredUser', sessionId: 'ffffffffffffffffffffffffffff0000' })) },
    { comment: 'body is not JSON', flags: ['MalformedBody'], wire: wire(g, { body: 'type=getMemReq' }) },
    { comment: 'body without a date', flags: ['MalformedBody'], wire: wire(g, { body: '{"type":"getMemReq","msg":[{}],"id":"x"}' }) },
    { comment: 'date in ISO-8601 instead of RFC 1123', flags: ['InvalidDate'], wire: wire(g, { body: g.body.replace(DATE, '2019-07-26T16:59:00Z') }) },
    { comment: 'date with a wrong weekday', flags: ['InvalidDate'], wire: wire(g, { body: g.body.replace('Fri,', 'Sat,') }) },
    { comment: 'date 900.001 s in the past', flags: ['ClockWindow'], wire: wire(g), at: serverTime + 900_001 },
    { comment: 'date a day in the future', flags: ['ClockWindow'], wire: wire(g), at: serverTime - 86_400_000 },
    { comment: 'one byte of the body changed', flags: ['WrongSignature'], wire: wire(g, { body: g.body.replace('gw-1', 'gw-2') }) },
    { comment: 'signature of another call', flags: ['WrongSignature'], wire: wire(g, { headers: { Authorization: `${identity}:${good({ method: 'getCPU' }).trace.signature}` } }) },
    { comment: 'signature with its padding removed', flags: ['WrongSignature'], wire: wire(g, { headers: { Authorization: `${identity}:${signature.replace(/=+$/, '')}` } }) },
    { comment: 'content type changed after signing', flags: ['WrongSignature'], wire: wire(g, { headers: { 'Content-Type': 'application/json; charset=utf-8' } }) },
  ];
  const notes: Record<string, FlagNote> = {
    Accepted: { bugType: 'BASIC', description: 'A call every verifier must accept.' },
    MalformedAuthorization: { bugType: 'MALFORMED_INPUT', description: 'The Authorization header is missing or not "<username><last 5 of sessionId>:<signature>".' },
    UnknownSession: { bugType: 'AUTH', description: 'No live session matches the username and session suffix; one user\'s session is useless to another.' },
    SessionExpired: { bugType: 'AUTH', description: 'The session has passed its idle timeout.' },
    MalformedBody: { bugType: 'MALFORMED_INPUT', description: 'The body is not a JSON object with a date.' },
    InvalidDate: { bugType: 'MALFORMED_INPUT', description: 'The date is not RFC 1123 ("EEE, dd MMM yyyy HH:mm:ss GMT").' },
    ClockWindow: { bugType: 'REPLAY', description: 'Calls are accepted only while |now − date| <= 900 s.' },
    WrongSignature: { bugType: 'AUTH', description: 'The signature does not match the string to sign (compared in constant time).' },
  };
  const tests = cases.map((c): UnnumberedTest => {
    const at = c.at ?? serverTime;
    return verificationTest(c, at, c.wire, verifyKxRequest(c.wire, { lookupSession, now: at }));
  });
  return {
    path: 'kx/verification.json',
    document: vectorDocument(
      {
        algorithm: 'KX-CONNECT-VERIFICATION',
        schema: 'kx_verification.schema.json',
        header: [
          'Server-side checks of KX Connect calls, in the order of docs/spec/kx-connect.md §2.',
          'A verifier with the group\'s `sessions` and `profile`, at `serverTime`, must accept `valid` tests and reject `invalid` ones; `expectedCode` names the first failing check (sigkit\'s codes).',
          'See vectors/README.md.',
        ],
        notes,
      },
      [{ group: { type: 'KxVerification', profile: profileField(KX_DEFAULT_PROFILE), sessions }, tests }],
    ),
  };
}

/** Every KX Connect vector file. */
export function kxVectorFiles(): VectorFile[] {
  return [defaultProfileFile(), variantsFile(), verificationFile()];
}

/**
 * Issue #18 item 3, as a property: secrets planted in every place a client can put them (headers,
 * query, JSON and form bodies spelt with escapes, KX logins, signed calls good and bad) never come
 * out of the mock: not in the journal as the admin API serves it (list, entry, HAR, explanation),
 * not in the inspector's view of an entry, not in any answer to a client.
 */
import { createHmac } from 'node:crypto';
import { kxLoginRequest, signKxRequest, signXConnectRequest } from '@sigkit/signer';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockCore, responseBodyBytes, type MockCore, type MockRequest, type MockResponse } from '../src/core/index.js';

const NOW = Date.UTC(2025, 2, 14, 15, 9, 26);
// Letters and digits only, so that no encoding (JSON, percent, HAR) can hide one from the search.
const API_KEY = 'propApiKey0123456789abcdef';
const SECRET_KEY = 'propSecretKeyQz7Xw4Lk9Vb2Nm5Rt8';
const AUTH_TOKEN = 'propAuthTokenJh3Gf6Dd1Ss0';
const USER = { username: 'propUser', password: 'propPasswordYu8Ii2Oo4Pp6' };
// What a client puts under a secret name: its own secret, which the mock has no business keeping.
const PLANTED = 'plantedSecretWq1Ee3Rr5Tt7';
const K1 = [createHmac('sha256', API_KEY).update(SECRET_KEY).digest('hex'), createHmac('sha256', SECRET_KEY).update(API_KEY).digest('hex')];
const XC = '/api/v1/kronos';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A name in a random case (`PaSsWoRd`). */
const anyCase = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) => Array.from(name, (ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));
/** A name spelt in JSON with some characters as `\u` escapes (`pass\u0077ord`), in a random case unless `keepCase`. */
const jsonSpelling = (name: string, keepCase = false) =>
  fc.tuple(keepCase ? fc.constant(name) : anyCase(name), fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })).map(([cased, escapes]) =>
    Array.from(cased, (ch, i) => (escapes[i] ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join(''),
  );
/** A name percent-encoded in part (`p%61ssword`), in a random case. */
const formSpelling = (name: string) =>
  fc.tuple(anyCase(name), fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })).map(([cased, escapes]) =>
    Array.from(cased, (ch, i) => (escapes[i] ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch)).join(''),
  );
const secretName = fc.constantFrom('password', 'passwd', 'pwd', 'passphrase', 'secret', 'secretKey', 'secret_key', 'client_secret');
// The secret values a client may plant: its own, and those it was given.
const plantedValue = fc.constantFrom(PLANTED, USER.password, SECRET_KEY, AUTH_TOKEN);

/** A JSON text holding `"<name>": value` somewhere: at the top, nested in objects, or in arrays. */
const jsonWithSecret = fc
  .tuple(secretName.chain(jsonSpelling), plantedValue, fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean())
  .map(([name, value, depth, inArray, bare]) => {
    let text = `{"note":"n","${name}":${bare ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value)}}`;
    for (let i = 0; i < depth; i += 1) text = inArray ? `{"items":[1,${text}]}` : `{"inner":${text}}`;
    return text;
  });
const formWithSecret = fc.tuple(secretName.chain(formSpelling), plantedValue).map(([name, value]) => `note=n&${name}=${value}&b=1`);

/** Headers carrying credentials: the usual ones, and one named like a secret in an odd case. */
const secretHeaders = fc
  .record(
    {
      authorization: plantedValue.map((v) => `Bearer ${v}`),
      'proxy-authorization': plantedValue.map((v) => `Basic ${v}`),
      cookie: plantedValue.map((v) => `sid=${v}; theme=dark`),
      odd: fc.tuple(fc.constantFrom('', 'x-', 'X-'), secretName.chain(anyCase), plantedValue),
    },
    { requiredKeys: [] },
  )
  .map(({ odd, ...rest }) => {
    const headers: Record<string, string> = { ...rest };
    if (odd) headers[`${odd[0]}${odd[1]}`] = odd[2];
    return headers;
  });

/** A request a client could send, built once the mock's state (a KX session) is known. */
type Plan = (session: { sessionId: string }) => MockRequest;

const xconnectPlan: fc.Arbitrary<Plan> = fc
  .record({
    headers: secretHeaders,
    query: fc.option(fc.tuple(secretName.chain(formSpelling), plantedValue), { nil: undefined }),
    body: fc.option(fc.oneof(jsonWithSecret.map((t) => ['application/json', t] as const), formWithSecret.map((t) => ['application/x-www-form-urlencoded', t] as const)), { nil: undefined }),
    signature: fc.constantFrom('good', 'bad', 'none'),
    authToken: fc.boolean(),
  })
  .map(({ headers, query, body, signature, authToken }) => () => {
    const method = body ? 'POST' : 'GET';
    const signed = signXConnectRequest({
      method, path: `${XC}/devices`, apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW),
      ...(query ? { query: `size=2&${query[0]}=${query[1]}` } : {}),
      ...(body ? { body: body[1] } : {}),
    });
    const out: Record<string, string> = { host: '127.0.0.1:8080', ...(body ? { 'content-type': body[0] } : {}) };
    if (signature !== 'none') Object.assign(out, signed.headers);
    if (signature === 'bad') out['x-arrow-signature'] = 'f'.repeat(64);
    if (authToken) out['x-auth-token'] = AUTH_TOKEN;
    return { method, target: signed.target, headers: { ...out, ...headers }, body: encoder.encode(body?.[1] ?? '') };
  });

const kxLoginPlan: fc.Arbitrary<Plan> = fc
  // The platform reads `password` in that case only: the other spellings are malformed logins.
  .record({ spelling: fc.oneof(jsonSpelling('password', true), jsonSpelling('password')), right: fc.boolean(), headers: secretHeaders, form: fc.boolean() })
  .map(({ spelling, right, headers, form }) => () => {
    const password = right ? USER.password : PLANTED;
    const login = kxLoginRequest(USER.username, password, { date: new Date(NOW) });
    const body = form ? `username=${USER.username}&password=${password}` : login.body.replace('"password":', `"${spelling}":`);
    return { method: 'POST', target: login.path, headers: { ...login.headers, ...headers, 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }, body: encoder.encode(body) };
  });

const kxCallPlan: fc.Arbitrary<Plan> = fc
  .record({
    params: fc.option(fc.tuple(secretName, plantedValue), { nil: undefined }),
    identity: fc.constantFrom('good', 'bad signature', 'right suffix, wrong session', 'unknown session'),
    extra: fc.record({ 'x-auth-token': plantedValue, cookie: plantedValue.map((v) => `sid=${v}`) }, { requiredKeys: [] }),
  })
  .map(({ params, identity, extra }) => (session) => {
    const sessionId = identity === 'unknown session' ? `${'0'.repeat(27)}${session.sessionId.slice(-5)}x` : session.sessionId;
    const signed = signKxRequest({
      group: 'monPublic', method: 'getMem', username: USER.username, sessionId, date: new Date(NOW),
      params: { startTime: '2025-03-14T15:00:00.000Z', endTime: '2025-03-14T15:05:00.000Z', ...(params ? { [params[0]]: params[1] } : {}) },
    });
    const headers: Record<string, string> = { ...(signed.headers as Record<string, string>), ...extra };
    if (identity === 'bad signature') headers.Authorization = `${USER.username}${session.sessionId.slice(-5)}:${'A'.repeat(43)}=`;
    if (identity === 'right suffix, wrong session') headers.Authorization = headers.Authorization!.replace(/:.*/, `:${'B'.repeat(43)}=`);
    return { method: 'POST', target: signed.path, headers, body: encoder.encode(signed.body) };
  });

const plans = fc.array(fc.oneof(xconnectPlan, kxLoginPlan, kxCallPlan), { minLength: 1, maxLength: 4 });

function bodyText(response: MockResponse): string {
  return response.kind === 'response' ? decoder.decode(responseBodyBytes(response)) : '';
}

async function adminText(core: MockCore, target: string): Promise<string> {
  const response = await core.handle({ method: 'GET', target, headers: {}, body: new Uint8Array() });
  if (response.kind !== 'response' || response.status !== 200) throw new Error(`GET ${target} failed: ${JSON.stringify(response)}`);
  return bodyText(response);
}

/** What `GET /__sigkit/journal/{id}/explain` answers, a 422 (an entry it cannot explain) included. */
async function explainText(core: MockCore, id: number): Promise<string> {
  const response = await core.handle({ method: 'GET', target: `/__sigkit/journal/${id}/explain`, headers: {}, body: new Uint8Array() });
  if (response.kind !== 'response' || (response.status !== 200 && response.status !== 422)) throw new Error(`GET /__sigkit/journal/${id}/explain failed: ${JSON.stringify(response)}`);
  return bodyText(response);
}

/** The secrets no text may hold: every full sessionId the mock opened, and the fixed ones. */
function secretsOf(core: MockCore, sessionIds: ReadonlySet<string>): string[] {
  return [SECRET_KEY, AUTH_TOKEN, USER.password, PLANTED, ...K1, ...sessionIds, ...core.kx.sessions.list().map((s) => s.sessionId)];
}

function expectClean(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (text.includes(secret)) throw new Error(`${where} holds a secret (${secret.slice(0, 12)}…): ${text.slice(Math.max(0, text.indexOf(secret) - 200), text.indexOf(secret) + secret.length + 50)}`);
  }
}

describe('secrets planted anywhere never come out of the mock', () => {
  const core = createMockCore({
    now: () => NOW,
    dataset: { gateways: 1, devicesPerGateway: 2 },
    credentials: [{ apiKey: API_KEY, secretKey: SECRET_KEY, authToken: AUTH_TOKEN, label: 'property' }],
    includeGuideCredentials: false,
    kx: { users: [USER], includeGuideUsers: false },
  });
  afterAll(() => core.reset());

  it('not in the journal (list, entries, HAR, explanations), the inspector\'s entries, or any answer', async () => {
    const opened = new Set<string>();
    // What the runs went through, so that a generator that stopped planting shows.
    const seen = new Set<string>();
    const start = performance.now();
    await fc.assert(
      fc.asyncProperty(plans, async (steps) => {
        core.journal.clear();
        // A fresh session for the run: a login through the platform, as a client does.
        const login = kxLoginRequest(USER.username, USER.password, { date: new Date(NOW) });
        const loginAnswer = await core.handle({ method: 'POST', target: login.path, headers: login.headers, body: encoder.encode(login.body) });
        const sessionId = (JSON.parse(bodyText(loginAnswer)) as { msg: Array<{ sessionId: string }> }).msg[0]!.sessionId;
        opened.add(sessionId);
        const answers: string[] = [];
        for (const plan of steps) {
          const response = await core.handle(plan({ sessionId }));
          const text = bodyText(response);
          // A login's own answer gives the client its new sessionId: the one answer meant to.
          const isLogin = text.includes('"sessionId"') && response.kind === 'response' && response.status === 200;
          if (isLogin) for (const match of text.matchAll(/"sessionId":"([^"]+)"/g)) opened.add(match[1]!);
          answers.push(isLogin ? text.replace(/"sessionId":"[^"]+"/g, '"sessionId":"…"') : text);
        }
        const secrets = secretsOf(core, opened);
        answers.forEach((text, i) => expectClean(`answer ${i + 1}`, text, secrets));
        expectClean('GET /__sigkit/journal', await adminText(core, '/__sigkit/journal?limit=1000'), secrets);
        expectClean('GET /__sigkit/journal?format=har', await adminText(core, '/__sigkit/journal?format=har&limit=1000'), secrets);
        for (const entry of core.journal.list({ limit: 1000 }).entries) {
          seen.add(`${entry.verdict?.scheme}:${entry.verdict?.code}`);
          if (entry.target.includes('%5Bredacted%5D')) seen.add('query');
          if (entry.body.redacted) seen.add('body');
          if (Object.entries(entry.headers).some(([name, value]) => value === '[redacted]' && !['authorization', 'proxy-authorization', 'cookie', 'x-auth-token'].includes(name))) seen.add('header named as a secret');
          expectClean(`GET /__sigkit/journal/${entry.id}`, await adminText(core, `/__sigkit/journal/${entry.id}`), secrets);
          expectClean(`GET /__sigkit/ui/api/entries/${entry.id}`, await adminText(core, `/__sigkit/ui/api/entries/${entry.id}`), secrets);
          expectClean(`GET /__sigkit/journal/${entry.id}/explain`, await explainText(core, entry.id), secrets);
        }
        // The listings: keys and sessions by fingerprint or masked id, users without passwords.
        for (const listing of ['', '/credentials', '/kx', '/kx/users', '/kx/sessions', '/stats', '/ui/api/credentials', '/ui/api/sessions']) {
          expectClean(`GET /__sigkit${listing}`, await adminText(core, `/__sigkit${listing}`), secrets);
        }
      }),
      { numRuns: 150 },
    );
    for (const kind of ['query', 'body', 'header named as a secret', 'xconnect:ok', 'xconnect:signature_mismatch', 'kx:login', 'kx:invalid_credentials', 'kx:ok', 'kx:signature_mismatch', 'kx:unknown_session']) {
      expect([...seen], kind).toContain(kind);
    }
    // The property must stay quick enough to run with every test run.
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

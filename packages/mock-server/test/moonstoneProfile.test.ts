/**
 * The moonstone profile, point by point of docs/spec/xconnect.md §3b: every expected status and body
 * here is written from the spec and the platform's sources (Undertow's `BAD_REQUEST` answer, Spring
 * Boot's error JSON, Spring Security's firewall messages, Java's enum lookup message), and every
 * signature from `platformSigning.ts`, not from the mock's output.
 */
import { describe, expect, it } from 'vitest';
import type { MockResponse } from '../src/index.js';
import { API, API_KEY, NOW, call, send, sign, testServer } from './helpers.js';
import { platformHeaders, platformSignature } from './platformSigning.js';

const ISO_NOW = new Date(NOW).toISOString();
const GUIDE_TS = '2016-04-12T14:28:36.218Z';

/** Spring Boot 2.0's error JSON, as the platform answered exceptions and filter refusals. */
const springError = (status: number, error: string, message: string, path: string) => ({ timestamp: ISO_NOW, status, error, message, path });

/** Sends a request straight to the core (any method, any target, as an adapter would hand it over). */
async function handle(server: ReturnType<typeof testServer>, method: string, target: string, headers: Record<string, string> = {}, body = new Uint8Array()) {
  const response = await server.core.handle({ method, target, headers: { host: 'mock.test', ...headers }, body });
  const entry = server.core.journal.list({ limit: 1 }).entries[0]!;
  return { response: response as Extract<MockResponse, { kind: 'response' }>, entry };
}

describe('the test signer itself', () => {
  it("reproduces the guide's vector in versions 0, 1 and 2 (docs/spec/xconnect.md §1, §2)", () => {
    const guide = { method: 'POST', path: '/api/v1/kronos/gateways', lines: ['age=30', 'firstname=Jane', 'lastname=Doe'], timestamp: GUIDE_TS };
    expect(platformSignature({ ...guide, version: 1 })).toBe('28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553');
    expect(platformSignature({ ...guide, version: 0 })).toBe('1d5655a2ce6211e59ddd202f50878c2ab167f2c4517644117785df568f4bc1c0');
    expect(platformSignature({ ...guide, version: 2 })).toBe('4c4173b89985eb530f12d91c79e8531062cb71be61b1bdeb2c20d0132f992c14');
  });
});

describe('moonstone: answers before any signature is read', () => {
  const server = testServer({ profile: 'moonstone' });

  it.each([
    [';', `${API}/devices;jsessionid=1`, 'The request was rejected because the URL contained a potentially malicious String ";"'],
    ['%3B', `${API}/devices%3Bx`, 'The request was rejected because the URL contained a potentially malicious String "%3B"'],
    ['%2F', `${API}/telemetries/devices/a%2Fb/latest`, 'The request was rejected because the URL contained a potentially malicious String "%2F"'],
    ['%2f', `${API}/devices/a%2fb`, 'The request was rejected because the URL contained a potentially malicious String "%2f"'],
    ['%25', `${API}/devices/100%25`, 'The request was rejected because the URL contained a potentially malicious String "%25"'],
    ['%2E', `${API}/devices/%2E`, 'The request was rejected because the URL contained a potentially malicious String "%2E"'],
    ['%5C', `${API}/devices/a%5Cb`, 'The request was rejected because the URL contained a potentially malicious String "%5C"'],
    ['//', `${API}/devices//x`, 'The request was rejected because the URL was not normalized.'],
    ['a leading //', `//api/v1/kronos/devices`, 'The request was rejected because the URL was not normalized.'],
    ['a . segment', `${API}/devices/./x`, 'The request was rejected because the URL was not normalized.'],
    ['a .. segment', `${API}/gateways/../devices`, 'The request was rejected because the URL was not normalized.'],
    ['a trailing /.', `${API}/devices/.`, 'The request was rejected because the URL was not normalized.'],
  ])('the firewall answers 500 for %s in the path, whatever the headers, in Spring Boot\'s error JSON', async (_what, target, message) => {
    const path = target.split('?')[0]!;
    const signed = platformHeaders({ method: 'GET', path, timestamp: ISO_NOW, version: 1 });
    for (const headers of [{}, signed]) {
      const { response, entry } = await handle(server, 'GET', target, headers);
      expect(response.status).toBe(500);
      expect(response.body).toEqual(springError(500, 'Internal Server Error', message, path));
      expect(entry.verdict).toMatchObject({ ok: false, code: 'firewall_rejected', serverMessage: message });
      expect(entry.verdict?.diagnosis).toMatchObject({ front: { status: 500, layer: 'firewall' }, reproduction: expect.stringMatching(/^deliberate: /) });
      // A reproduction, not a failure of the mock.
      expect(entry.error).toBeNull();
    }
  });

  it.each([
    ['get', 'No enum constant org.springframework.web.bind.annotation.RequestMethod.get'],
    ['Post', 'No enum constant org.springframework.web.bind.annotation.RequestMethod.Post'],
    ['options', 'No enum constant org.springframework.web.bind.annotation.RequestMethod.options'],
    ['PROPFIND', 'No enum constant org.springframework.web.bind.annotation.RequestMethod.PROPFIND'],
    ['CONNECT', 'No enum constant org.springframework.web.bind.annotation.RequestMethod.CONNECT'],
  ])('a method the platform does not know as written (%s) is the 500 of its enum lookup, before the exempt checks', async (method, message) => {
    const path = `${API}/devices`;
    const { response, entry } = await handle(server, method, path, platformHeaders({ method: method.toUpperCase(), path, timestamp: ISO_NOW, version: 1 }));
    expect(response.status).toBe(500);
    expect(response.body).toEqual(springError(500, 'Internal Server Error', message, path));
    expect(entry.verdict).toMatchObject({ code: 'unknown_method', diagnosis: { front: { layer: 'method', status: 500 }, reproduction: expect.stringContaining('deliberate') } });
    expect(entry.verdict?.message).toContain(method);
  });

  it.each([
    ['a raw "', `${API}/devices?name="x"`],
    ['a raw <', `${API}/devices/<x>`],
    ['a raw \\', `${API}/devices/a\\b`],
    ['a raw ^', `${API}/devices?a=^`],
    ['a raw `', `${API}/devices/\`x\``],
    ['a raw {', `${API}/devices/{hid}`],
    ['a raw |', `${API}/devices?a=1|2`],
    ['a raw #', `${API}/devices#top`],
    ['raw non-ASCII', `${API}/gateways/a€b`],
    ['a malformed escape in the path', `${API}/devices/%zz`],
    ['a malformed escape in the query', `${API}/devices?x=a%b&y=1`],
    ['a % at the very end', `${API}/devices?x=%`],
  ])('the container answers 400 with an empty body and closes the connection for %s', async (_what, target) => {
    const { response, entry } = await handle(server, 'GET', target, platformHeaders({ method: 'GET', path: `${API}/devices`, timestamp: ISO_NOW, version: 1 }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(new Uint8Array());
    expect(response.headers.connection).toBe('close');
    expect(response.headers['content-type']).toBeUndefined();
    expect(entry.verdict).toMatchObject({ code: 'container_rejected', diagnosis: { front: { status: 400, layer: 'container' } } });
    // Not a 5xx: nothing to call deliberate.
    expect(entry.verdict?.diagnosis).not.toHaveProperty('reproduction');
  });

  it('the container answers 400 for 1,001 query parameters and lets 1,000 through to the filter', async () => {
    const params = (n: number) => Array.from({ length: n }, (_, i) => `p${i}=1`).join('&');
    expect((await handle(server, 'GET', `${API}/devices?${params(1001)}`)).response.status).toBe(400);
    expect((await handle(server, 'GET', `${API}/devices?${params(1000)}`)).response.status).toBe(401);
  });

  it('the container answers 404 with an empty body for /WEB-INF/… (any case) and exactly /META-INF/', async () => {
    for (const target of ['/WEB-INF/web.xml', '/web-inf/x', '/META-INF/', '/meta-inf/']) {
      const { response, entry } = await handle(server, 'GET', target);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(new Uint8Array());
      expect(entry.verdict?.code).toBe('container_rejected');
    }
    // Any other META-INF path is an ordinary path: checked, and refused unsigned.
    expect((await handle(server, 'GET', '/meta-inf/x')).response.status).toBe(401);
  });

  it('GET, POST, PUT or DELETE /logout is the security layer\'s 302 to /login?logout, made absolute from Host', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const { response, entry } = await handle(server, method, '/logout', { host: 'kronos.example:8443' });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('http://kronos.example:8443/login?logout');
      expect(response.body).toEqual(new Uint8Array());
      expect(entry.verdict?.code).toBe('logout_redirect');
    }
    // PATCH is not a logout: the path is checked like any other.
    expect((await handle(server, 'PATCH', '/logout')).response.status).toBe(401);
  });
});

describe('moonstone: what is exempt, and every other path checked', () => {
  const server = testServer({ profile: 'moonstone' });

  it('answers the status endpoint unsigned, as the platform\'s PingController did', async () => {
    for (const target of ['/status', '/status?verbose=1']) {
      const response = await send(server, { method: 'GET', target, headers: {} });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ start: NOW, end: NOW, duration: 0, status: 200, data: null });
    }
  });

  it('exempts the eleven patterns, matched whole on the raw path (an unescaped "." matches any character)', async () => {
    for (const target of ['/favicon.ico', '/faviconXico', '/swagger-ui.html', '/v2/api-docs', '/swagger-resources', '/configuration/ui', '/webjars/springfox-swagger-ui/x.js', `${API}/rabbitmq-auth/user`, `${API}/rabbitmq-auth/`]) {
      const response = await send(server, { method: 'GET', target, headers: {} });
      expect(response.status, target).toBe(404);
      const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
      expect(entry?.verdict?.code, target).toBe('exempt');
    }
  });

  it('checks every other path, /status look-alikes and paths ending in /status included', async () => {
    for (const target of ['/status/', '/STATUS', '/x/status', `${API}/status`, `${API}/devices/status`, `${API}/rabbitmq-auth`]) {
      const response = await send(server, { method: 'GET', target, headers: {} });
      expect(response.status, target).toBe(401);
      expect(response.body, target).toEqual(springError(401, 'Unauthorized', 'missing apiKey', target));
    }
  });

  it('verifies paths outside /api/v1/kronos first, and answers Spring\'s 404 only once signed right', async () => {
    for (const [method, path] of [['PUT', '/'], ['GET', '/nothing/here'], ['POST', '/api/v2/kronos/devices']] as const) {
      expect((await send(server, { method, target: path, headers: {} })).body).toEqual(springError(401, 'Unauthorized', 'missing apiKey', path));
      const wrong = { ...platformHeaders({ method, path, timestamp: ISO_NOW, version: 1 }), 'x-arrow-signature': '0'.repeat(64) };
      expect((await send(server, { method, target: path, headers: wrong })).body).toEqual(springError(401, 'Unauthorized', 'Not Authorized', path));
      const signed = await send(server, { method, target: path, headers: platformHeaders({ method, path, timestamp: ISO_NOW, version: 1 }) });
      expect(signed.status).toBe(404);
      expect(signed.body).toEqual(springError(404, 'Not Found', 'No message available', path));
    }
  });

  it('lets OPTIONS through unchecked, in upper case only', async () => {
    expect((await send(server, { method: 'OPTIONS', target: `${API}/devices`, headers: {} })).status).toBe(200);
    expect((await handle(server, 'options', `${API}/devices`)).response.status).toBe(500);
  });
});

describe('moonstone: the filter reads the request as the platform did', () => {
  const server = testServer({ profile: 'moonstone' });
  const path = `${API}/gateways`;

  it('refuses a parameter with an empty name (401), whatever the signature', async () => {
    for (const query of ['=v', '=', 'a=1&=2']) {
      // Signed as the kit reads it (the empty name dropped): the platform's signer throws instead.
      const signed = sign({ method: 'GET', path, query });
      const response = await send(server, signed);
      expect(response.status, query).toBe(401);
      expect(response.body).toEqual(springError(401, 'Unauthorized', 'Not Authorized', path));
      expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))?.verdict?.code).toBe('empty_parameter_name');
    }
  });

  it('decodes an encoded surrogate (%ED%BF%BF) as one U+FFFD, as Java did', async () => {
    const headers = platformHeaders({ method: 'GET', path, lines: ['x=a\uFFFDz', 'y=1'], timestamp: ISO_NOW, version: 1 });
    expect((await send(server, { method: 'GET', target: `${path}?x=a%ED%BF%BFz&y=1`, headers })).status).toBe(200);
  });

  it('hashes a body that is not UTF-8 as its lossy re-encoding, not as the bytes sent', async () => {
    const bytes = Uint8Array.of(0x7b, 0xff, 0x7d);
    const lossy = { method: 'GET', path, hashedBody: '{\uFFFD}', timestamp: ISO_NOW, version: 1 as const };
    expect((await send(server, { method: 'GET', target: path, headers: platformHeaders(lossy), body: bytes })).status).toBe(200);
    const overBytes = await send(server, { method: 'GET', target: path, headers: platformHeaders({ ...lossy, hashedBody: bytes }), body: bytes });
    expect(overBytes.status).toBe(401);
    // The harness's example: E2 82 (a cut-off €) under version 2, signed over the raw bytes.
    const cut = Uint8Array.of(0xe2, 0x82);
    const v2 = await send(server, { method: 'POST', target: path, headers: platformHeaders({ method: 'POST', path, hashedBody: cut, timestamp: ISO_NOW, version: 2 }), body: cut });
    expect(v2.status).toBe(401);
  });

  it('reads an empty x-arrow-version as version 0', async () => {
    const headers = { ...platformHeaders({ method: 'GET', path, timestamp: ISO_NOW, version: 0 }), 'x-arrow-version': '' };
    expect((await send(server, { method: 'GET', target: path, headers })).status).toBe(200);
  });

  it('lets an unknown x-arrow-version in without a signature (null equals null), but not with one', async () => {
    const unsigned = { 'x-arrow-apikey': API_KEY, 'x-arrow-date': ISO_NOW, 'x-arrow-version': '9' };
    const response = await send(server, { method: 'GET', target: path, headers: unsigned });
    expect(response.status).toBe(200);
    expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))?.verdict).toMatchObject({ ok: true, code: 'unsigned_bypass' });
    expect((await send(server, { method: 'GET', target: path, headers: { ...unsigned, 'x-arrow-signature': 'x' } })).status).toBe(401);
    // The date must still be valid and in the window.
    expect((await send(server, { method: 'GET', target: path, headers: { ...unsigned, 'x-arrow-date': '2016-04-12T14:28:36.218Z' } })).status).toBe(401);
  });

  it.each([
    ['+00:00', '2025-03-14T15:09:26.535+00:00', 200],
    ['+00:00:00', '2025-03-14T15:09:26.535+00:00:00', 200],
    ['a [UTC] region', '2025-03-14T15:09:26.535Z[UTC]', 200],
    ['lower-case t and z', '2025-03-14t15:09:26.535z', 200],
    ['nine fraction digits', '2025-03-14T15:09:26.535000000Z', 200],
    ['no fraction', '2025-03-14T15:09:26Z', 200],
    ['no seconds', '2025-03-14T15:09Z', 200],
    ['+0000', '2025-03-14T15:09:26.535+0000', 401],
    ['a comma before the fraction', '2025-03-14T15:09:26,535Z', 401],
    ['an offset beyond +18:00', '2025-03-15T10:09:26.535+19:00', 401],
    ['an hour-only offset (Java 8)', '2025-03-14T15:09:26.535+00', 401],
  ])('x-arrow-date with %s is %s', async (_what, timestamp, status) => {
    const headers = platformHeaders({ method: 'GET', path, timestamp, version: 1 });
    expect((await send(server, { method: 'GET', target: path, headers })).status).toBe(status);
  });

  it('measures the 600 s window to the nanosecond: 599.9995 s old is inside, 600 s is outside', async () => {
    for (const [timestamp, status] of [
      ['2025-03-14T14:59:26.535500000Z', 200],
      ['2025-03-14T09:59:26.535500000-05:00', 200],
      ['2025-03-14T14:59:26.535000000Z', 401],
      ['2025-03-14T15:19:26.534500000Z', 200],
      ['2025-03-14T15:19:26.535Z', 401],
    ] as const) {
      const headers = platformHeaders({ method: 'GET', path, timestamp, version: 1 });
      expect((await send(server, { method: 'GET', target: path, headers })).status, timestamp).toBe(status);
    }
  });

  it('reads a region after an offset as Java 8 did: the region decides (one hour off in summer for +01:00[Europe/Paris])', async () => {
    const july = Date.UTC(2025, 6, 14, 8, 19, 15, 0);
    const summer = testServer({ profile: 'moonstone', now: () => july });
    const at = (timestamp: string) => send(summer, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, timestamp, version: 1 }) });
    expect((await at('2025-07-14T10:19:15.000+02:00[Europe/Paris]')).status).toBe(200);
    expect((await at('2025-07-14T09:19:15.000+01:00[Europe/Paris]')).status).toBe(401);
    expect((await at('2025-07-14T09:19:15.000+01:00')).status).toBe(200);
  });

  it('reads the first of a repeated x-arrow-signature or x-arrow-date, as getHeader did', async () => {
    const headers = platformHeaders({ method: 'GET', path, timestamp: ISO_NOW, version: 1 });
    // Repeated headers reach the core as arrays (the adapters pass Node's headersDistinct).
    const twice = async (name: string, values: string[]) =>
      (await server.core.handle({ method: 'GET', target: path, headers: { ...headers, [name]: values }, body: new Uint8Array() })) as { status: number };
    expect((await twice('x-arrow-signature', [headers['x-arrow-signature']!, '0'.repeat(64)])).status).toBe(200);
    expect((await twice('x-arrow-signature', ['0'.repeat(64), headers['x-arrow-signature']!])).status).toBe(401);
    expect((await twice('x-arrow-date', [ISO_NOW, '2016-04-12T14:28:36.218Z'])).status).toBe(200);
  });

  it('verifies an absolute-form target as its path, and answers the firewall\'s 500 for a bare http://host', async () => {
    const absolute = await handle(server, 'GET', `http://kronos.example${path}?_size=1`, platformHeaders({ method: 'GET', path, lines: ['_size=1'], timestamp: ISO_NOW, version: 1 }));
    expect(absolute.response.status).toBe(200);
    const bare = await handle(server, 'GET', 'http://kronos.example');
    expect(bare.response.status).toBe(500);
    // Spring's path is the servlet's request URI, which keeps a target without a path whole.
    expect(bare.response.body).toEqual(springError(500, 'Internal Server Error', 'The request was rejected because the URL was not normalized.', 'http://kronos.example'));
  });

  it('signs and routes a POST carrying _method=PUT as the PUT it stands for', async () => {
    const hid = server.core.state.xconnect.gateways()[0]!.hid;
    const target = `${API}/gateways/${hid}?_method=PUT`;
    const body = JSON.stringify({ name: 'renamed' });
    const asPut = platformHeaders({ method: 'PUT', path: `${API}/gateways/${hid}`, lines: ['_method=PUT'], hashedBody: body, timestamp: ISO_NOW, version: 1 });
    const response = await send(server, { method: 'POST', target, headers: asPut, body });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ hid, message: 'OK' });
    const asPost = platformHeaders({ method: 'POST', path: `${API}/gateways/${hid}`, lines: ['_method=PUT'], hashedBody: body, timestamp: ISO_NOW, version: 1 });
    expect((await send(server, { method: 'POST', target, headers: asPost, body })).status).toBe(401);
  });
});

describe('moonstone: the journal names the client mistake behind a refusal (docs/spec/xconnect.md §4)', () => {
  const server = testServer({ profile: 'moonstone' });
  const path = `${API}/gateways`;
  const flagsOf = (journalId: string | number | undefined) => (server.core.journal.get(Number(journalId))?.verdict?.diagnosis as { deviation: { flags: string[] } | null }).deviation?.flags;

  it('FirewallRejectedPath and LowercaseMethod for answers before any check', async () => {
    const signed = platformHeaders({ method: 'GET', path, timestamp: ISO_NOW, version: 1 });
    expect(flagsOf((await handle(server, 'GET', `${path};jsessionid=1`, signed)).entry.id)).toEqual(['FirewallRejectedPath']);
    expect(flagsOf((await handle(server, 'get', path, signed)).entry.id)).toEqual(['LowercaseMethod']);
  });

  it('EmptyParameterName, UnparseableDate and NonUtf8Body for the filter\'s 401s', async () => {
    const empty = await send(server, sign({ method: 'GET', path, query: '=v' }));
    expect(flagsOf(empty.headers['x-sigkit-journal-id'])).toEqual(['EmptyParameterName']);
    const date = await send(server, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, timestamp: '2025-03-14T15:09:26.535+0000', version: 1 }) });
    expect(flagsOf(date.headers['x-sigkit-journal-id'])).toEqual(['UnparseableDate']);
    const bytes = Uint8Array.of(0x7b, 0xff, 0x7d);
    const body = await send(server, { method: 'GET', target: path, headers: platformHeaders({ method: 'GET', path, hashedBody: bytes, timestamp: ISO_NOW, version: 1 }), body: bytes });
    expect(body.status).toBe(401);
    expect(flagsOf(body.headers['x-sigkit-journal-id'])).toEqual(['NonUtf8Body']);
  });
});

describe('moonstone: form bodies, read by the platform\'s stack before its filter', () => {
  const server = testServer({ profile: 'moonstone' });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('signs a POST form body\'s fields as query lines, and hashes the empty body', async () => {
    const path = `${API}/gateways`;
    // docs/spec/xconnect.md §3b as the harness measured it: query a=0 and body a=1 give lines a=0, a=1.
    const headers = { ...form, ...platformHeaders({ method: 'POST', path, lines: ['a=0', 'a=1'], hashedBody: '', timestamp: ISO_NOW, version: 1 }) };
    const response = await send(server, { method: 'POST', target: `${path}?a=0`, headers, body: 'a=1' }, form);
    expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))?.verdict).toMatchObject({ ok: true, code: 'ok' });
    const overBody = { ...form, ...platformHeaders({ method: 'POST', path, lines: ['a=0'], hashedBody: 'a=1', timestamp: ISO_NOW, version: 1 }) };
    expect((await send(server, { method: 'POST', target: `${path}?a=0`, headers: overBody, body: 'a=1' }, form)).status).toBe(401);
  });

  it('a form body whose _method turns a POST /logout into a PATCH is checked, not logged out', async () => {
    const response = await send(server, { method: 'POST', target: '/logout', headers: {}, body: '_method=patch' }, form);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(springError(401, 'Unauthorized', 'missing apiKey', '/logout'));
    const plain = await send(server, { method: 'POST', target: '/logout', headers: {}, body: 'a=1' }, form);
    expect(plain.status).toBe(302);
  });

  it('a form body the container cannot decode is its 500, journaled as a deliberate reproduction', async () => {
    const path = `${API}/gateways`;
    const response = await send(server, { method: 'POST', target: path, headers: platformHeaders({ method: 'POST', path, timestamp: ISO_NOW, version: 1 }), body: 'a=%zz' }, form);
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ timestamp: ISO_NOW, status: 500, error: 'Internal Server Error', path });
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
    expect(entry).toMatchObject({ error: null, verdict: { ok: false, code: 'malformed_form', diagnosis: { reproduction: expect.stringMatching(/^deliberate: /) } } });
  });
});

describe('company checks (both profiles)', () => {
  const credentials = [
    { apiKey: 'company-off', secretKey: 's1', companyDisabled: true, companyId: 'c-7', companyName: 'Acme Sensors' },
    { apiKey: 'company-gone', secretKey: 's2', companyMissing: true, companyId: 'c-9' },
    { apiKey: 'company-and-app-off', secretKey: 's3', companyDisabled: true, disabled: true, companyId: 'c-8', companyName: 'Both' },
    { apiKey: 'unnamed-company-off', secretKey: 's4', companyDisabled: true },
  ];

  it.each(['moonstone', 'strict'] as const)('%s answers the platform\'s company messages, before "application is disabled"', async (profile) => {
    const server = testServer({ profile, credentials });
    const path = `${API}/gateways`;
    const expected: Array<[string, string, string, string]> = [
      ['company-off', 's1', 'company not active: c-7 / Acme Sensors', 'company_disabled'],
      ['company-gone', 's2', 'company not found c-9', 'company_not_found'],
      ['company-and-app-off', 's3', 'company not active: c-8 / Both', 'company_disabled'],
      // Java prints an absent id and name as "null".
      ['unnamed-company-off', 's4', 'company not active: null / null', 'company_disabled'],
    ];
    for (const [apiKey, secretKey, message, code] of expected) {
      const response = await call(server, { method: 'GET', path, apiKey, secretKey });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject(springError(401, 'Unauthorized', message, path));
      expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))?.verdict?.code).toBe(code);
    }
  });

  it('refuses a credential with both company flags, in the config and through the admin API', async () => {
    expect(() => testServer({ credentials: [{ apiKey: 'k', secretKey: 's', companyDisabled: true, companyMissing: true }] })).toThrow(
      'options.credentials[0] sets both companyDisabled and companyMissing: a missing company has no status; set one of them',
    );
    expect(() => testServer({ credentials: [{ apiKey: 'k', secretKey: 's', companyDisabled: 'yes' as unknown as boolean }] })).toThrow(
      'options.credentials[0].companyDisabled must be true or false, got "yes"',
    );
    const server = testServer({ credentials: [{ apiKey: 'k', secretKey: 's', companyMissing: true }] });
    const { default: request } = await import('supertest');
    const patched = await request(server.app).patch('/__sigkit/credentials/k').set('content-type', 'application/json').send({ companyDisabled: true });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toBe('credential "k" would have both companyDisabled and companyMissing: a missing company has no status; set the other one to false');
    const fixed = await request(server.app).patch('/__sigkit/credentials/k').set('content-type', 'application/json').send({ companyDisabled: true, companyMissing: false });
    expect(fixed.body.credential).toMatchObject({ companyDisabled: true, companyMissing: false, companyId: null, companyName: null });
  });
});

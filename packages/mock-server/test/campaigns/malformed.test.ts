/**
 * Malformed-input campaign (issue 7): hostile requests written byte by byte to a real socket (invalid
 * JSON and UTF-8, 2 MiB bodies, 16 KiB headers, duplicate and missing headers, absurd paths, wrong
 * content types, half-closed and dropped connections), first a fixed catalogue, then random ones.
 * Never a 5xx; every error is JSON with a message; every request the mock reads is journaled once;
 * the server keeps answering.
 */
import { formatRfc1123, kxIdentity, kxLoginRequest, signKxRequest, signXConnectRequest } from '@sigkit/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_KEY, CAMPAIGN_SEED, CAMPAIGN_TIMEOUT_MS, FULL, NOW, SECRET_KEY, count5xx, randomFor, replay, reportCampaign, startMock, type RunningMock } from './campaignKit.js';
import { INVALID_UTF8, MiB, deepArray, randomHostileCase, xconnectHeaders, type HostileCase } from './hostileRequests.js';
import { encodeRequest, parseJson, parseRawResponses, socketExchange, type RawRequest, type RawResponse } from './rawHttp.js';

/** Random hostile requests after the catalogue. */
const N = FULL ? 10_000 : 1000;
/** A valid request checks the server still answers after every this many hostile ones. */
const LIVENESS_EVERY = 50;

describe('malformed-input campaign', () => {
  let mock: RunningMock;
  let session: { username: string; sessionId: string };
  let gatewayHid: string;
  let started = 0;
  /** Journal ids seen in answers, and entries of requests whose answers nobody could read (dropped connections). */
  const seenIds = new Set<number>();
  let unseenEntries = 0;
  /** Hostile connections opened (one may carry several requests, each answered). */
  let requests = 0;
  let answered = 0;
  let adminAnswers = 0;
  let livenessChecks = 0;
  let status5xx = 0;
  const statuses: Record<string, number> = {};

  beforeAll(async () => {
    started = performance.now();
    mock = await startMock();
    gatewayHid = mock.core.state.xconnect.gateways()[0]!.hid;
    const login = kxLoginRequest('kxSupport', '12345678', { date: new Date(NOW) });
    const response = await fetch(`${mock.url}${login.path}`, { method: 'POST', headers: login.headers, body: login.body });
    const answer = (await response.json()) as { msg: Array<{ sessionId: string }> };
    session = { username: 'kxSupport', sessionId: answer.msg[0]!.sessionId };
    seenIds.add(Number(response.headers.get('x-sigkit-journal-id')));
  });
  afterAll(() => mock.close());

  /** A signed KX call with a verbatim body (which must be a JSON object with a date). */
  function kxCall(body: string, method = 'getMem', contentType?: string): RawRequest {
    const signed = signKxRequest({ group: 'monPublic', method, username: session.username, sessionId: session.sessionId, body, ...(contentType ? { contentType } : {}) });
    return { method: 'POST', target: signed.path, headers: [['Host', 'x'], ...(Object.entries(signed.headers) as Array<[string, string]>)], body: Buffer.from(body) };
  }

  const kxDate = () => formatRfc1123(new Date(NOW));
  const kxBody = (msg: string) => `{"type":"getMemReq","id":"c","date":"${kxDate()}","msg":${msg}}`;

  /** Sends one hostile case, checks the campaign's invariants on every answer, and returns the answers. */
  async function runCase(c: HostileCase): Promise<RawResponse[]> {
    const before = mock.core.journal.stats().requests;
    const outcome = await socketExchange(mock.port, c.chunks, { halfClose: c.socket === 'halfClose', destroyAfterWrite: c.socket === 'destroy' });
    requests += 1;
    expect(outcome.closedBy, `${c.label}: the server neither answered nor closed the connection`).not.toBe('timeout');
    let responses: RawResponse[] = [];
    if (c.socket === 'halfClose') {
      try {
        responses = parseRawResponses(outcome.received, { bodiless: c.head === true }).filter((res) => res.status >= 200);
      } catch (error) {
        throw new Error(`${c.label}: ${(error as Error).message}`);
      }
      expect(responses.length, `${c.label}: no answer`).toBeGreaterThan(0);
    }
    let journaled = 0;
    for (const response of responses) {
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      answered += 1;
      if (response.status >= 500) status5xx += 1;
      const text = response.body.toString('utf8');
      expect(response.status, `${c.label}: answered ${response.status}: ${text.slice(0, 400)}`).toBeLessThan(500);
      if (response.status >= 400 && !c.head) {
        expect(response.headers['content-type'] ?? '(no content type)', `${c.label}: a ${response.status} that is not JSON: ${text.slice(0, 200)}`).toMatch(/^application\/json/);
        const body = parseJson(text) as { message?: unknown; error?: unknown } | undefined;
        const message = body?.message ?? body?.error;
        expect(typeof message === 'string' && message.length > 0, `${c.label}: a ${response.status} without a message: ${text.slice(0, 300)}`).toBe(true);
      }
      const id = response.headers['x-sigkit-journal-id'];
      if (id === undefined) {
        expect(c.admin, `${c.label}: a ${response.status} answer with no journal id`).toBe(true);
        adminAnswers += 1;
        continue;
      }
      const entry = mock.core.journal.get(Number(id));
      expect(entry?.response.status, `${c.label}: journal entry ${id} does not hold the ${response.status} answered`).toBe(response.status);
      expect(seenIds.has(Number(id)), `${c.label}: journal id ${id} answered twice`).toBe(false);
      seenIds.add(Number(id));
      journaled += 1;
    }
    if (c.socket === 'destroy') {
      // Nobody reads the answer to a dropped connection; the journal settles once the mock has served it.
      const expected = c.expect?.journaled ?? 1;
      await expect.poll(() => mock.core.journal.stats().requests - before, { timeout: 5_000, interval: 10 }).toBe(expected);
      unseenEntries += expected;
      journaled = expected;
    }
    const delta = mock.core.journal.stats().requests - before;
    const sent = JSON.stringify(Buffer.concat(c.chunks).subarray(0, 400).toString('latin1'));
    expect(delta, `${c.label}: ${delta} journal entries for ${journaled} journaled answers; sent ${sent}, received ${JSON.stringify(outcome.received.subarray(0, 600).toString('latin1'))}`).toBe(journaled);
    if (c.expect?.journaled !== undefined) expect(delta, `${c.label}: journal entries`).toBe(c.expect.journaled);
    if (c.expect?.answers !== undefined) expect(responses.length, `${c.label}: answers`).toBe(c.expect.answers);
    if (c.expect?.status !== undefined) expect(responses[0]?.status, `${c.label}: ${responses[0]?.body.toString().slice(0, 300)}`).toBe(c.expect.status);
    if (c.expect?.code !== undefined) expect((parseJson(responses[0]!.body.toString()) as { sigkit?: { code?: string } }).sigkit?.code, c.label).toBe(c.expect.code);
    c.expect?.check?.(responses, mock);
    return responses;
  }

  /** A valid signed request over fetch: the server still answers. */
  async function checkLiveness(after: string): Promise<void> {
    const signed = signXConnectRequest({ method: 'GET', path: `${API}/gateways`, query: '_size=1', apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW) });
    const response = await fetch(mock.url + signed.target, { headers: signed.headers as Record<string, string>, signal: AbortSignal.timeout(10_000) });
    expect(response.status, `the server stopped answering after ${after}`).toBe(200);
    livenessChecks += 1;
    await response.arrayBuffer();
    seenIds.add(Number(response.headers.get('x-sigkit-journal-id')));
  }

  function catalogue(): HostileCase[] {
    const halfClosed = (label: string, request: RawRequest, expectations: HostileCase['expect'] = {}, extra: Partial<HostileCase> = {}): HostileCase => ({
      label,
      chunks: [encodeRequest(undefined, request)],
      socket: 'halfClose',
      expect: expectations,
      ...extra,
    });
    const raw = (label: string, bytes: string | Buffer, expectations: HostileCase['expect'] = {}, socket: HostileCase['socket'] = 'halfClose'): HostileCase => ({
      label,
      chunks: [typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes],
      socket,
      expect: expectations,
    });
    const devices = `${API}/devices`;
    const registration = JSON.stringify({ uid: 'malformed-campaign-device', gatewayHid, name: 'm' });
    const signedPost = (path: string, body: string | Buffer, contentType = 'application/json'): RawRequest => ({
      method: 'POST',
      target: path,
      headers: [['Host', 'x'], ['Content-Type', contentType], ...xconnectHeaders('POST', path, body)],
      body: Buffer.from(body),
    });
    const signedGet = (target: string, extra: Array<[string, string]> = []): RawRequest => {
      const [path, query] = target.split('?') as [string, string | undefined];
      return { method: 'GET', target, headers: [['Host', 'x'], ...xconnectHeaders('GET', path, '', query), ...extra] };
    };
    const without = (request: RawRequest, name: string): RawRequest => ({ ...request, headers: request.headers.filter(([n]) => n.toLowerCase() !== name) });
    const identity = kxIdentity(session.username, session.sessionId);
    const loginHeaders: Array<[string, string]> = [['Host', 'x'], ['Content-Type', 'application/json']];
    // Admin requests name a loopback Host: the admin API answers no other (issue #18, DNS rebinding).
    const fault = (body: string): RawRequest => ({ method: 'POST', target: '/__sigkit/faults', headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json']], body: Buffer.from(body) });
    const admin = { admin: true };
    const twoMiB = Buffer.alloc(2 * MiB, 'a');
    const noFaults = (_: RawResponse[], m: RunningMock) => expect(m.core.faults.list(), 'a refused fault rule was stored anyway').toEqual([]);

    return [
      // Invalid JSON, invalid UTF-8 and JSON nested too deep to serialise again, past verification.
      halfClosed('invalid JSON, signed xConnect POST', signedPost(devices, '{"uid":'), { status: 400 }),
      halfClosed('invalid UTF-8, signed xConnect POST', signedPost(`${API}/gateways`, INVALID_UTF8[0]!), { status: 400 }),
      halfClosed('JSON nested 100,000 deep, signed xConnect POST', signedPost(devices, deepArray(100_000)), { status: 400 }),
      halfClosed('KX login, invalid JSON', { method: 'POST', target: '/connect/api/auth/login', headers: loginHeaders, body: Buffer.from('{"msg":[{') }, { status: 400 }),
      halfClosed('KX login, invalid UTF-8', { method: 'POST', target: '/connect/api/auth/login', headers: loginHeaders, body: INVALID_UTF8[1] }, { status: 400 }),
      halfClosed('KX login, password nested 100,000 deep', { method: 'POST', target: '/connect/api/auth/login', headers: loginHeaders, body: Buffer.from(`{"msg":[{"username":"kxSupport","password":${deepArray(100_000)}}]}`) }, { status: 400 }),
      halfClosed('KX call, body not JSON, live session', { method: 'POST', target: '/connect/api/monPublic/getMem', headers: [['Host', 'x'], ['Content-Type', 'application/json'], ['Authorization', `${identity}:AAAA`]], body: Buffer.from('not json') }, { status: 401, code: 'malformed_body' }),
      halfClosed('KX call signed, msg not a list', kxCall(kxBody('"x"')), { status: 400 }),
      halfClosed('KX call signed, msg nested 20,000 deep', kxCall(kxBody(`[${deepArray(20_000)}]`)), { status: 400 }),
      halfClosed('KX call signed, syms nested 20,000 deep', kxCall(kxBody(`[{"syms":${deepArray(20_000)}}]`)), { status: 400 }),
      halfClosed('KX call signed, startTime an object', kxCall(kxBody('[{"startTime":{"a":1}}]')), { status: 400 }),
      halfClosed('admin, invalid JSON fault', fault('{"latencyMs":'), { status: 400, journaled: 0, check: noFaults }, admin),
      halfClosed('admin, fault answering JSON nested 20,000 deep', fault(`{"respond":{"status":418,"body":${deepArray(20_000)}}}`), { status: 400, journaled: 0, check: noFaults }, admin),
      halfClosed('admin, analytic rows nested 20,000 deep', { method: 'PUT', target: '/__sigkit/kx/analytics/campaign/deep', headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json']], body: Buffer.from(`{"rows":[{"time":"2025-03-14T15:00:00Z","x":${deepArray(20_000)}}]}`) }, { status: 400, journaled: 0 }, admin),
      halfClosed('admin, KX profile knob nested 20,000 deep', { method: 'PUT', target: '/__sigkit/kx/profile', headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json']], body: Buffer.from(`{"joiner":${deepArray(20_000)}}`) }, { status: 400, journaled: 0 }, admin),

      // 2 MiB bodies, over the 1 MiB limit, framed both ways.
      halfClosed('2 MiB body, Content-Length, signed xConnect POST', signedPost(devices, twoMiB), { status: 413 }),
      halfClosed('2 MiB body, chunked, KX login', { method: 'POST', target: '/connect/api/auth/login', headers: loginHeaders, body: twoMiB, framing: 'chunked' }, { status: 413 }),
      halfClosed('2 MiB body, KX call', { ...kxCall(kxBody('[]')), body: twoMiB }, { status: 413 }),
      halfClosed('2 MiB body to the admin reset', { method: 'POST', target: '/__sigkit/reset', headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json']], body: twoMiB }, { status: 413, journaled: 0, check: (_, m) => expect(m.core.journal.stats().requests, 'the unreadable reset ran').toBeGreaterThan(0) }, admin),
      halfClosed('2 MiB body, fault rule', { ...fault('{}'), body: twoMiB, framing: 'chunked' }, { status: 413, journaled: 0, check: noFaults }, admin),

      // 16 KiB of headers: just under Node's limit is served, over it is a JSON 431.
      halfClosed('one 16 KiB header', signedGet(`${API}/gateways`, [['X-Big', 'a'.repeat(16 * 1024)]]), { status: 431 }),
      halfClosed('headers just under 16 KiB, signed GET', signedGet(`${API}/gateways`, [['X-Big', 'a'.repeat(15 * 1024)]]), { status: 200 }),
      halfClosed('3,000 small headers', signedGet(`${API}/gateways`, Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, 'v'] as [string, string])), { status: 431 }),

      // Duplicate headers.
      halfClosed('duplicate x-arrow-signature, the valid one first', signedGet(`${API}/gateways`, [['X-Arrow-Signature', 'f'.repeat(64)]]), { status: 200 }),
      halfClosed('duplicate x-arrow-signature, a wrong one first', (() => {
        const r = signedGet(`${API}/gateways`);
        return { ...r, headers: [['X-Arrow-Signature', '0'.repeat(64)] as [string, string], ...r.headers] };
      })(), { status: 401, code: 'signature_mismatch' }),
      halfClosed('duplicate x-arrow-apikey, an unknown one first', (() => {
        const r = signedGet(`${API}/gateways`);
        return { ...r, headers: [['x-arrow-apikey', 'nobody'] as [string, string], ...r.headers] };
      })(), { status: 401, code: 'invalid_api_key' }),
      halfClosed('duplicate x-arrow-date, both wrong', signedGet(`${API}/gateways`, [['x-arrow-date', 'yesterday']]), { status: 200 }),
      raw('duplicate Content-Length', `POST ${devices} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, { status: 400 }),
      raw('Content-Length and Transfer-Encoding', `POST ${devices} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, { status: 400 }),
      halfClosed('duplicate Authorization, garbage first', { ...kxCall(kxBody('[]')), headers: [['Authorization', 'garbage'], ...kxCall(kxBody('[]')).headers] }, { status: 401, code: 'malformed_authorization' }),
      halfClosed('duplicate Content-Type on a KX call', { ...kxCall(kxBody('[]')), headers: [...kxCall(kxBody('[]')).headers, ['Content-Type', 'text/plain']] }, { status: 200 }),
      raw('duplicate Host', `GET /connect/api/auth/login HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n`),

      // Missing headers.
      halfClosed('no Host', without(signedGet(`${API}/gateways`), 'host'), { status: 400 }),
      halfClosed('no x-arrow-date', without(signedGet(`${API}/gateways`), 'x-arrow-date'), { status: 401, code: 'missing_date' }),
      halfClosed('no x-arrow-apikey', without(signedGet(`${API}/gateways`), 'x-arrow-apikey'), { status: 401, code: 'missing_api_key' }),
      halfClosed('no x-arrow-signature', without(signedGet(`${API}/gateways`), 'x-arrow-signature'), { status: 401, code: 'missing_signature' }),
      halfClosed('no Authorization on a KX call', without(kxCall(kxBody('[]')), 'authorization'), { status: 401, code: 'malformed_authorization' }),
      halfClosed('no Content-Type on a KX call', without(kxCall(kxBody('[]')), 'content-type'), { status: 401, code: 'signature_mismatch' }),
      halfClosed('a body with no Content-Length: the body is read as the next request', { ...signedPost(devices, registration), framing: 'none' }, { answers: 2, journaled: 2 }),

      // Absurd paths.
      halfClosed('a 10 KiB path', signedGet(`${API}/devices/${'a'.repeat(10 * 1024)}`), { status: 400 }),
      raw('a 20 KiB path', `GET ${API}/devices/${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 431 }),
      raw('3,000 path segments', `GET ${API}${'/x'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 401 }),
      raw('NUL and malformed escapes', `GET ${API}/devices/%00%zz%?a=%&b=%e9&=&&c HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 401 }),
      halfClosed('malformed escape in a signed query', { ...signedGet(`${API}/devices`), target: `${API}/devices?uid=%zz` }, { status: 401, code: 'malformed_query' }),
      raw('dot segments out of the API', `GET ${API}/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 401 }),
      raw('dot segments into the admin API', `POST /connect/api/../../__sigkit/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`, { status: 401 }),
      raw('a backslash path', `GET ${API}\\devices HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 404 }),
      raw('OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', { status: 404 }),
      raw('an absolute-form target', `GET http://elsewhere.example${API}/devices HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 401 }),
      raw('raw non-ASCII bytes in the path', Buffer.concat([Buffer.from(`GET ${API}/`), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), { status: 400 }),
      raw('an empty path', 'GET  HTTP/1.1\r\nHost: x\r\n\r\n', { status: 400 }),
      raw('many slashes', `GET ${'/'.repeat(2000)} HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 404 }),

      // Wrong content types: the signature covers the bytes, whatever the type says.
      halfClosed('text/plain registration', signedPost(devices, registration, 'text/plain'), { status: 200 }),
      halfClosed('multipart/form-data registration', signedPost(devices, registration, 'multipart/form-data; boundary=x'), { status: 200 }),
      halfClosed('form-urlencoded registration', signedPost(devices, registration, 'application/x-www-form-urlencoded'), { status: 200 }),
      halfClosed('a content type that does not parse', signedPost(devices, registration, ';;;/;'), { status: 200 }),
      halfClosed('KX call signed as text/plain', kxCall(kxBody('[]'), 'getMem', 'text/plain'), { status: 200 }),
      halfClosed('gzip Content-Encoding', { ...signedPost(devices, registration), headers: [...signedPost(devices, registration).headers, ['Content-Encoding', 'gzip']] }, { status: 415 }),

      // Half-closed and dropped connections.
      { label: 'half-closed after a whole request', chunks: [encodeRequest(undefined, signedGet(`${API}/gateways`))], socket: 'halfClose', expect: { status: 200 } },
      raw('half-closed in the request line', `GET ${API}/dev`, { status: 400 }),
      raw('half-closed in the headers', `GET ${API}/devices HTTP/1.1\r\nHost: x\r\nX-A: b`, { status: 400 }),
      raw('half-closed in the body', `POST ${devices} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"uid":`, {
        status: 400,
        journaled: 1,
        check: ([answer], m) => {
          const entry = m.core.journal.get(Number(answer!.headers['x-sigkit-journal-id']));
          expect({ method: entry?.method, path: entry?.path }, 'the entry of a body cut short names the request').toEqual({ method: 'POST', path: devices });
        },
      }),
      raw('half-closed in a chunked body', `POST ${devices} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"uid"`, { status: 400, journaled: 1 }),
      raw('half-closed after two pipelined requests', Buffer.concat([encodeRequest(undefined, signedGet(`${API}/gateways`)), encodeRequest(undefined, signedGet(`${API}/devices`))]), { answers: 2, journaled: 2 }),
      raw('dropped in the headers', `GET ${API}/devices HTTP/1.1\r\nHost: x\r\nX-A: b`, { journaled: 1 }, 'destroy'),
      raw('dropped in the body', `POST ${devices} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"uid":`, { journaled: 1 }, 'destroy'),
      raw('dropped after a whole request', encodeRequest(undefined, signedGet(`${API}/gateways`)), { journaled: 1 }, 'destroy'),

      // Not quite HTTP.
      raw('Expect: something unknown', `POST ${devices} HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nContent-Length: 2\r\n\r\n{}`, { status: 417 }),
      raw('Expect: 100-continue', `POST ${devices} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}`, { status: 401 }),
      raw('CONNECT', 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n', { status: 400 }),
      raw('the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', { status: 400 }),
      raw('HTTP/0.9', 'GET /\r\n', { status: 400 }),
      raw('line feeds without carriage returns', `GET ${API}/devices HTTP/1.1\nHost: x\n\n`, { status: 400 }),
      raw('a folded header', `GET ${API}/devices HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n`, { status: 400 }),
      raw('bytes that are not HTTP', Buffer.from([0, 1, 2, 3, 255, 13, 10, 13, 10]), { status: 400 }),
      raw('TRACE', `TRACE ${API}/devices HTTP/1.1\r\nHost: x\r\n\r\n`, { status: 401 }),
      { label: 'HEAD', chunks: [Buffer.from(`HEAD ${API}/devices HTTP/1.1\r\nHost: x\r\n\r\n`)], socket: 'halfClose', head: true, expect: { status: 401 } },
    ];
  }

  it('answers a catalogue of hostile requests with JSON errors, journals each once, and keeps answering', { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    for (const c of catalogue()) {
      await runCase(c);
      await checkLiveness(c.label);
    }
  });

  it(`answers ${N} random hostile requests the same way`, { timeout: CAMPAIGN_TIMEOUT_MS }, async () => {
    const deadline = performance.now() + CAMPAIGN_TIMEOUT_MS - 5_000;
    const devices = mock.core.state.xconnect.devices().map((d) => d.hid);
    for (let index = 0; index < N; index += 1) {
      if (performance.now() > deadline) throw new Error(`the campaign ran out of time after ${index} of ${N} random requests`);
      const c = randomHostileCase(randomFor('malformed', index), { devices, session });
      await runCase({ ...c, label: `${replay('malformed', index)} (${c.label})` });
      if ((index + 1) % LIVENESS_EVERY === 0) await checkLiveness(replay('malformed', index));
    }
    await checkLiveness('the last random request');
  });

  it('journals exactly the requests it read, with no 5xx and no failure of its own', () => {
    const stats = mock.core.journal.stats();
    expect(stats.requests).toBe(seenIds.size + unseenEntries);
    expect(stats.errors).toBe(0);
    expect(count5xx(stats.byStatus)).toBe(0);
    expect(status5xx).toBe(0);
    reportCampaign({
      campaign: 'malformed',
      full: FULL,
      seed: CAMPAIGN_SEED,
      requests,
      answered,
      accepted: statuses['200'] ?? 0,
      rejected: Object.entries(statuses).filter(([s]) => Number(s) >= 400).reduce((sum, [, n]) => sum + n, 0),
      status5xx,
      journalEntries: stats.requests,
      adminAnswers,
      livenessChecks,
      durationMs: performance.now() - started,
      byStatus: statuses,
    });
  });
});

import { connect } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { API, call, sign, testServer } from './helpers.js';

/** Sends raw bytes to a listening server and returns what comes back. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('bad input never yields a 5xx', () => {
  it('answers malformed JSON with 400 and a message, after verifying the signature', async () => {
    const server = testServer();
    const response = await call(server, { method: 'POST', path: `${API}/gateways`, body: '{"uid": "a",' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, message: expect.stringMatching(/^malformed JSON body: /), exceptionClassName: 'java.lang.IllegalArgumentException' });
    const invalidUtf8 = sign({ method: 'POST', path: `${API}/gateways`, body: Uint8Array.from([0x7b, 0xff, 0x7d]) });
    const binary = await request(server.app).post(invalidUtf8.target).set(invalidUtf8.headers).set('content-type', 'application/octet-stream').send(Buffer.from([0x7b, 0xff, 0x7d]));
    expect(binary.body.message).toBe('the request body is not valid UTF-8; send JSON encoded as UTF-8');
  });

  it('answers a body over the limit with 413, journals it, and keeps serving', async () => {
    const server = testServer({ bodyLimit: 1024 });
    const big = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ uid: 'x'.repeat(2000) }) });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ status: 413, error: 'Payload Too Large', message: "the request body is larger than this server's limit of 1024 bytes", path: `${API}/devices` });
    const entry = server.core.journal.get(Number(big.headers['x-sigkit-journal-id']));
    expect(entry).toMatchObject({ response: { status: 413 }, body: { size: expect.any(Number), truncated: true } });
    expect((await call(server, { method: 'GET', path: `${API}/gateways` })).status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405, both JSON', async () => {
    const server = testServer();
    const outside = await request(server.app).get('/nothing/here');
    expect(outside.status).toBe(404);
    expect(outside.body.message).toBe('no route GET /nothing/here: the mock serves xconnect under /api/v1/kronos, kx under /connect/api, and its admin API under /__sigkit');
    const inside = await call(server, { method: 'GET', path: `${API}/widgets` });
    expect(inside.status).toBe(404);
    expect(inside.body.message).toContain('no xConnect endpoint GET /api/v1/kronos/widgets');
    const wrongMethod = await call(server, { method: 'DELETE', path: `${API}/devices` });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
    expect(wrongMethod.body.message).toBe("Request method 'DELETE' not supported (allowed: GET, HEAD, OPTIONS, POST)");
  });

  it('answers a compressed body with 415 rather than verifying inflated bytes', async () => {
    const server = testServer();
    const response = await call(server, { method: 'POST', path: `${API}/devices`, body: '{}' }, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(415);
    expect(response.body.message).toContain('send the body uncompressed');
  });

  it('rejects a malformed percent-escape in a signed query, and answers 400 where signing is off', async () => {
    const server = testServer({ credentials: [{ apiKey: 'open', secretKey: 's', signingRequired: false }] });
    const target = `${API}/devices?uid=%zz`;
    const signed = sign({ method: 'GET', path: `${API}/devices` });
    const strict = await request(server.app).get(target).set(signed.headers);
    expect(strict.body.sigkit.code).toBe('malformed_query');
    const open = await request(server.app).get(target).set('x-arrow-apikey', 'open');
    expect(open.status).toBe(400);
    expect(open.body.message).toMatch(/^malformed query string: /);
  });

  describe('over a real socket', () => {
    let server: MockServer;
    let port: number;
    beforeAll(async () => {
      server = testServer();
      port = (await server.listen(0)).port;
    });
    afterAll(() => server.close());

    it('answers a request Node cannot parse with a JSON 400 and journals it', async () => {
      const answer = await rawExchange(port, 'GET /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).toContain('application/json');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).message).toMatch(/^the request is not valid HTTP/);
      expect(server.core.journal.list({ limit: 1 }).entries[0]).toMatchObject({ method: 'UNPARSED', response: { status: 400 } });
      const after = await fetch(`http://127.0.0.1:${port}/__sigkit/stats`);
      expect(after.status).toBe(200);
    });

    it('answers a body shorter than its Content-Length once the client gives up, and keeps serving', async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.on('connect', resolve));
      socket.write(`POST ${API}/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"uid":`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.destroy();
      await expect.poll(() => server.core.journal.list({ method: 'POST', limit: 1 }).entries[0]?.response.status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/__sigkit`)).status).toBe(200);
    });
  });

  it('never answers 5xx to any request, signed or not, and journals every one', async () => {
    const server = testServer({ bodyLimit: 4096 });
    const core = server.core;
    const encoder = new TextEncoder();
    const paths = ['/gateways', '/gateways/{g}', '/gateways/{g}/checkin', '/gateways/{g}/config', '/gateways/{g}/devices', '/devices', '/devices/{d}',
      '/telemetries/devices/{d}', '/telemetries/devices/{d}/latest', '/telemetries/devices/{d}/batch', '/telemetries/applications/{a}', '/x'];
    const gateway = core.state.xconnect.gateways()[0]!.hid;
    const device = core.state.xconnect.devices()[0]!.hid;
    const app = core.state.xconnect.application.hid;
    const arbitraryJson = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string(), fc.constant(''));
    const queryPart = fc.array(fc.tuple(fc.constantFrom('_page', '_size', 'uid', 'type', 'enabled', 'fromTimestamp', 'toTimestamp', 'telemetryNames', 'gatewayHid', 'x'),
      fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('2025-03-14T15:00:00Z', '-1', '0', '201', '99999999999'))), { maxLength: 4 });
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), fc.constantFrom(...paths), queryPart, arbitraryJson, fc.boolean(), async (method, path, query, body, signIt) => {
        const concrete = API + path.replace('{g}', gateway).replace('{d}', device).replace('{a}', app);
        const signed = sign({ method, path: concrete, query: query.map(([n, v]) => [n, v] as const).filter(([, v]) => v.isWellFormed()), body });
        const headers = signIt ? signed.headers : { 'x-arrow-apikey': 'nobody' };
        const response = await core.handle({ method, target: signed.target, headers, body: encoder.encode(body) });
        requests += 1;
        expect(response.kind).toBe('response');
        if (response.kind === 'response') expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(core.journal.stats()).toMatchObject({ requests, errors: 0 });
  });
});

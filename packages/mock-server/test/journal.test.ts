import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { admin, API, API_KEY, call, send, sign, testServer } from './helpers.js';
import { REDACTED_FIRST_LINK } from '../src/core/journal/redact.js';

describe('journal', () => {
  it('records every request with its verdict, response and the id it answered with', async () => {
    const server = testServer();
    const ok = await call(server, { method: 'GET', path: `${API}/gateways`, query: '_size=2' });
    const bad = await send(server, sign({ method: 'GET', path: `${API}/devices`, query: 'z=1&a=2' }, ['UnsortedQuery']));
    const lost = await request(server.app).get('/not/here');
    const ids = [ok, bad, lost].map((r) => Number(r.headers['x-sigkit-journal-id']));
    expect(ids).toEqual([1, 2, 3]);

    const entry = (await admin(server, 'get', `/journal/${ids[1]}`)).body;
    expect(entry).toMatchObject({
      id: 2, method: 'GET', target: `${API}/devices?z=1&a=2`, path: `${API}/devices`, platform: 'xconnect',
      verdict: { scheme: 'xconnect', ok: false, code: 'signature_mismatch', serverMessage: 'Not Authorized', diagnosis: { deviation: { flags: ['UnsortedQuery'] } } },
      response: { status: 401, destroyed: false, body: { encoding: 'utf8', truncated: false } },
      fault: null, error: null,
    });
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(entry.response.body.data)).toEqual(bad.body);
    expect((await admin(server, 'get', `/journal/${ids[0]}`)).body).toMatchObject({ route: `GET ${API}/gateways`, verdict: { ok: true } });
    expect((await admin(server, 'get', `/journal/${ids[2]}`)).body).toMatchObject({ platform: null, verdict: null, response: { status: 404 } });
  });

  it('evicts the oldest entries past its size while the counters keep counting', async () => {
    const server = testServer({ journalSize: 3 });
    for (let i = 0; i < 5; i += 1) await call(server, { method: 'GET', path: `${API}/gateways` });
    await call(server, { method: 'GET', path: `${API}/gateways`, secretKey: 'wrong' });
    const list = (await admin(server, 'get', '/journal?order=asc')).body;
    expect(list.entries.map((e: { id: number }) => e.id)).toEqual([4, 5, 6]);
    const gone = await admin(server, 'get', '/journal/1');
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('journal entry 1 is gone: the journal keeps the last 3 entries, or it was cleared');
    expect((await admin(server, 'get', '/journal/99')).body.message).toBe('no journal entry 99');
    expect((await admin(server, 'get', '/stats')).body).toMatchObject({
      requests: 6, verified: 5, rejected: 1, byStatus: { '200': 5, '401': 1 }, byCode: { ok: 5, signature_mismatch: 1 },
      journal: { size: 3, capacity: 3, evicted: 3, oldestId: 4, newestId: 6 },
    });
  });

  it('filters by method, path glob, status, code, ok and id, and validates its filters', async () => {
    const server = testServer();
    await call(server, { method: 'GET', path: `${API}/gateways` });
    await call(server, { method: 'GET', path: `${API}/devices`, secretKey: 'wrong' });
    await call(server, { method: 'POST', path: `${API}/devices`, body: '{}' });
    const ids = async (query: string) => (await admin(server, 'get', `/journal?${query}`)).body.entries.map((e: { id: number }) => e.id);
    expect(await ids('method=POST')).toEqual([3]);
    expect(await ids(`path=${API}/dev*`)).toEqual([3, 2]);
    expect(await ids('status=401')).toEqual([2]);
    expect(await ids('code=signature_mismatch')).toEqual([2]);
    expect(await ids('ok=true&order=asc')).toEqual([1, 3]);
    expect(await ids('since=1&limit=1&order=asc')).toEqual([2]);
    expect((await admin(server, 'get', '/journal?limit=0')).status).toBe(400);
    expect((await admin(server, 'get', '/journal?colour=red')).body.message).toMatch(/^unknown journal filter "colour"/);
  });

  it('clears entries without resetting counters or reusing ids', async () => {
    const server = testServer();
    await call(server, { method: 'GET', path: `${API}/gateways` });
    expect((await admin(server, 'delete', '/journal')).body).toEqual({ cleared: 1 });
    expect((await admin(server, 'get', '/journal')).body.total).toBe(0);
    const next = await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(next.headers['x-sigkit-journal-id']).toBe('2');
    expect((await admin(server, 'get', '/stats')).body.requests).toBe(2);
  });

  it('bounds recorded bodies and redacts passwords', async () => {
    const server = testServer({ journalBodyLimit: 64 });
    const body = JSON.stringify({ uid: 'u', password: 'hunter2', padding: 'x'.repeat(200) });
    const response = await call(server, { method: 'POST', path: `${API}/devices`, body });
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
    expect(entry.body).toMatchObject({ size: body.length, truncated: true, redacted: true });
    expect(entry.body.data.length).toBeLessThanOrEqual(64);
    expect(entry.body.data).not.toContain('hunter2');
    expect(entry.body.data).toContain('"password":"[redacted]"');
  });

  it('keeps 2 KiB of each response body by default, and more when asked', async () => {
    const page = { method: 'GET', path: `${API}/devices`, query: '_size=50' };
    const small = testServer();
    const response = await call(small, page);
    const sent = JSON.stringify(response.body);
    const entry = small.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
    expect(sent.length).toBeGreaterThan(2048);
    expect(entry.response.body).toMatchObject({ size: Buffer.byteLength(sent), truncated: true });
    expect(entry.response.body!.data).toBe(sent.slice(0, 2048));
    const large = testServer({ journalResponseBodyLimit: 1024 * 1024 });
    const whole = await call(large, page);
    expect(large.core.journal.get(Number(whole.headers['x-sigkit-journal-id']))!.response.body).toMatchObject({ truncated: false, data: JSON.stringify(whole.body) });
  });

  it('does not journal admin requests', async () => {
    const server = testServer();
    await admin(server, 'get', '/stats');
    await admin(server, 'get', '/journal');
    expect(server.core.journal.stats().requests).toBe(0);
  });
});

describe('the expected trace in the journal', () => {
  it('is the signer’s own trace of the request, even after its key’s secret was replaced', async () => {
    const server = testServer();
    const body = JSON.stringify({ uid: 'trace-check', name: 'n', osName: 'o', softwareName: 's', softwareVersion: 'v', type: 'Local' });
    const signed = sign({ method: 'POST', path: `${API}/gateways`, query: 'b=2&a=%20x', body });
    const answer = await send(server, signed);
    expect(answer.status).toBe(200);
    const replaced = await admin(server, 'post', '/credentials', { apiKey: API_KEY, secretKey: 'another secret entirely' });
    expect(replaced.status).toBe(201);
    const entry = (await admin(server, 'get', '/journal?limit=1')).body.entries[0];
    // All of it but the first link of the key chain, HMAC(apiKey, secretKey), which signs any request (issue #18).
    const trace = JSON.parse(JSON.stringify(signed.trace));
    trace.signingKey[0] = REDACTED_FIRST_LINK;
    expect(entry.verdict.diagnosis.expected).toEqual(trace);
  });
});

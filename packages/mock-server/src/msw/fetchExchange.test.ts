import { describe, expect, it } from 'vitest';
import { fetchToMockRequest, mockResponseToFetch } from './fetchExchange.js';

describe('fetchToMockRequest', () => {
  it('keeps the target as sent, strips the base path, lower-cases headers and keeps the body bytes', async () => {
    const request = new Request('http://kx.test/base/connect/api/a/b?x=%7E&y', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'u12345:s' }, body: '{"a": 1}' });
    const mock = await fetchToMockRequest(request, '/base');
    expect(mock).toMatchObject({ method: 'POST', target: '/connect/api/a/b?x=%7E&y', headers: { 'content-type': 'application/json', authorization: 'u12345:s' } });
    expect(new TextDecoder().decode(mock.body)).toBe('{"a": 1}');
    expect((await fetchToMockRequest(new Request('http://kx.test/p?'), '')).target).toBe('/p?');
    expect((await fetchToMockRequest(new Request('http://kx.test/base'), '/base')).target).toBe('/');
    expect((await fetchToMockRequest(new Request('http://kx.test/basement/x'), '/base')).target).toBe('/basement/x');
  });

  it('refuses a compressed body as unreadable (415) instead of passing bytes the signature does not cover', async () => {
    const mock = await fetchToMockRequest(new Request('http://kx.test/x', { method: 'POST', headers: { 'content-encoding': 'gzip' }, body: 'abc' }), '');
    expect(mock.unreadableBody?.status).toBe(415);
    expect(mock.body).toHaveLength(0);
  });
});

describe('mockResponseToFetch', () => {
  it('writes status, headers and body, drops the body where Fetch forbids one, and errors for a dropped connection', async () => {
    const response = mockResponseToFetch({ kind: 'response', status: 201, headers: { 'x-a': '1', 'content-type': 'application/json' }, body: { ok: true } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-a')).toBe('1');
    expect(await response.json()).toEqual({ ok: true });
    expect(mockResponseToFetch({ kind: 'response', status: 204, headers: {}, body: { ignored: true } }).body).toBeNull();
    expect(mockResponseToFetch({ kind: 'destroy' }).type).toBe('error');
  });
});

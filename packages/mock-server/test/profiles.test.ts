import { describe, expect, it } from 'vitest';
import { API, call, send, sign, testServer } from './helpers.js';

describe('profiles', () => {
  it('strict accepts version 1 only and explains why a correct version-0 or version-2 request is refused', async () => {
    const server = testServer();
    for (const version of [0, 2] as const) {
      const response = await call(server, { method: 'GET', path: `${API}/gateways`, version });
      expect(response.status).toBe(401);
      expect(response.body.sigkit.code).toBe('unsupported_version');
      expect(response.body.sigkit.message).toContain(`correct version-${version} signature`);
    }
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, version: 1 })).status).toBe(200);
  });

  it('moonstone accepts versions 0, 1 and 2, as the published server did', async () => {
    const server = testServer({ profile: 'moonstone' });
    for (const version of [0, 1, 2] as const) {
      expect((await call(server, { method: 'GET', path: `${API}/gateways`, version })).status).toBe(200);
    }
  });

  it('moonstone answers the production body only, while the journal keeps the diagnosis', async () => {
    const server = testServer({ profile: 'moonstone' });
    const response = await send(server, sign({ method: 'GET', path: `${API}/devices`, query: 'b=1&a=2' }, ['UnsortedQuery']));
    expect(response.status).toBe(401);
    expect(Object.keys(response.body).sort()).toEqual(['error', 'message', 'path', 'status', 'timestamp']);
    expect(response.body).toMatchObject({ status: 401, error: 'Unauthorized', message: 'Not Authorized', path: `${API}/devices` });
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
    expect(entry?.verdict).toMatchObject({ ok: false, code: 'signature_mismatch', diagnosis: { deviation: { flags: ['UnsortedQuery'] }, profile: 'moonstone' } });
  });

  it('strict adds the sigkit diagnosis with expected, provided, deviation and journal id', async () => {
    const server = testServer();
    const wrong = sign({ method: 'GET', path: `${API}/devices`, query: 'b=1&a=2' }, ['UnsortedQuery']);
    const response = await send(server, wrong);
    const journalId = Number(response.headers['x-sigkit-journal-id']);
    expect(response.body.sigkit).toMatchObject({
      code: 'signature_mismatch',
      expected: { canonicalRequest: expect.stringContaining('\na=2\nb=1\n'), stringToSign: expect.any(String), signature: expect.stringMatching(/^[0-9a-f]{64}$/) },
      provided: { signature: wrong.headers['x-arrow-signature'], date: wrong.headers['x-arrow-date'], version: '1' },
      deviation: { flags: ['UnsortedQuery'], steps: ['query lines'] },
      journalId,
    });
    expect(response.body.sigkit.expected.signature).not.toBe(wrong.headers['x-arrow-signature']);
  });

  it('x-auth-token: moonstone lets it in for a key with signing off; strict asks for a signature', async () => {
    const credentials = [{ apiKey: 'token-app', secretKey: 's', signingRequired: false, authToken: 'secret-token' }];
    const tokenRequest = { method: 'GET', target: `${API}/gateways`, headers: { 'x-auth-token': 'secret-token' } };
    const moonstone = testServer({ profile: 'moonstone', credentials });
    expect((await send(moonstone, tokenRequest)).status).toBe(200);
    expect((await send(moonstone, { ...tokenRequest, headers: { 'x-auth-token': 'wrong' } })).body.message).toBe('invalid apiKey');

    const strict = testServer({ credentials });
    const refused = await send(strict, tokenRequest);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('apiSigningRequired is TRUE but HMAC is not provided');
    expect(refused.body.sigkit.message).toContain('moonstone profile');
    // The token never reaches the journal.
    const entry = strict.core.journal.get(Number(refused.headers['x-sigkit-journal-id']));
    expect(entry?.headers['x-auth-token']).toBe('[redacted]');
  });
});

import { describe, expect, it } from 'vitest';
import { createMockServer } from '../src/index.js';
import { admin, API, API_KEY, call, NOW, send, sign, testServer } from './helpers.js';

/** The sigkit diagnosis code of a strict rejection. */
const codeOf = (response: { body: { sigkit?: { code?: string } } }) => response.body.sigkit?.code;

describe('verification (docs/spec/xconnect.md §3)', () => {
  it('accepts the guide\'s documented vector byte for byte, then routes the request', async () => {
    // The request and signature of docs/spec/xconnect.md §1 "The documented vector", sent at its own timestamp.
    const server = createMockServer({ now: () => Date.parse('2016-04-12T14:28:36.218Z') });
    const response = await send(server, {
      method: 'POST',
      target: `${API}/gateways?lastName=Doe&firstName=Jane&Age=30`,
      headers: {
        'x-arrow-apikey': API_KEY,
        'x-arrow-date': '2016-04-12T14:28:36.218Z',
        'x-arrow-version': '1',
        'x-arrow-signature': '28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553',
      },
    });
    // Past verification, the empty body fails POST /gateways validation.
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('the request body is empty; a JSON body is required');
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
    expect(entry?.verdict).toMatchObject({ ok: true, code: 'ok' });
  });

  it('rejects each failed check with the production message and names the check', async () => {
    const server = testServer({ credentials: [
      { apiKey: 'expired-key', secretKey: 's', expired: true },
      { apiKey: 'disabled-app-key', secretKey: 's', disabled: true },
      { apiKey: 'token-key', secretKey: 's', authToken: 'tok-1' },
    ] });
    const good = sign({ method: 'GET', path: `${API}/devices` });
    const without = (name: string) => ({ ...good, headers: Object.fromEntries(Object.entries(good.headers).filter(([k]) => k !== name)) });
    const withHeader = (name: string, value: string) => ({ ...good, headers: { ...good.headers, [name]: value } });
    const cases: Array<[object, number, string, string]> = [
      [without('x-arrow-apikey'), 401, 'missing apiKey', 'missing_api_key'],
      [withHeader('x-arrow-apikey', 'nobody'), 401, 'invalid apiKey', 'invalid_api_key'],
      [sign({ method: 'GET', path: `${API}/devices`, apiKey: 'expired-key', secretKey: 's' }), 401, 'apiKey is disabled', 'api_key_disabled'],
      [sign({ method: 'GET', path: `${API}/devices`, apiKey: 'disabled-app-key', secretKey: 's' }), 401, 'application is disabled', 'application_disabled'],
      [{ method: 'GET', target: `${API}/devices`, headers: { 'x-auth-token': 'tok-1' } }, 401, 'apiSigningRequired is TRUE but HMAC is not provided', 'signing_required'],
      [without('x-arrow-date'), 401, 'Not Authorized', 'missing_date'],
      [withHeader('x-arrow-date', '2025-03-14 15:09:26'), 401, 'Not Authorized', 'invalid_date'],
      [sign({ method: 'GET', path: `${API}/devices`, timestamp: new Date(NOW - 600_000) }), 401, 'Not Authorized', 'clock_skew'],
      [withHeader('x-arrow-version', '3'), 401, 'Not Authorized', 'unsupported_version'],
      [without('x-arrow-signature'), 401, 'Not Authorized', 'missing_signature'],
      [withHeader('x-arrow-signature', good.headers['x-arrow-signature'].toUpperCase()), 401, 'Not Authorized', 'signature_mismatch'],
    ];
    for (const [wire, status, message, code] of cases) {
      const response = await send(server, wire as Parameters<typeof send>[1]);
      expect({ code, status: response.status, message: response.body.message }).toEqual({ code, status, message });
      expect(codeOf(response)).toBe(code);
      expect(response.body).toMatchObject({ status: 401, error: 'Unauthorized', path: `${API}/devices` });
    }
    expect(server.core.journal.stats().rejected).toBe(cases.length);
  });

  it('applies the checks in the order of docs/spec/xconnect.md §3: the earliest failing check decides', async () => {
    const server = testServer({ credentials: [{ apiKey: 'expired-and-disabled', secretKey: 's', expired: true, disabled: true }] });
    const stale = sign({ method: 'GET', path: `${API}/devices`, timestamp: new Date(NOW - 3_600_000) });
    const broken = (headers: Record<string, string>, drop: string[] = []) => ({
      method: 'GET',
      target: `${API}/devices`,
      headers: Object.fromEntries(Object.entries({ ...stale.headers, ...headers }).filter(([k]) => !drop.includes(k))),
    });
    const ordered: Array<[ReturnType<typeof broken>, string]> = [
      // unknown key beats a stale date and a bad signature
      [broken({ 'x-arrow-apikey': 'nobody', 'x-arrow-signature': 'bad' }), 'invalid_api_key'],
      // expiry beats the disabled application
      [broken({ 'x-arrow-apikey': 'expired-and-disabled' }), 'api_key_disabled'],
      // a missing date beats a bad signature
      [broken({ 'x-arrow-signature': 'bad' }, ['x-arrow-date']), 'missing_date'],
      // the clock beats an unknown version and a bad signature
      [broken({ 'x-arrow-version': '9', 'x-arrow-signature': 'bad' }), 'clock_skew'],
    ];
    for (const [wire, code] of ordered) expect(codeOf(await send(server, wire))).toBe(code);
    // the version is checked before the signature
    const fresh = sign({ method: 'GET', path: `${API}/devices` });
    expect(codeOf(await send(server, { ...fresh, headers: { ...fresh.headers, 'x-arrow-version': '2', 'x-arrow-signature': 'bad' } }))).toBe('unsupported_version');
  });

  it('treats the clock window as exclusive: 599.999 s passes, 600 s fails', async () => {
    const server = testServer();
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, timestamp: new Date(NOW - 599_999) })).status).toBe(200);
    expect(codeOf(await call(server, { method: 'GET', path: `${API}/gateways`, timestamp: new Date(NOW + 600_000) }))).toBe('clock_skew');
  });

  it('rejects an unknown version sent without a signature (the published server\'s bypass)', async () => {
    const server = testServer();
    const response = await send(server, sign({ method: 'GET', path: `${API}/devices` }, ['UnknownVersionNoSignature']));
    expect(response.status).toBe(401);
    expect(response.body.sigkit).toMatchObject({ code: 'unsupported_version', deviation: { flags: ['UnknownVersionNoSignature'] } });
  });

  it('does not check OPTIONS requests, answering them with the allowed methods', async () => {
    const server = testServer();
    const response = await send(server, { method: 'OPTIONS', target: `${API}/devices`, headers: {} });
    expect(response.status).toBe(200);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
    expect(server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))?.verdict?.code).toBe('exempt');
  });

  it('verifies the exact bytes of the body and the raw target, percent-escapes and all', async () => {
    const server = testServer();
    const body = '{"uid":"  spaced  ","gatewayHid":"x","name":"é"}';
    const ok = sign({ method: 'POST', path: `${API}/devices`, query: 'a=%7E+b&A=2&flag', body });
    const response = await send(server, ok);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('gateway not found');
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']));
    expect(entry?.target).toBe(`${API}/devices?a=%7E+b&A=2&flag`);
    expect(entry?.verdict?.ok).toBe(true);
    // The same request with one byte of the body changed no longer verifies.
    expect(codeOf(await send(server, { ...ok, body: body.replace('é', 'e') }))).toBe('signature_mismatch');
  });

  it('accepts the guide\'s Python timestamp format (microseconds) and a bare "?" with no query', async () => {
    const server = testServer();
    const timestamp = `${new Date(NOW).toISOString().slice(0, 23)}123Z`;
    const signed = sign({ method: 'GET', path: `${API}/gateways`, timestamp });
    expect((await send(server, { ...signed, target: `${signed.target}?` })).status).toBe(200);
  });

  it('names the deviation that reproduces a wrong signature, and says so when none does', async () => {
    const server = testServer();
    const input = { method: 'GET', path: `${API}/devices`, query: '_size=5&type=asset-tag' };
    for (const flag of ['CrlfQueryLines', 'UnsortedQuery', 'NameNotLowercased', 'QueryNotSigned', 'UppercaseHex', 'RawDigestKey'] as const) {
      const query = flag === 'UnsortedQuery' ? 'type=asset-tag&_size=5' : flag === 'NameNotLowercased' ? '_size=5&Type=asset-tag' : input.query;
      const response = await send(server, sign({ ...input, query }, [flag]));
      expect(response.body.sigkit.deviation.flags).toEqual([flag]);
      expect(response.body.sigkit.message).toContain(`(${flag})`);
      expect(response.body.sigkit.expected.canonicalRequest.split('\n')[0]).toBe('GET');
    }
    const unknown = await send(server, sign({ ...input, secretKey: 'not the secret' }));
    expect(unknown.body.sigkit.deviation).toBeNull();
    expect(unknown.body.sigkit.message).toContain('no known client mistake reproduces it');
  });

  it('lets admin changes to credentials take effect on the next request', async () => {
    const server = testServer();
    expect((await call(server, { method: 'GET', path: `${API}/gateways` })).status).toBe(200);
    await admin(server, 'patch', `/credentials/${API_KEY}`, { expired: true }).expect(200);
    expect(codeOf(await call(server, { method: 'GET', path: `${API}/gateways` }))).toBe('api_key_disabled');
    await admin(server, 'delete', `/credentials/${API_KEY}`).expect(200);
    expect(codeOf(await call(server, { method: 'GET', path: `${API}/gateways` }))).toBe('invalid_api_key');
    await admin(server, 'post', '/credentials', { apiKey: API_KEY, secretKey: 'another secret' }).expect(201);
    expect(codeOf(await call(server, { method: 'GET', path: `${API}/gateways` }))).toBe('signature_mismatch');
    expect((await call(server, { method: 'GET', path: `${API}/gateways`, secretKey: 'another secret' })).status).toBe(200);
  });

  it('checks only the api key of a credential with signing switched off', async () => {
    const server = testServer({ credentials: [{ apiKey: 'unsigned-key', secretKey: 's', signingRequired: false }] });
    const response = await send(server, { method: 'GET', target: `${API}/gateways`, headers: { 'x-arrow-apikey': 'unsigned-key' } });
    expect(response.status).toBe(200);
  });
});

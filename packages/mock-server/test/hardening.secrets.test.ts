/** Issue #18, secrets: the journal redacts by parsed name, and no answer carries key-chain material or a whole KX sessionId. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED_FIRST_LINK, redactText } from '../src/core/journal/redact.js';
import { API, API_KEY, SECRET_KEY, send, sign, testServer } from './helpers.js';
import { kxServer, login, post, KX_SUPPORT } from './kxHelpers.js';

const SECRET = 'hunter2-Sup3rSecret';

/** A name spelt with some of its characters as JSON \u escapes and in another case. */
const jsonSpelling = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).chain((escapes) =>
    fc.boolean().map((upper) =>
      Array.from(upper ? name.toUpperCase() : name)
        .map((ch, i) => (escapes[i] ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch))
        .join(''),
    ),
  );
const formSpelling = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((escapes) =>
    Array.from(name).map((ch, i) => (escapes[i] ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch)).join(''),
  );
const secretName = fc.constantFrom('password', 'passwd', 'pwd', 'passphrase', 'secret', 'secretKey', 'secret_key', 'client_secret');

describe('journal redaction', () => {
  it('redacts a secret field of JSON whatever escapes spell its name, at any depth, keeping the rest', () => {
    fc.assert(
      fc.property(secretName.chain(jsonSpelling), fc.integer({ min: 0, max: 3 }), fc.boolean(), (name, depth, spaced) => {
        let body = `{"user":"a",${spaced ? ' ' : ''}"${name}"${spaced ? ' : ' : ':'}"${SECRET}"}`;
        for (let i = 0; i < depth; i += 1) body = `{"msg":[${body}]}`;
        const { text, redacted } = redactText(body);
        expect(redacted).toBe(true);
        expect(text).not.toContain(SECRET);
        expect(text).toContain('"user":"a"');
        expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    expect(redactText('{"pass\\u0077ord":"hunter2"}').text).toBe('{"pass\\u0077ord":"[redacted]"}');
  });

  it('redacts a secret field of a form or query by its percent-decoded name, and of a JSON text cut short', () => {
    fc.assert(
      fc.property(secretName.chain(formSpelling), (name) => {
        const { text } = redactText(`user=a&${name}=${SECRET}&b=1`);
        expect(text).not.toContain(SECRET);
        expect(text).toMatch(/^user=a&.*=\[redacted\]&b=1$/);
      }),
      { numRuns: 300 },
    );
    expect(redactText(`{"user":"a","pass\\u0077ord":"${SECRET}`).text).not.toContain(SECRET);
    expect(redactText(`{"user":"a","pass\\u0077ord":${SECRET}`).text).not.toContain(SECRET);
  });

  it('keeps a KX login password spelt with escapes out of the journal', async () => {
    const server = kxServer();
    const body = `{"username":"${KX_SUPPORT.username}","pass\\u0077ord":"${KX_SUPPORT.password}"}`;
    await post(server, '/connect/api/auth/login', { 'content-type': 'application/json' }, body);
    const entries = JSON.stringify(server.core.journal.list({}).entries);
    expect(entries).toContain('pass\\\\u0077ord');
    expect(entries).not.toContain(`"${KX_SUPPORT.password}"`);
    expect(entries).not.toContain(`:${KX_SUPPORT.password}`);
  });
});

describe('answers to clients', () => {
  it('give a KX caller who knows only the last five characters no whole sessionId, and the journal neither', async () => {
    const server = kxServer();
    const session = await login(server);
    const date = new Date(Date.UTC(2025, 2, 14, 15, 9, 26)).toUTCString();
    const body = `[{"startTime":"2025-03-14T15:00:00.000Z","endTime":"2025-03-14T15:05:00.000Z"}]`;
    const forged = `${session.username}${session.sessionId.slice(-5)}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
    const response = await post(server, '/connect/api/monPublic/getMem', { 'content-type': 'application/json', date, authorization: forged }, body);
    expect(response.status).toBe(401);
    expect(response.text).not.toContain(session.sessionId);
    expect(response.body.sigkit.code).toBeDefined();
    const id = Number(response.headers['x-sigkit-journal-id']);
    expect(JSON.stringify(server.core.journal.get(id))).not.toContain(session.sessionId);
  });

  it('carry no link of the xConnect signing-key chain; the journal keeps the links bound to one timestamp, not the first', async () => {
    const server = testServer();
    const wire = sign({ method: 'GET', path: `${API}/devices` });
    const response = await send(server, { ...wire, headers: { ...wire.headers, 'x-arrow-signature': 'f'.repeat(64) } });
    expect(response.status).toBe(401);
    const k1 = createHmac('sha256', SECRET_KEY).update(API_KEY).digest('hex');
    const k1Reversed = createHmac('sha256', API_KEY).update(SECRET_KEY).digest('hex');
    expect(response.text).not.toContain(k1);
    expect(response.text).not.toContain(k1Reversed);
    expect(response.body.sigkit.expected.signingKey).toBeUndefined();
    expect(response.body.sigkit.expected.signature).toMatch(/^[0-9a-f]{64}$/);
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
    const diagnosis = JSON.parse(JSON.stringify(entry.verdict)).diagnosis;
    expect(diagnosis.expected.signingKey).toHaveLength(3);
    // The first link signs any request forever, as the secret key does: the journal keeps the others.
    expect(diagnosis.expected.signingKey[0]).toBe(REDACTED_FIRST_LINK);
    for (const link of [k1, k1Reversed]) expect(JSON.stringify(entry)).not.toContain(link);
  });

  it('redact the x-auth-token in the diagnosis as in the headers', async () => {
    const server = testServer({ credentials: [{ apiKey: 'token-key', secretKey: 'token-secret', authToken: 'tok-0123456789-secret' }] });
    const response = await send(server, { method: 'GET', target: `${API}/devices`, headers: { 'x-auth-token': 'tok-0123456789-secret' } });
    const entry = server.core.journal.get(Number(response.headers['x-sigkit-journal-id']))!;
    expect(JSON.stringify(entry)).not.toContain('tok-0123456789-secret');
    expect(response.text).not.toContain('tok-0123456789-secret');
  });
});

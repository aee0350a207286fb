/** Issue #18, clean edges: what the mock answers at the edges of HTTP, its fault rules, its admin API and its journal. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockCore } from '../src/core/index.js';
import { createNodeMockServer, generateSelfSignedCertificate, readTlsFiles, type MockHttpServer } from '../src/node/index.js';

/** Sends the bytes and resolves with the first thing the server writes back. */
function firstAnswer(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString('latin1'));
    });
    socket.on('error', reject);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error('no answer within 5 s'));
    });
  });
}

describe('Expect: 100-continue', () => {
  let server: MockHttpServer;
  let port = 0;
  beforeAll(async () => {
    server = createNodeMockServer({ seed: 1, bodyLimit: 1024 });
    port = (await server.listen(0)).port;
  });
  afterAll(() => server.close());

  it('answers 413 at once, not 100 Continue, when the declared body is over the limit', async () => {
    const head = await firstAnswer(port, 'POST /api/v1/kronos/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4096\r\nExpect: 100-continue\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    const entry = server.core.journal.list({ limit: 1 }).entries[0];
    expect(entry?.response.status).toBe(413);
    expect(entry?.body.size).toBe(4096);
  });

  it('still invites a body within the limit', async () => {
    const head = await firstAnswer(port, 'POST /api/v1/kronos/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 100 Continue/);
  });
});

/** Sends the bytes, reads until the server closes, and resolves with everything it wrote. */
function wholeAnswer(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

describe('fault definitions', () => {
  let server: MockHttpServer;
  let url = '';
  let port = 0;
  beforeAll(async () => {
    server = createNodeMockServer({ seed: 1 });
    ({ url, port } = await server.listen(0));
  });
  afterAll(() => server.close());
  const addFault = async (rule: unknown) => {
    const answer = await fetch(`${url}/__sigkit/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
    return { status: answer.status, body: (await answer.json()) as { message?: string } };
  };

  it.each([
    ['a value outside Latin-1', { 'x-note': 'caf\u00e9 \u20ac' }, /x-note must be a string of visible ASCII or Latin-1/],
    ['a control character', { 'x-note': 'a\u0001b' }, /x-note must be a string of visible ASCII or Latin-1/],
    ['transfer-encoding', { 'Transfer-Encoding': 'chunked' }, /cannot set "Transfer-Encoding"/],
    ['content-length', { 'content-length': '3' }, /cannot set "content-length"/],
    ['connection', { connection: 'keep-alive' }, /cannot set "connection"/],
    ['a name that is no token', { 'x note': '1' }, /invalid header name "x note"/],
  ])('refuses a header with %s (400)', async (_what, headers, message) => {
    server.core.faults.clear();
    const answer = await addFault({ path: '/x', respond: { status: 503, headers } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
    expect(server.core.faults.list()).toEqual([]);
  });

  it.each([204, 304])('refuses a body with status %i (400)', async (status) => {
    const answer = await addFault({ path: '/x', respond: { status, body: { a: 1 } } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(`cannot be given with status ${status}`);
  });

  it('sends a 204 fault empty, without Content-Length, and journals the status sent', async () => {
    expect((await addFault({ path: '/empty', respond: { status: 204, headers: { 'x-note': 'caf\u00e9' } }, times: 1 })).status).toBe(201);
    const raw = await wholeAnswer(port, 'GET /empty HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 204 /);
    expect(raw).not.toMatch(/\r\ncontent-length:/i);
    expect(raw).toMatch(/\r\nx-note: caf\u00e9\r\n/);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    const id = Number(/\r\nx-sigkit-journal-id: (\d+)/i.exec(raw)?.[1]);
    expect(server.core.journal.get(id)?.response).toMatchObject({ status: 204, body: { size: 0 } });
  });
});

describe('admin OPTIONS', () => {
  it('is answered 204 with Allow, as the 405s of the same route list it', async () => {
    const server = createNodeMockServer({ seed: 1 });
    const { url } = await server.listen(0);
    try {
      const options = await fetch(`${url}/__sigkit/faults`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, POST, PUT');
      expect(await options.text()).toBe('');
      const refused = await fetch(`${url}/__sigkit/faults`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe(options.headers.get('allow'));
    } finally {
      await server.close();
    }
  });
});

describe('journal byte cap', () => {
  it('evicts the oldest entries beyond journalMaxBytes, and says so in stats', async () => {
    const maxBytes = 256 * 1024;
    const core = createMockCore({ seed: 1, journalMaxBytes: maxBytes });
    const body = new TextEncoder().encode(JSON.stringify({ pad: 'x'.repeat(16 * 1024) }));
    for (let i = 0; i < 40; i += 1) {
      await core.handle({ method: 'POST', target: '/nowhere', headers: { 'content-type': ['application/json'], 'x-pad': ['y'.repeat(4096)] }, body });
    }
    const { journal } = core.journal.stats();
    expect(journal.maxBytes).toBe(maxBytes);
    expect(journal.bytes).toBeLessThanOrEqual(maxBytes);
    // Each entry keeps 16 KiB of body and 4 KiB of header: about twelve fit, not forty.
    expect(journal.size).toBeGreaterThan(5);
    expect(journal.size).toBeLessThan(15);
    expect(journal.evicted).toBe(40 - journal.size);
    expect(journal.newestId).toBe(40);
    expect(core.journal.get(1)).toBeUndefined();
    core.journal.clear();
    expect(core.journal.stats().journal.bytes).toBe(0);
  });

  it('defaults to a cap and refuses a cap too small to hold an entry', () => {
    expect(createMockCore({ seed: 1 }).journal.stats().journal.maxBytes).toBe(64 * 1024 * 1024);
    expect(() => createMockCore({ seed: 1, journalMaxBytes: 1000 })).toThrow(/journalMaxBytes/);
  });
});

describe('TLS files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigkit-tls-edges-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file that holds no PEM, and a key that is not the certificate\'s', async () => {
    const good = await generateSelfSignedCertificate();
    const other = await generateSelfSignedCertificate();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const junk = join(dir, 'junk.pem');
    const otherKey = join(dir, 'other-key.pem');
    writeFileSync(cert, good.cert);
    writeFileSync(key, good.key);
    writeFileSync(otherKey, other.key);
    writeFileSync(junk, 'not a PEM file\n');
    await expect(readTlsFiles(junk, key)).rejects.toThrow(new RegExp(`TLS certificate "${junk}" is not a PEM certificate`));
    await expect(readTlsFiles(cert, junk)).rejects.toThrow(new RegExp(`TLS key "${junk}" is not a PEM private key`));
    await expect(readTlsFiles(cert, otherKey)).rejects.toThrow(new RegExp(`TLS key "${otherKey}" is not the private key of the certificate "${cert}"`));
    await expect(readTlsFiles(cert, key)).resolves.toMatchObject({ cert: String(good.cert), key: String(good.key) });
  });
});

describe('close() with a latency fault pending', () => {
  it('answers the held request 503 at once, journals it, and holds requests again once listening anew', async () => {
    const server = createNodeMockServer({ seed: 1 });
    let { url } = await server.listen(0);
    try {
      server.core.faults.add({ path: '/slow', latencyMs: 60_000, times: 1 });
      const held = fetch(`${url}/slow`).then(async (answer) => ({ status: answer.status, body: await answer.text() }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      const answer = await held;
      expect(answer.status).toBe(503);
      expect(answer.body).toMatch(/shutting down/);
      expect(server.core.journal.list({ limit: 1 }).entries[0]?.response.status).toBe(503);

      ({ url } = await server.listen(0));
      server.core.faults.add({ path: '/slow', latencyMs: 50, times: 1 });
      expect((await fetch(`${url}/slow`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

/** The proxy's transport: request bodies forwarded as they arrive (a large body passes byte for byte, verified by its digests without being held whole; one over the limit gets 413), and an HTTPS target checked against the authority given. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createKxConnectClient } from '@sigkit/signer/client';
import { signXConnectRequest } from '@sigkit/signer';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeMockServer, generateSelfSignedCertificate, type MockHttpServer } from '../src/node/index.js';
import { PROXY_HELD_BODY_LIMIT, type ProxyOptions, type VerifyingProxy } from '../src/node/proxy/index.js';
import { API_KEY, SECRET_KEY } from './helpers.js';
import { proxyFixtures } from './proxyFixtures.js';

const MiB = 1024 * 1024;
const fixtures = proxyFixtures();
const mocks: MockHttpServer[] = [];

afterAll(async () => {
  for (const m of mocks) await m.close();
});

/** A target that answers with the SHA-256 and length of the body it received, and counts what reached it. */
async function hashingTarget(): Promise<{ url: string; seen: { started: number; ended: number; aborted: number } }> {
  const seen = { started: 0, ended: 0, aborted: 0 };
  const url = await fixtures.target((req: IncomingMessage, res) => {
    seen.started += 1;
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      seen.ended += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sha256: hash.digest('hex'), length }));
    });
    req.on('aborted', () => (seen.aborted += 1));
  });
  return { url, seen };
}

function startProxy(target: string, options: Omit<ProxyOptions, 'target'> = {}): Promise<{ proxy: VerifyingProxy; url: string }> {
  return fixtures.proxy(target, { credentials: [{ apiKey: API_KEY, secretKey: SECRET_KEY }], ...options });
}

/** The last journal entry as the admin API serves it (the lazy diagnosis built). */
function lastEntry(proxy: VerifyingProxy): Record<string, any> {
  return JSON.parse(JSON.stringify(proxy.core.journal.list({ limit: 1 }).entries[0]));
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A body of `size` bytes that no short pattern repeats in: a byte lost, doubled or moved changes its hash. */
function bodyOf(size: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) createHash('sha256').update(String(i)).digest().copy(body, i);
  return body;
}

/** Sends a body in pieces without a Content-Length (chunked), as a streaming client does. */
function chunked(body: Uint8Array, piece = 256 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(body.subarray(at, at + piece));
      at += piece;
    },
  });
}

describe('sigkit proxy streams request bodies', () => {
  it('forwards a 6 MiB signed body byte for byte and verifies it by its hash, keeping only a prefix', async () => {
    const target = await hashingTarget();
    const { proxy, url } = await startProxy(target.url, { bodyLimit: 16 * MiB });
    const body = bodyOf(6 * MiB + 123);
    const signed = signXConnectRequest({ method: 'POST', path: '/api/v1/kronos/gateways', body, apiKey: API_KEY, secretKey: SECRET_KEY });
    for (const send of ['declared', 'chunked'] as const) {
      const answer = await fetch(url + signed.target, {
        method: 'POST', headers: signed.headers as Record<string, string>,
        body: send === 'declared' ? body : chunked(body), ...(send === 'chunked' && { duplex: 'half' }),
      } as RequestInit);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ sha256: sha256(body), length: body.length });
      const entry = lastEntry(proxy);
      expect(entry.verdict).toMatchObject({ scheme: 'xconnect', ok: true, code: 'ok' });
      // The verifier was handed the hash computed on the way, not the body.
      expect(entry.verdict.diagnosis.expected.payloadHash).toBe(sha256(body));
      expect(entry.verdict.diagnosis.bodyNotHeld).toMatch(/not held whole/);
      expect(entry.proxy.bodyHeld).toEqual({ whole: false, size: body.length, held: PROXY_HELD_BODY_LIMIT });
      // The journal keeps its own prefix (16 KiB by default), and the whole size.
      expect(entry.body).toMatchObject({ size: body.length, truncated: true });
      expect(JSON.stringify(entry.body).length).toBeLessThan(64 * 1024);
    }
    // A client that signed other bytes is refused locally, and the journal says what it could not do.
    const tampered = Buffer.from(body);
    tampered[5 * MiB] = tampered[5 * MiB]! ^ 1;
    const refused = await fetch(url + signed.target, { method: 'POST', headers: signed.headers as Record<string, string>, body: tampered });
    expect(((await refused.json()) as { sha256: string }).sha256).toBe(sha256(tampered));
    const entry = lastEntry(proxy);
    expect(entry.verdict).toMatchObject({ ok: false, code: 'signature_mismatch' });
    expect(entry.verdict.message).toMatch(/not held whole.*search for a known client mistake.*was not run/);
    expect(entry.verdict.diagnosis.deviation).toBeNull();
  });

  it('hashes a large body under moonstone as the platform did: malformed UTF-8 replaced, checked with Python', async () => {
    const target = await hashingTarget();
    const { proxy, url } = await startProxy(target.url, { bodyLimit: 16 * MiB, profile: 'moonstone' });
    // 0xFF is never UTF-8: Java and Python each read it as one U+FFFD, so Python is an independent oracle here.
    const body = Buffer.from('{"pad":"' + 'é'.repeat(MiB) + '\u00ff"}', 'latin1');
    body[100] = 0xff;
    const lossy = execFileSync('python3', ['-c', "import sys,hashlib;print(hashlib.sha256(sys.stdin.buffer.read().decode('utf-8','replace').encode('utf-8')).hexdigest())"], { input: body, encoding: 'utf8' }).trim();
    expect(lossy).not.toBe(sha256(body));
    const signed = signXConnectRequest({ method: 'PUT', path: '/api/v1/kronos/gateways/x', body, apiKey: API_KEY, secretKey: SECRET_KEY });
    const answer = await fetch(url + signed.target, { method: 'PUT', headers: signed.headers as Record<string, string>, body: chunked(body, 1000 * 7 + 1), duplex: 'half' } as RequestInit);
    expect(((await answer.json()) as { sha256: string }).sha256).toBe(sha256(body));
    const entry = lastEntry(proxy);
    // The client hashed the bytes as sent; the platform hashed them re-encoded: refused, as the platform would.
    expect(entry.verdict).toMatchObject({ ok: false, code: 'signature_mismatch' });
    expect(entry.verdict.diagnosis.expected.payloadHash).toBe(lossy);
  });

  it('verifies a large KX call by its digest and the fields read on the way', async () => {
    const platform = createNodeMockServer({ bodyLimit: 16 * MiB });
    mocks.push(platform);
    const { proxy, url } = await startProxy((await platform.listen(0)).url, { bodyLimit: 16 * MiB });
    const kx = createKxConnectClient({ baseUrl: url, username: 'kxSupport', password: '12345678' });
    await kx.call('monPublic', 'getMem', { syms: Array.from({ length: 200_000 }, (_, i) => `sym${i}`) }).catch(() => undefined);
    const [call] = proxy.core.journal.list({ path: '/connect/api/monPublic/getMem', limit: 1 }).entries;
    const entry = JSON.parse(JSON.stringify(call));
    expect(entry.body.size).toBeGreaterThan(PROXY_HELD_BODY_LIMIT);
    expect(entry.proxy.bodyHeld).toMatchObject({ whole: false, held: PROXY_HELD_BODY_LIMIT });
    expect(entry.verdict).toMatchObject({ scheme: 'kx', ok: true, code: 'ok' });
    expect(entry.verdict.diagnosis.bodyNotHeld).toMatch(/MD5/);
    // The platform, which held the whole body, verified it alike.
    const [atPlatform] = platform.core.journal.list({ path: '/connect/api/monPublic/getMem', limit: 1 }).entries;
    expect(atPlatform?.verdict).toMatchObject({ ok: true, code: 'ok' });
    expect(entry.verdict.diagnosis.expected.bodyDigest).toBe((JSON.parse(JSON.stringify(atPlatform)) as Record<string, any>).verdict.diagnosis.expected.bodyDigest);
    await kx.logout();
  });

  it('answers 413 at once to a declared body over the limit, without a request to the target', async () => {
    const target = await hashingTarget();
    const { proxy, url } = await startProxy(target.url, { bodyLimit: MiB });
    const answer = await fetch(`${url}/api/v1/kronos/gateways`, { method: 'POST', body: bodyOf(MiB + 1) });
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { message: string }).message).toMatch(/1048577 bytes; this proxy forwards at most 1048576/);
    expect(target.seen.started).toBe(0);
    expect(lastEntry(proxy).response.status).toBe(413);
  });

  it('aborts the request to the target and answers 413 when a chunked body goes over the limit', async () => {
    const target = await hashingTarget();
    const { proxy, url } = await startProxy(target.url, { bodyLimit: MiB });
    const answer = await fetch(`${url}/api/v1/kronos/gateways`, { method: 'POST', body: chunked(bodyOf(3 * MiB), 64 * 1024), duplex: 'half' } as RequestInit);
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { message: string }).message).toMatch(/larger than 1048576 bytes/);
    // The target saw the start of the body, then the request broke off: it never saw the end.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(target.seen.started).toBe(1);
    expect(target.seen.ended).toBe(0);
    const entry = lastEntry(proxy);
    expect(entry.response.status).toBe(413);
    expect(entry.proxy.failure).toMatch(/larger than/);
    // The same body within the limit passes.
    const fits = await fetch(`${url}/api/v1/kronos/gateways`, { method: 'POST', body: chunked(bodyOf(MiB), 64 * 1024), duplex: 'half' } as RequestInit);
    expect(await fits.json()).toEqual({ sha256: sha256(bodyOf(MiB)), length: MiB });
  });

  it("verifies an HTTPS target's certificate against the authority given, and says what failed without it", async () => {
    const material = await generateSelfSignedCertificate();
    const platform = createNodeMockServer({ tls: material });
    mocks.push(platform);
    const target = (await platform.listen(0)).url;
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', apiKey: API_KEY, secretKey: SECRET_KEY });
    // The self-signed certificate is its own authority.
    const trusting = await startProxy(target, { ca: material.cert });
    const answer = await fetch(trusting.url + signed.target, { headers: signed.headers as Record<string, string> });
    expect(answer.status).toBe(200);
    expect(lastEntry(trusting.proxy).verdict).toMatchObject({ ok: true, code: 'ok' });
    const untrusting = await startProxy(target);
    const refused = await fetch(untrusting.url + signed.target, { headers: signed.headers as Record<string, string> });
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { message: string }).message).toMatch(/TLS with the target .* failed: .*self.signed.*; pass --insecure, or --ca/i);
  });

  it('forwards an answer the target gives before reading the body, and still judges the whole body', async () => {
    const refusing = await fixtures.target((_req, res) => res.writeHead(401, { 'content-type': 'text/plain' }).end('refused unread'));
    const { proxy, url } = await startProxy(refusing, { bodyLimit: 16 * MiB });
    const body = bodyOf(3 * MiB);
    const signed = signXConnectRequest({ method: 'POST', path: '/api/v1/kronos/gateways', body, apiKey: API_KEY, secretKey: SECRET_KEY });
    const answer = await fetch(url + signed.target, { method: 'POST', headers: signed.headers as Record<string, string>, body: chunked(body), duplex: 'half' } as RequestInit).catch((error: Error) => error);
    // The client may see the answer, or (sending still) its connection closed under it; never a hang.
    if (!(answer instanceof Error)) {
      expect(answer.status).toBe(401);
      expect(await answer.text()).toBe('refused unread');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const entry = lastEntry(proxy);
    expect(entry.response.status).toBe(401);
    // Accepted locally, refused by the target: a finding about the platform, judged on the whole body.
    expect(entry.proxy.finding).toBe('platform');
    expect(entry.verdict).toMatchObject({ ok: true, code: 'ok' });
    expect(entry.body.size).toBe(body.length);
  });
});

/** The verifying proxy end to end on loopback: the mock over TLS plays the platform, clients go through the proxy, the recording replays. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKxConnectClient, createXConnectClient } from '@sigkit/signer/client';
import { signXConnectRequest, signXConnectRequestWithDeviations } from '@sigkit/signer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installReplay, readReplaySource, REPLAY_HEADER } from '../src/core/index.js';
import { createNodeMockServer, createProxy, type MockHttpServer, type VerifyingProxy } from '../src/node/index.js';
import { API_KEY, SECRET_KEY } from './helpers.js';
import { proxyFixtures } from './proxyFixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sigkit-proxy-'));
const recording = join(dir, 'session.har');
const lines: string[] = [];
let platform: MockHttpServer;
let proxy: VerifyingProxy;
let proxyUrl: string;

beforeAll(async () => {
  // The real platform's stand-in: the mock over HTTPS with a self-signed certificate; its second key
  // has another secret there than the one the proxy is given (a platform-side difference).
  platform = createNodeMockServer({ tls: { selfSigned: true }, seed: 42, credentials: [{ apiKey: 'rotated-key', secretKey: 'platform secret' }] });
  const { url } = await platform.listen(0);
  proxy = createProxy({
    target: url,
    insecure: true,
    record: recording,
    credentials: [{ apiKey: API_KEY, secretKey: SECRET_KEY }, { apiKey: 'rotated-key', secretKey: 'old secret' }],
    report: (line) => lines.push(line),
  });
  proxyUrl = (await proxy.listen(0)).url;
});

afterAll(async () => {
  await proxy?.close();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedFetch(base: string, signed: { method: string; target: string; headers: object; body?: unknown }) {
  return fetch(base + signed.target, { method: signed.method, headers: signed.headers as Record<string, string>, ...(signed.body ? { body: signed.body as string } : {}) });
}

describe('sigkit proxy in front of an HTTPS platform', () => {
  it('passes a correct xConnect client through, and journals the local verdict next to the answer', async () => {
    const client = createXConnectClient({ baseUrl: proxyUrl, apiKey: API_KEY, secretKey: SECRET_KEY });
    const page = await client.devices.list({ _size: 5 });
    expect(page.data).toHaveLength(5);
    const [entry] = proxy.core.journal.list({ path: '/api/v1/kronos/devices', limit: 1 }).entries as (ReturnType<typeof proxy.core.journal.get> & { proxy: Record<string, unknown> })[];
    expect(entry?.verdict).toMatchObject({ scheme: 'xconnect', ok: true, code: 'ok' });
    expect(entry?.response.status).toBe(200);
    expect(entry?.proxy).toMatchObject({ targetStatus: 200, finding: 'agree' });
  });

  it('journals a secret query parameter redacted, as the mock does, and forwards it unchanged', async () => {
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=1&p%61ssword=hunter2', apiKey: API_KEY, secretKey: SECRET_KEY });
    const answer = await signedFetch(proxyUrl, signed);
    expect(answer.status).toBe(200);
    const id = Number(answer.headers.get('x-sigkit-journal-id'));
    const journaled = JSON.stringify(proxy.core.journal.get(id));
    expect(journaled).not.toContain('hunter2');
    expect(proxy.core.journal.get(id)?.target).toBe('/api/v1/kronos/devices?_size=1&p%61ssword=%5Bredacted%5D');
    // The platform behind got the query as sent.
    const atPlatform = platform.core.journal.list({ path: '/api/v1/kronos/devices', limit: 1 }).entries[0];
    expect(atPlatform?.verdict?.ok).toBe(true);
  });

  it('explains a broken client\'s rejection in one line, with the named mistake', async () => {
    const before = lines.length;
    const signed = signXConnectRequestWithDeviations({ method: 'GET', path: '/api/v1/kronos/devices', query: '_page=0&_size=50', apiKey: API_KEY, secretKey: SECRET_KEY }, ['CrlfQueryLines']);
    const answer = await signedFetch(proxyUrl, signed);
    expect(answer.status).toBe(401);
    const id = Number(answer.headers.get('x-sigkit-journal-id'));
    // The line comes when the exchange is judged, a few milliseconds after its answer (PROXY_BATCH_MS).
    await vi.waitFor(() => expect(lines.slice(before).join('\n')).toMatch(/401 from the target; signature_mismatch: .*CrlfQueryLines/), { timeout: 1000, interval: 2 });
    // The proxy's journal keeps the diagnosis, served by its own admin API as the mock's is.
    const proxyEntry = (await (await fetch(`${proxyUrl}/__sigkit/journal?ok=false&limit=1`)).json()) as { entries: { id: number; verdict: { code: string; diagnosis: { deviation: { flags: string[] } } } }[] };
    expect(proxyEntry.entries[0]?.verdict.code).toBe('signature_mismatch');
    expect(proxyEntry.entries[0]?.verdict.diagnosis.deviation.flags).toEqual(['CrlfQueryLines']);
    // The journal id in the answer is the target's (its header passes unchanged); the proxy's entry has its own.
    expect(Number.isInteger(id)).toBe(true);
    // The inspector's page serves the proxy's journal too.
    const page = await fetch(`${proxyUrl}/__sigkit/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('says so when the request verifies locally but the target rejects it: a finding about the platform', async () => {
    const before = lines.length;
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/gateways', apiKey: 'rotated-key', secretKey: 'old secret' });
    expect((await signedFetch(proxyUrl, signed)).status).toBe(401);
    await vi.waitFor(() => expect(lines.slice(before).join('\n')).toMatch(/401 from the target, but the request verifies locally \(ok\): a finding about the platform/), { timeout: 1000, interval: 2 });
    const entry = proxy.core.journal.list({ limit: 1 }).entries[0] as unknown as { proxy: { finding: string } };
    expect(entry.proxy.finding).toBe('platform');
  });

  it('learns a KX session from the login it forwards, and verifies the calls signed with it', async () => {
    const kx = createKxConnectClient({ baseUrl: proxyUrl, username: 'kxSupport', password: '12345678' });
    const answer = await kx.call('monPublic', 'getMem', { startTime: new Date(Date.now() - 3_600_000).toISOString(), endTime: new Date().toISOString() });
    expect(answer.success).toBe(true);
    const [call] = proxy.core.journal.list({ path: '/connect/api/monPublic/getMem', limit: 1 }).entries;
    expect(call?.verdict).toMatchObject({ scheme: 'kx', ok: true, code: 'ok' });
    const [login] = proxy.core.journal.list({ path: '/connect/api/auth/login', limit: 1 }).entries;
    expect(login?.verdict).toMatchObject({ code: 'login', ok: true });
    // Neither the password nor the whole sessionId is kept.
    expect(JSON.stringify(login)).not.toContain('12345678');
    expect(JSON.stringify(login)).not.toContain(kx.sessionId!);
    await kx.logout();
  });

  it('records what passed, redacted, and the recording replays with the proxy and the platform gone', async () => {
    const kx = createKxConnectClient({ baseUrl: proxyUrl, username: 'kxSupport', password: '12345678' });
    await kx.login();
    const sessionId = kx.sessionId!;
    const client = createXConnectClient({ baseUrl: proxyUrl, apiKey: API_KEY, secretKey: SECRET_KEY });
    const recorded = await client.devices.list({ _size: 3, _page: 1 });
    await proxy.close();
    const text = readFileSync(recording, 'utf8');
    expect(text).not.toContain('12345678');
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain(SECRET_KEY);

    // Another seed: the simulated platform would list other devices, so a recorded answer is recognisable.
    const replay = createNodeMockServer({ seed: 7 });
    installReplay(replay.core, readReplaySource(JSON.parse(text), 'session.har'), 'session.har');
    const { url } = await replay.listen(0);
    try {
      const replayClient = createXConnectClient({ baseUrl: url, apiKey: API_KEY, secretKey: SECRET_KEY });
      // The query in another order is the same canonical query.
      const again = await signedFetch(url, signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_page=1&_size=3', apiKey: API_KEY, secretKey: SECRET_KEY }));
      expect(again.headers.get(REPLAY_HEADER)).toMatch(/^session\.har#\d+$/);
      expect(((await again.json()) as { data: { hid: string }[] }).data.map((d) => d.hid)).toEqual(recorded.data.map((d) => d.hid));
      // A bad signature is refused as the mock refuses it, recording or not.
      const wrong = await signedFetch(url, signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=3&_page=1', apiKey: API_KEY, secretKey: 'wrong' }));
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get(REPLAY_HEADER)).toBeNull();
      // What was not recorded comes from the simulated platform.
      const gateways = await replayClient.gateways.list({ _size: 2 });
      expect(gateways.data).toHaveLength(2);
      // A KX login is never replayed (its sessionId was redacted): the mock logs the client in, and calls verify.
      const kxReplay = createKxConnectClient({ baseUrl: url, username: 'kxSupport', password: '12345678' });
      expect((await kxReplay.call('monPublic', 'getMem', {})).success).toBe(true);
    } finally {
      await replay.close();
    }
  });
});

describe('sigkit proxy when the target fails', () => {
  const fixtures = proxyFixtures();
  const startTarget = fixtures.target;
  const proxyTo = async (url: string, options: { timeoutMs?: number; bodyLimit?: number } = {}) => (await fixtures.proxy(url, options)).url;

  it('answers 502 with a message when the target refuses connections', async () => {
    const closed = await fixtures.closedTarget();
    const answer = await fetch(`${await proxyTo(closed)}/api/v1/kronos/devices`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { message: string }).message).toMatch(/refused the connection \(ECONNREFUSED\)/);
  });

  it('answers 504 when the target stays silent past the timeout', async () => {
    const silent = await startTarget(() => {});
    const begun = Date.now();
    const answer = await fetch(`${await proxyTo(silent, { timeoutMs: 300 })}/api/v1/kronos/devices`);
    expect(answer.status).toBe(504);
    expect(((await answer.json()) as { message: string }).message).toMatch(/did not answer within 300 ms/);
    expect(Date.now() - begun).toBeLessThan(5000);
  });

  it('answers 502 when the target resets the connection', async () => {
    const resetting = await startTarget((req) => req.socket.destroy());
    const answer = await fetch(`${await proxyTo(resetting)}/api/v1/kronos/devices`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { message: string }).message).toMatch(/closed the connection without an answer/);
  });

  it('answers 413 to a body over the limit, declared or streamed, and does not forward it', async () => {
    let reached = 0;
    const counting = await startTarget((req, res) => {
      reached += 1;
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    const url = await proxyTo(counting, { bodyLimit: 1000 });
    const declared = await fetch(`${url}/api/v1/kronos/devices`, { method: 'POST', body: 'x'.repeat(2000) });
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(new TextEncoder().encode('y'.repeat(400)));
        controller.close();
      },
    });
    const streamed = await fetch(`${url}/api/v1/kronos/devices`, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(reached).toBeLessThanOrEqual(1);
    const small = await fetch(`${url}/api/v1/kronos/devices`, { method: 'POST', body: 'z'.repeat(999) });
    expect(small.status).toBe(200);
  });

  it('forwards method, raw target, headers and body unchanged, and the answer back unchanged', async () => {
    let seen: { method?: string; url?: string; rawHeaders: string[]; body: string } = { rawHeaders: [], body: '' };
    const echo = await startTarget((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: createHash('sha256').update(Buffer.concat(chunks)).digest('hex') };
        res.writeHead(207, 'Odd Status', ['X-Echo', 'A', 'x-echo', 'b', 'Content-Type', 'application/octet-stream']);
        res.end(Buffer.from([0, 255, 1, 254]));
      });
    });
    const url = await proxyTo(echo);
    const body = Buffer.from([1, 2, 3, 200, 0, 10, 13]);
    const target = '/api/v1/kronos/devices?b=%2F&a=1&a=%20&empty=&raw=a+b#frag';
    const answer = await fetch(`${url}${target}`, { method: 'PATCH', headers: { 'X-Arrow-Signature': 'Abc', 'x-custom': 'v1' }, body });
    expect(seen.method).toBe('PATCH');
    expect(seen.url).toBe('/api/v1/kronos/devices?b=%2F&a=1&a=%20&empty=&raw=a+b');
    expect(seen.body).toBe(createHash('sha256').update(body).digest('hex'));
    expect(seen.rawHeaders).toEqual(expect.arrayContaining(['X-Arrow-Signature', 'Abc', 'x-custom', 'v1']));
    expect(answer.status).toBe(207);
    expect(answer.statusText).toBe('Odd Status');
    expect(answer.headers.get('x-echo')).toBe('A, b');
    expect([...new Uint8Array(await answer.arrayBuffer())]).toEqual([0, 255, 1, 254]);
  });
});

describe('sigkit proxy off loopback', () => {
  it('guards its admin API (which lists the secret keys it verifies with) behind a token, as the mock does', async () => {
    const exposed = createProxy({ target: 'http://127.0.0.1:9', credentials: [{ apiKey: 'k', secretKey: 'a secret worth guarding' }] });
    const address = await exposed.listen(0, '0.0.0.0');
    try {
      expect(address.exposure?.generated).toBe(true);
      const url = `http://127.0.0.1:${address.port}/__sigkit/credentials`;
      const refused = await fetch(url);
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('a secret worth guarding');
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${address.exposure!.adminToken}` } });
      expect(allowed.status).toBe(200);
    } finally {
      await exposed.close();
    }
  });
});

/**
 * The proxy forwards first and judges after: the exchanges that have ended are verified and
 * journaled in batches, a few milliseconds later. Nothing of that may show: a journal read sees
 * every exchange whose answer is out, and a request is judged as of the moment it had passed, with
 * the credentials of that moment.
 */
import { connect } from 'node:net';
import { signXConnectRequest } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { API_KEY, SECRET_KEY } from './helpers.js';
import { proxyFixtures } from './proxyFixtures.js';

const fixtures = proxyFixtures();

describe('sigkit proxy, judging after forwarding', () => {
  it('shows an exchange in the journal the moment its answer is out, even one answered from a timer', async () => {
    // The 504 is written when the proxy's timer fires; the client reads it in the same turn of the
    // event loop, before the batch would have run, and reads the journal there and then.
    const { proxy, port } = await fixtures.proxy(await fixtures.target(() => {}), { timeoutMs: 200 });
    const seen = await new Promise<{ status: string; entries: number; failure: unknown }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      socket.once('data', (chunk) => {
        const { entries } = proxy.core.journal.list();
        resolve({ status: chunk.toString('latin1').slice(9, 12), entries: entries.length, failure: (entries[0] as { proxy?: { failure?: unknown } } | undefined)?.proxy?.failure });
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(seen).toEqual({ status: '504', entries: 1, failure: expect.stringMatching(/did not answer within 200 ms/) });
  });

  it('judges a request as of the moment it had passed, not when its answer came back', async () => {
    const slow = await fixtures.target((req, res) => {
      req.resume();
      setTimeout(() => res.end('{}'), 600);
    });
    const { proxy, port } = await fixtures.proxy(slow);
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', apiKey: API_KEY, secretKey: SECRET_KEY });
    const answer = await fetch(`http://127.0.0.1:${port}${signed.target}`, { headers: signed.headers as Record<string, string> });
    expect(answer.status).toBe(200);
    const [entry] = proxy.core.journal.list().entries;
    expect(entry?.verdict).toMatchObject({ ok: true, code: 'ok' });
    expect(entry!.durationMs).toBeGreaterThanOrEqual(550);
    // The verifier's clock read when the request had passed: within a few milliseconds of its arrival,
    // not the 600 ms later at which the exchange was over.
    const serverTime = Date.parse((entry!.verdict!.diagnosis as { serverTime: string }).serverTime);
    expect(serverTime - Date.parse(entry!.time)).toBeLessThan(200);
  });

  it('judges an exchange with the credentials of when it passed, though they change before it is journaled', async () => {
    const answering = await fixtures.target((req, res) => {
      req.resume();
      res.end('{}');
    });
    const { proxy, port } = await fixtures.proxy(answering);
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', apiKey: API_KEY, secretKey: SECRET_KEY });
    // The key is disabled as soon as the answer is read, in the same turn of the event loop: before
    // the batch with the exchange in it would be concluded.
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        const head = Object.entries(signed.headers as Record<string, string>).map(([name, value]) => `${name}: ${value}\r\n`).join('');
        socket.write(`GET ${signed.target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${head}\r\n`);
      });
      socket.once('data', (chunk) => {
        proxy.core.credentials.update(API_KEY, { disabled: true });
        resolve(chunk.toString('latin1').slice(9, 12));
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(status).toBe('200');
    const [first] = proxy.core.journal.list().entries;
    expect(first?.verdict).toMatchObject({ ok: true, code: 'ok' });
    // Read while the exchange passed: the client's connection is closed by the time it is journaled.
    expect(first?.remoteAddress).toBe('127.0.0.1');
    // A request that passes after the change is judged with it.
    await fetch(`http://127.0.0.1:${port}${signed.target}`, { headers: signed.headers as Record<string, string> });
    const [second] = proxy.core.journal.list().entries;
    expect(second?.verdict).toMatchObject({ ok: false });
  });
});

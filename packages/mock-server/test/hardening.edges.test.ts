/** Issue #18, clean edges: what the mock answers at the edges of HTTP, its fault rules, its admin API and its journal. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeMockServer, type MockHttpServer } from '../src/node/index.js';

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

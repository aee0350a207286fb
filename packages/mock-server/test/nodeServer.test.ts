/** createNodeMockServer (what `sigkit mock` starts) answers exactly as createMockServer, including the requests only Express serves. */
import { connect } from 'node:net';
import { signXConnectRequest } from '@sigkit/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../src/express/index.js';
import { createNodeMockServer, type MockHttpServer } from '../src/node/index.js';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';

/** Sends raw bytes and reads the whole answer (the connection is closed by the request's own `Connection: close`). */
function exchange(port: number, raw: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      let body = text.slice(text.indexOf('\r\n\r\n') + 4);
      // A chunked answer: keep the payload only.
      if (/\r\ntransfer-encoding: chunked/i.test(text)) body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n|\r\n0\r\n\r\n$/gi, '');
      resolve({ status, body });
    });
  });
}

/** The answer's body without what differs from one server to the other by nature: times and journal ids. */
const comparable = (body: string) => body.replace(/"(timestamp|serverTime|journalId|id)":("[^"]*"|\d+)/g, '"$1":_');

describe('createNodeMockServer', () => {
  const servers: { express: MockHttpServer; node: MockHttpServer } = { express: createMockServer({ seed: 9, bodyLimit: 1024 }), node: createNodeMockServer({ seed: 9, bodyLimit: 1024 }) };
  const ports = { express: 0, node: 0 };
  beforeAll(async () => {
    ports.express = (await servers.express.listen(0)).port;
    ports.node = (await servers.node.listen(0)).port;
  });
  afterAll(async () => {
    await servers.express.close();
    await servers.node.close();
  });

  const body = '{"name":"chunked","uid":"nodeServer-1","gatewayHid":"g"}';
  const signed = signXConnectRequest({ method: 'POST', path: '/api/v1/kronos/devices', body, apiKey, secretKey });
  const headerLines = Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const cases: [string, string | Buffer][] = [
    ['a plain signed GET (served directly)', `GET /api/v1/kronos/devices?_size=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Object.entries(signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=1', apiKey, secretKey, timestamp: signed.headers['x-arrow-date'] }).headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`],
    ['a signed chunked body (Express reads it)', `POST /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${headerLines}\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
    ['a compressed body (Express refuses it with 415)', `POST /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n${headerLines}\r\nabcd`],
    ['a body over the limit (413)', `POST /api/v1/kronos/devices HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2000\r\n${headerLines}\r\n${'x'.repeat(2000)}`],
    ['an HTTP/1.1 request without Host (400)', `GET /__sigkit/stats HTTP/1.1\r\nConnection: close\r\n\r\n`],
  ];

  it.each(cases)('answers %s as createMockServer does', async (_name, raw) => {
    const viaExpress = await exchange(ports.express, raw);
    const viaNode = await exchange(ports.node, raw);
    expect(viaNode.status).toBeGreaterThan(0);
    expect(viaNode.status).toBe(viaExpress.status);
    expect(comparable(viaNode.body)).toBe(comparable(viaExpress.body));
  });

  it('gives the expected answers to those requests', async () => {
    const answers = [];
    for (const [, raw] of cases) answers.push(await exchange(ports.node, raw));
    expect(answers.map((a) => a.status)).toEqual([200, 400, 415, 413, 400]);
    // The chunked body was read whole and its signature verified: the API itself refuses the unknown gateway.
    expect(JSON.parse(answers[1]!.body)).toMatchObject({ status: 400, message: 'gateway not found' });
  });
});

/**
 * The moonstone profile's early answers over a real socket: Undertow's 400 as its bytes
 * (`HTTP/1.1 400 Bad Request`, `Content-Length: 0`, `Connection: close`, no body, connection closed),
 * and requests Node's own parser refuses (a lower-case method, raw non-ASCII) answered as the
 * platform's container answered them (docs/spec/xconnect.md §3b).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { API, NOW, testServer } from './helpers.js';

/** Writes bytes to the server and reads everything until it closes the connection (or 5 s pass). */
function exchange(port: number, bytes: Buffer): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer });
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

/** Splits one raw answer into status line, lower-cased headers and body. */
function parseAnswer(text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { statusLine, headers, body };
}

const request = (line: string) => Buffer.from(`${line}\r\nHost: 127.0.0.1\r\n\r\n`, 'latin1');

describe('moonstone over a socket', () => {
  let server: MockServer;
  let port: number;
  beforeAll(async () => {
    server = testServer({ profile: 'moonstone' });
    port = (await server.listen(0)).port;
  });
  afterAll(() => server.close());

  it.each([
    ['a raw " Node accepts', `GET ${API}/devices?name="x" HTTP/1.1`],
    ['a raw { Node accepts', `GET ${API}/devices/{hid} HTTP/1.1`],
    ['raw non-ASCII that Node refuses', `GET ${API}/gateways/a\u00e9b HTTP/1.1`],
    ['a control character that Node refuses', `GET ${API}/devices/a\u0001b HTTP/1.1`],
  ])("answers Undertow's bare 400 and closes the connection for %s", async (_what, line) => {
    const { text, closedByServer } = await exchange(port, request(line));
    const answer = parseAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers['content-length']).toBe('0');
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['content-type']).toBeUndefined();
    expect(answer.body).toBe('');
    expect(closedByServer).toBe(true);
  });

  it('answers a lower-case method, which Node cannot parse, with the platform\'s 500 and journals it with the line as sent', async () => {
    const { text } = await exchange(port, request(`get ${API}/devices?_size=2 HTTP/1.1`));
    const answer = parseAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 500 Internal Server Error');
    expect(JSON.parse(answer.body)).toEqual({
      timestamp: new Date(NOW).toISOString(),
      status: 500,
      error: 'Internal Server Error',
      message: 'No enum constant org.springframework.web.bind.annotation.RequestMethod.get',
      path: `${API}/devices`,
    });
    const entry = server.core.journal.get(Number(answer.headers['x-sigkit-journal-id']));
    expect(entry).toMatchObject({ method: 'GET', target: `${API}/devices?_size=2`, verdict: { code: 'unknown_method' }, error: null });
    expect(entry?.verdict?.diagnosis).toMatchObject({ reproduction: expect.stringMatching(/^deliberate/) });
  });

  it('answers the firewall\'s 500 on the wire for ";" in the path', async () => {
    const { text } = await exchange(port, Buffer.from(`GET ${API}/devices;jsessionid=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'));
    const answer = parseAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 500 Internal Server Error');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 500, message: 'The request was rejected because the URL contained a potentially malicious String ";"', path: `${API}/devices;jsessionid=1` });
  });
});

describe('strict over a socket keeps its own answers', () => {
  let server: MockServer;
  let port: number;
  beforeAll(async () => {
    server = testServer();
    port = (await server.listen(0)).port;
  });
  afterAll(() => server.close());

  it('answers a request Node cannot parse with its JSON 400, journaled as UNPARSED', async () => {
    const { text } = await exchange(port, request(`get ${API}/devices HTTP/1.1`));
    const answer = parseAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, message: 'the request is not valid HTTP (HPE_INVALID_METHOD)' });
    expect(server.core.journal.get(Number(answer.headers['x-sigkit-journal-id']))).toMatchObject({ method: 'UNPARSED' });
  });
});

/** Shared test helpers: a server on a fixed clock, and requests signed with the guide's keys. */
import { signXConnectRequest, signXConnectRequestWithDeviations, type XConnectDeviationFlag, type XConnectSignInput } from '@sigkit/signer';
import request from 'supertest';
import { createMockServer, type MockServer, type MockServerOptions } from '../src/index.js';

/** The guide's example keys (seed 002), which the mock accepts by default. */
export const API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
export const SECRET_KEY = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
export const API = '/api/v1/kronos';

/** The tests' server time: a fixed instant, so answers that depend on "now" are stable. */
export const NOW = Date.UTC(2025, 2, 14, 15, 9, 26, 535);

/** A mock server on the fixed clock with a small dataset, unless options say otherwise. */
export function testServer(options: MockServerOptions = {}): MockServer {
  return createMockServer({ now: () => NOW, dataset: { gateways: 3, devicesPerGateway: 7 }, ...options });
}

/** What a test request needs; everything but method and path has a default. */
export type TestRequest = Partial<XConnectSignInput> & { method: string; path: string };

/** Signs a request with the guide's keys at the server's current time. */
export function sign(input: TestRequest, deviations?: readonly XConnectDeviationFlag[]) {
  const full: XConnectSignInput = { apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date(NOW), ...input };
  return deviations ? signXConnectRequestWithDeviations(full, deviations) : signXConnectRequest(full);
}

/** Sends a signed (or given) wire request through supertest; extra headers are added after signing. */
export function send(
  server: MockServer,
  wire: { method: string; target: string; headers: Record<string, string | undefined> | object; body?: string | Uint8Array },
  extraHeaders: Record<string, string> = {},
) {
  const method = wire.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch' | 'options' | 'head';
  let test = request(server.app)[method](wire.target);
  for (const [name, value] of Object.entries(wire.headers)) if (value !== undefined) test = test.set(name, String(value));
  for (const [name, value] of Object.entries(extraHeaders)) test = test.set(name, value);
  const body = wire.body;
  if (body !== undefined && body.length > 0) {
    // superagent would JSON-encode a Buffer sent as application/json, so binary bodies go as octet-stream.
    if (!('content-type' in extraHeaders)) test = test.set('content-type', typeof body === 'string' ? 'application/json' : 'application/octet-stream');
    test = test.send(typeof body === 'string' ? body : Buffer.from(body));
  }
  return test;
}

/** Signs and sends in one go. */
export function call(server: MockServer, input: TestRequest, extraHeaders: Record<string, string> = {}) {
  return send(server, sign(input), extraHeaders);
}

/** GETs an admin route. */
export function admin(server: MockServer, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown) {
  const test = request(server.app)[method](`/__sigkit${path}`);
  return body === undefined ? test : test.set('content-type', 'application/json').send(JSON.stringify(body));
}

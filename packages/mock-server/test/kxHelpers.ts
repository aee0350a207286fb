/** Shared helpers of the KX Connect tests: a server on the fixed clock, login, and signed calls through supertest. */
import { kxLoginRequest, signKxRequest, signKxRequestAs, type KxSignInput, type KxVariantName } from '@sigkit/signer';
import request from 'supertest';
import { createMockServer, type MockServer, type MockServerOptions } from '../src/index.js';

/** The KX tests' server time: a fixed instant on a whole second, since RFC 1123 dates carry no milliseconds. */
export const NOW = Date.UTC(2025, 2, 14, 15, 9, 26);

/** The guides' users, which the mock accepts by default. */
export const KX_SUPPORT = { username: 'kxSupport', password: '12345678' } as const;
export const ADMINISTRATOR = { username: 'Administrator', password: 'password' } as const;

/** A mock server on the fixed clock with a tiny xConnect dataset (these tests are about KX). */
export function kxServer(options: MockServerOptions = {}): MockServer {
  return createMockServer({ now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 1 }, ...options });
}

/** Posts a raw body with the given headers. */
export function post(server: MockServer, path: string, headers: Record<string, string | undefined>, body: string | Buffer) {
  let test = request(server.app).post(path);
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) test = test.set(name, value);
  return test.send(body);
}

/** Logs in (the guides' first user by default) and returns the session. */
export async function login(server: MockServer, user: { username: string; password: string } = KX_SUPPORT, date = new Date(NOW)): Promise<Session & { response: request.Response }> {
  const req = kxLoginRequest(user.username, user.password, { date });
  const response = await post(server, req.path, req.headers, req.body);
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  return { username: user.username, sessionId: response.body.msg[0].sessionId as string, response };
}

/** A session as a signed call needs it. */
export interface Session {
  username: string;
  sessionId: string;
}

/** Signs a call for a session at the fixed time, optionally as a client deviating by some variants. */
export function signCall(session: Session, input: Partial<KxSignInput> & { group?: string; method?: string }, variants?: readonly KxVariantName[]) {
  // A verbatim body carries its own date; otherwise the call is dated at the fixed time.
  const full: KxSignInput = { group: 'monPublic', method: 'getMem', username: session.username, sessionId: session.sessionId, ...(input.body === undefined ? { date: new Date(NOW) } : {}), ...input };
  return variants ? signKxRequestAs(full, variants) : signKxRequest(full);
}

/** Sends a signed request as signed (extra headers after signing). */
export function sendSigned(server: MockServer, signed: { path: string; headers: Record<string, string | undefined>; body: string }, extraHeaders: Record<string, string> = {}) {
  return post(server, signed.path, { ...signed.headers, ...extraHeaders }, signed.body);
}

/** Signs and sends a call to `monPublic.<method>` (or any group) with the given parameters. */
export function callAnalytic(server: MockServer, session: Session, method: string, params: Record<string, unknown> = {}, group = 'monPublic') {
  return sendSigned(server, signCall(session, { group, method, params }));
}

/** Admin request helper for `/__sigkit/kx…`. */
export function kxAdmin(server: MockServer, method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown) {
  const test = request(server.app)[method](`/__sigkit/kx${path}`);
  return body === undefined ? test : test.set('content-type', 'application/json').send(JSON.stringify(body));
}

/** The ISO minute `m` minutes after the fixed time's minute. */
export function minuteIso(offsetMinutes: number): string {
  return new Date((Math.floor(NOW / 60_000) + offsetMinutes) * 60_000).toISOString();
}

/** Translates between the Fetch API's Request/Response (what MSW hands a resolver) and the core's MockRequest/MockResponse. */
import { HttpResponse } from 'msw';
import { responseBodyBytes } from '../core/http/responses.js';
import type { MockRequest, MockResponse } from '../core/http/types.js';

// Statuses whose responses cannot carry a body in the Fetch API (the Response constructor throws).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Builds the core's request from a Fetch API request: the method, the target as sent (path and
 * query, with any base path removed), lower-cased headers and the exact body bytes. A compressed
 * body is refused with 415, as the Express adapter does, since the signature covers the bytes as sent.
 *
 * @example
 * ```ts
 * const mockRequest = await fetchToMockRequest(new Request('http://kx.test/connect/api/auth/login', { method: 'POST', body }), '');
 * mockRequest.target; // '/connect/api/auth/login'
 * ```
 */
export async function fetchToMockRequest(request: Request, basePath: string): Promise<MockRequest> {
  const url = new URL(request.url);
  // href keeps a bare trailing "?" that url.search drops; the hash never reaches a server.
  let target = url.href.slice(url.origin.length).replace(/#.*$/, '');
  if (basePath !== '' && (target === basePath || target.startsWith(`${basePath}/`) || target.startsWith(`${basePath}?`))) target = target.slice(basePath.length) || '/';
  if (!target.startsWith('/')) target = `/${target}`;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  // fetch never exposes Host; a server reads it off the wire, and the platform's redirects name it.
  headers.host ??= url.host;
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  const mockRequest: MockRequest = { method: request.method, target, headers, body: new Uint8Array(await request.arrayBuffer()) };
  if (url.protocol === 'https:') mockRequest.scheme = 'https';
  if (encoding !== 'identity') {
    mockRequest.body = new Uint8Array();
    mockRequest.unreadableBody = { status: 415, message: 'content encoding unsupported: send the body uncompressed (the signature covers the bytes as sent)' };
  }
  return mockRequest;
}

/**
 * Turns the core's answer into what an MSW resolver returns: a response with the same status,
 * headers and body bytes, or a network error when a fault drops the connection.
 *
 * @example
 * ```ts
 * return mockResponseToFetch(await core.handle(mockRequest));
 * ```
 */
export function mockResponseToFetch(response: MockResponse): Response {
  if (response.kind === 'destroy') return HttpResponse.error();
  const bytes = responseBodyBytes(response);
  const body = NULL_BODY_STATUSES.has(response.status) || bytes.length === 0 ? null : bytes;
  return new HttpResponse(body, { status: response.status, headers: response.headers });
}

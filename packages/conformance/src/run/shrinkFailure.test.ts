import { kxProfile, signKxRequest, signXConnectRequest, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { inProcessExchange } from '../api/inProcessExchange.js';
import type { CheckCase } from '../cases/checkCase.js';
import { bodyBytesOf } from '../protocol/bodyEncoding.js';
import type { KxSignRequest, SignedWire, XConnectSignRequest } from '../protocol/types.js';
import { kxSignerSuite } from '../suites/kxSigner.js';
import { xconnectSignerSuite } from '../suites/xconnectSigner.js';
import { generateValues } from './generateValues.js';
import { shrinkFailure } from './shrinkFailure.js';
import type { Suite } from './suite.js';

const BUDGET = { maxCalls: 2000, timeMs: 20_000 };
const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.query, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});
/** Sends the xConnect request asked for, with the signature of `signed`. */
const signedAs = (request: XConnectSignRequest, signed: XConnectSignInput): SignedWire => {
  const sent = signXConnectRequest(asInput(request));
  return { method: sent.method, target: sent.target, headers: { ...signXConnectRequest(signed).headers }, body: sent.body };
};
/** The suite with every failure in one class, so that the test depends on shrinking alone, not on how failures are told apart. */
function oneClass<C extends CheckCase, V>(suite: Suite<C, V>): Suite<C, V> {
  return { ...suite, judge: (testCase, reply) => {
    const outcome = suite.judge(testCase, reply);
    return outcome.ok ? outcome : { ok: false, failure: { ...outcome.failure, classKey: 'bug' } };
  } };
}
/** Shrinks the first of 500 generated values that `fails`, for the client behind `exchange`. */
async function shrinkFirst<C extends CheckCase, V>(suite: Suite<C, V>, exchange: ReturnType<typeof inProcessExchange>, fails: (value: V) => boolean, seed: number) {
  const values = generateValues(suite.generated!.arbitrary, 500, seed);
  const index = values.findIndex(fails);
  expect(index).toBeGreaterThanOrEqual(0);
  const shrunk = await shrinkFailure(oneClass(suite), exchange, { seed, numRuns: 500, index, classKey: 'bug' }, BUDGET);
  expect(shrunk?.outcome.ok).toBe(false);
  return shrunk!.testCase.request;
}

describe('shrinkFailure', () => {
  const xconnect = xconnectSignerSuite({ versions: [1] });

  it('reduces a failure that needs one parameter to that parameter alone, its value empty, on the root path, without a body', async () => {
    // The client leaves the API's paging parameter out of what it signs (docs/spec/xconnect.md §1.1: every parameter is signed).
    const exchange = inProcessExchange('signer', (r: XConnectSignRequest) => signedAs(r, { ...asInput(r), query: r.query.filter(([name]) => name !== '_page') }));
    const request = (await shrinkFirst(xconnect, exchange, (v) => v.params.length > 2 && v.params.some((p) => p.name === '_page') && v.body.kind !== 'empty', 31)) as XConnectSignRequest;
    expect({ method: request.method, path: request.path, query: request.query, body: bodyBytesOf(request).length }).toEqual({ method: 'GET', path: '/', query: [['_page', '']], body: 0 });
  });

  it('empties a text body the failure does not need', async () => {
    // Fails on any request with a parameter named "a" (it signs none); a text body drawn with it is dropped.
    const exchange = inProcessExchange('signer', (r: XConnectSignRequest) => signedAs(r, { ...asInput(r), query: r.query.filter(([name]) => name !== 'a') }));
    const request = (await shrinkFirst(xconnect, exchange, (v) => v.params.some((p) => p.name === 'a') && v.body.kind === 'text', 32)) as XConnectSignRequest;
    expect({ path: request.path, query: request.query, body: bodyBytesOf(request).length }).toEqual({ path: '/', query: [['a', '']], body: 0 });
  });

  it('keeps a body of one byte when only non-empty bodies fail, and drops every parameter', async () => {
    const exchange = inProcessExchange('signer', (r: XConnectSignRequest) => signedAs(r, { ...asInput(r), body: new Uint8Array(0) }));
    const request = (await shrinkFirst(xconnect, exchange, (v) => v.params.length > 1 && (v.body.kind === 'text' || v.body.kind === 'bytes'), 33)) as XConnectSignRequest;
    expect({ path: request.path, query: request.query, body: bodyBytesOf(request).length }).toEqual({ path: '/', query: [], body: 1 });
  });

  it('reduces a KX failure that needs one parameter to that parameter alone, the body built by the client, the default type', async () => {
    const kx = kxSignerSuite({ profile: kxProfile() });
    const exchange = inProcessExchange('signer', (r: KxSignRequest) => {
      const common = { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, profile: r.profile, contentType: r.contentType };
      const build = (params: Record<string, unknown>) => signKxRequest(r.body !== undefined ? { ...common, body: r.body } : { ...common, params, type: r.type, id: r.requestId, date: r.date });
      const sent = build(r.params);
      // Signs the body it would have built without "syms", sends the one with it.
      const { syms: _dropped, ...rest } = r.params;
      const signed = r.body === undefined && 'syms' in r.params ? build(rest) : sent;
      return { method: sent.method, target: sent.path, headers: { ...sent.headers, Authorization: signed.headers.Authorization }, body: sent.body };
    });
    const request = (await shrinkFirst(kx, exchange, (v) => 'syms' in v.params && Object.keys(v.params).length > 1 && v.bodyStyle === null, 34)) as KxSignRequest;
    expect(Object.keys(request.params)).toEqual(['syms']);
    expect(request.body).toBeUndefined();
    expect(request.type).toBe(`${request.method}Req`);
  });
});

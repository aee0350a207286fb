/** Counterexamples are 1-minimal: without any one of their parameters, path segments or their body, the client would pass. */
import { signKxRequest, signXConnectRequest, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, checkClient, type KxSignRequest, type SignRequest, type XConnectSignRequest } from '../src/index.js';

const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.query, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});
const xconnect = (request: SignRequest) => {
  if (request.scheme !== 'xconnect') throw new Error('xconnect only');
  return request;
};
/** Sends the request asked for, with the signature of another one. */
const signedAs = (request: XConnectSignRequest, signed: XConnectSignInput) => {
  const sent = signXConnectRequest(asInput(request));
  return { method: sent.method, target: sent.target, headers: { ...signXConnectRequest(signed).headers }, body: sent.body };
};

describe('minimal counterexamples', () => {
  it('of a client that leaves one parameter out of its signature: that parameter, on the root path, without a body', async () => {
    // A client that treats the API's paging parameter as not part of the request it signs.
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 400,
      seed: 21,
      sign: (request) => {
        const r = xconnect(request);
        return signedAs(r, { ...asInput(r), query: r.query.filter(([name]) => name !== '_page') });
      },
    });
    const shrunk = report.failures.filter((f) => f.counterexample.shrunk !== null).map((f) => f.counterexample.request as XConnectSignRequest);
    expect(shrunk.length).toBeGreaterThan(0);
    for (const r of shrunk) {
      expect({ method: r.method, path: r.path, body: bodyBytesOf(r).length }).toEqual({ method: 'GET', path: '/', body: 0 });
      expect(r.query.map(([name]) => name)).toContain('_page');
    }
  });

  it('of a client that signs every body as empty: no parameter, the root path, a body of one byte', async () => {
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 400,
      seed: 22,
      sign: (request) => {
        const r = xconnect(request);
        return signedAs(r, { ...asInput(r), body: new Uint8Array(0) });
      },
    });
    const failure = report.failures.find((f) => f.counterexample.shrunk !== null)!;
    const r = failure.counterexample.request as XConnectSignRequest;
    expect({ path: r.path, query: r.query, body: bodyBytesOf(r).length }).toEqual({ path: '/', query: [], body: 1 });
  });

  it('of a KX client that signs without one parameter: that parameter alone', async () => {
    const report = await checkClient({
      scheme: 'kx',
      cases: 400,
      seed: 24,
      sign: (request) => {
        const r = request as KxSignRequest;
        const common = { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, profile: r.profile, contentType: r.contentType };
        const build = (params: Record<string, unknown>) =>
          signKxRequest(r.body !== undefined ? { ...common, body: r.body } : { ...common, params, type: r.type, id: r.requestId, date: r.date });
        const sent = build(r.params);
        // Signs the body it would have built without "syms", sends the one with it.
        const { syms: _dropped, ...rest } = r.params;
        const signed = r.body === undefined && 'syms' in r.params ? build(rest) : sent;
        return { method: sent.method, target: sent.path, headers: { ...sent.headers, Authorization: signed.headers.Authorization }, body: sent.body };
      },
    });
    const failure = report.failures.find((f) => f.counterexample.shrunk !== null)!;
    const r = failure.counterexample.request as KxSignRequest;
    expect(Object.keys(r.params)).toEqual(['syms']);
    expect(r.body).toBeUndefined();
    expect(r.type).toBe(`${r.method}Req`);
  });
});

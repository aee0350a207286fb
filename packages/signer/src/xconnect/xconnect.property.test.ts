import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeQuery } from './encodeQuery.js';
import { signXConnectRequest } from './sign.js';
import { verifyXConnectRequest } from './verify.js';
import type { QueryParam, XConnectVersion } from './types.js';

const RUNS = { numRuns: 1000 };
const NOW = Date.parse('2024-05-06T07:08:09.010Z');

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const pathSegment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/), text.filter((s) => s.length > 0).map((s) => encodeURIComponent(s)));
const arbitraryRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get', 'Post'),
  path: fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((segments) => '/' + segments.join('/')),
  query: fc.array(fc.tuple(text.filter((s) => s.length > 0), fc.oneof(text, fc.constant(''), fc.constantFrom(' padded ', 'a+b', '%41'))), { maxLength: 6 }),
  body: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 64 }), fc.json()),
  apiKey: fc.stringMatching(/^[0-9a-f]{64}$/),
  secretKey: fc.base64String({ minLength: 4, maxLength: 120 }).filter((s) => s.length > 0),
  offsetMs: fc.integer({ min: -599_000, max: 599_000 }),
  version: fc.constantFrom<XConnectVersion>(1, 2, 0),
});
type Arbitrary = typeof arbitraryRequest extends fc.Arbitrary<infer T> ? T : never;

const sign = (r: Arbitrary, query: readonly QueryParam[] | string = r.query) =>
  signXConnectRequest({ ...r, query, timestamp: new Date(NOW - r.offsetMs).toISOString() });
const verify = (wire: Parameters<typeof verifyXConnectRequest>[0], r: Arbitrary) =>
  verifyXConnectRequest(wire, { lookupCredentials: (k) => (k === r.apiKey ? { apiKey: r.apiKey, secretKey: r.secretKey } : undefined), now: NOW, acceptedVersions: [0, 1, 2] });

describe('xConnect properties', () => {
  it('verify(sign(x)) accepts every request', () => {
    fc.assert(fc.property(arbitraryRequest, (r) => verify(sign(r), r).ok), RUNS);
  });

  it('the signature does not depend on the order of the query parameters', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.infiniteStream(fc.nat()), (r, randoms) => {
        const shuffled = [...r.query].map((p) => [randoms.next().value, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
        expect(sign(r, encodeQuery(shuffled)).headers['x-arrow-signature']).toBe(sign(r).headers['x-arrow-signature']);
      }),
      RUNS,
    );
  });

  const mutations = {
    method: (w: ReturnType<typeof sign>) => ({ ...w, method: w.method === 'GET' ? 'POST' : 'GET' }),
    'a path character': (w: ReturnType<typeof sign>) => ({ ...w, target: w.target.replace(/^\/./, (s) => '/' + (s[1] === 'x' ? 'y' : 'x')) }),
    'the timestamp': (w: ReturnType<typeof sign>) => ({ ...w, headers: { ...w.headers, 'x-arrow-date': new Date(Date.parse(w.headers['x-arrow-date']) + 1).toISOString() } }),
    'the api key': (w: ReturnType<typeof sign>) => ({ ...w, headers: { ...w.headers, 'x-arrow-apikey': w.headers['x-arrow-apikey'].replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) } }),
    'a signature character': (w: ReturnType<typeof sign>) => ({ ...w, headers: { ...w.headers, 'x-arrow-signature': w.headers['x-arrow-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0')) } }),
  };
  for (const [what, mutate] of Object.entries(mutations)) {
    it(`changing ${what} makes verification fail`, () => {
      fc.assert(
        fc.property(arbitraryRequest, (r) => {
          const wire = mutate(sign(r));
          const verdict = verifyXConnectRequest(wire, {
            lookupCredentials: (k) => (k === r.apiKey ? { apiKey: r.apiKey, secretKey: r.secretKey } : k.length === 64 ? { apiKey: k, secretKey: r.secretKey } : undefined),
            now: NOW,
            acceptedVersions: [0, 1, 2],
          });
          expect(verdict.ok).toBe(false);
        }),
        RUNS,
      );
    });
  }

  it('changing the version makes verification fail', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.constantFrom<XConnectVersion>(0, 1, 2), (r, other) => {
        fc.pre(other !== r.version);
        const wire = sign(r);
        const headers: Record<string, string> = { ...wire.headers };
        if (other === 0) delete headers['x-arrow-version'];
        else headers['x-arrow-version'] = String(other);
        expect(verify({ ...wire, headers }, r).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('changing a query name or value makes verification fail', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.nat(), fc.boolean(), (r, index, changeName) => {
        fc.pre(r.query.length > 0);
        const i = index % r.query.length;
        const [name, value] = r.query[i]!;
        const changed: QueryParam = changeName ? [name + 'x', value] : [name, value.trim() + 'x'];
        const query = r.query.map((p, j) => (j === i ? changed : p));
        const wire = sign(r);
        expect(verify({ ...wire, target: wire.target.split('?')[0] + '?' + encodeQuery(query) }, r).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('changing a body byte makes verification fail for versions 1 and 2', () => {
    fc.assert(
      fc.property(arbitraryRequest, fc.nat(), (r, index) => {
        fc.pre(r.version !== 0);
        const wire = sign(r);
        const bytes = Buffer.from(wire.body.length ? Buffer.from(wire.body as string) : Buffer.from('x'));
        const at = index % bytes.length;
        if (wire.body.length) bytes[at] = bytes[at]! ^ 0x01;
        expect(verify({ ...wire, body: bytes }, r).ok).toBe(false);
      }),
      RUNS,
    );
  });
});

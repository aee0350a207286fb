/**
 * The journal keeps an xConnect diagnosis without its expected trace and computes the trace again
 * when the entry is read (`deferredDiagnosisJson`). What it computes must be what the verifier
 * computed while answering, under both profiles: the moonstone reading of the query, a target with a
 * fragment, `_method` overrides, form bodies (whose fields the platform signed as parameters),
 * non-UTF-8 bodies, every version, right and wrong signatures.
 */
import fc from 'fast-check';
import { signXConnectRequest } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { createMockCore } from '../src/core/createMockCore.js';
import { parseRequestTarget } from '../src/core/http/requestTarget.js';
import type { PlatformRequest } from '../src/core/platform/platformModule.js';
import { deferredDiagnosisJson, diagnosisJson, verifyXConnectForMock } from '../src/core/xconnect/verifyRequest.js';
import { API, API_KEY, NOW, SECRET_KEY } from './helpers.js';

const requests = fc.record({
  profile: fc.constantFrom('strict' as const, 'moonstone' as const),
  method: fc.constantFrom('GET', 'POST', 'put'),
  query: fc.option(fc.constantFrom('a=1&b=2', 'B=1&a=2', '_method=put', '=x&a=1', 'a=%C3%A9', 'a=%E9', 'a=%ED%A0%80', 'a=b+c', 'a='), { nil: undefined }),
  fragment: fc.boolean(),
  body: fc.constantFrom<[string | undefined, string | Uint8Array]>(
    [undefined, ''],
    ['application/json', '{"a":1}'],
    ['application/x-www-form-urlencoded', 'a=1&b=2'],
    ['application/x-www-form-urlencoded; charset=UTF-8', 'c=%E9&_method=delete'],
    ['application/octet-stream', Uint8Array.of(0xff, 0xfe, 0x41)],
  ),
  version: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
  secretKey: fc.constantFrom(SECRET_KEY, 'a wrong secret'),
});

describe('the journal diagnosis computed on read', () => {
  it('is the diagnosis the verifier made while answering', () => {
    const cores = { strict: createMockCore({ now: () => NOW }), moonstone: createMockCore({ now: () => NOW, profile: 'moonstone' }) };
    const seen = { deferred: 0, rejected: 0, moonstoneQueries: 0 };
    fc.assert(
      fc.property(requests, ({ profile, method, query, fragment, body: [type, body], version, secretKey }) => {
        const signed = signXConnectRequest({ method: method.toUpperCase(), path: `${API}/devices`, ...(query !== undefined && { query }), body, apiKey: API_KEY, secretKey, timestamp: new Date(NOW).toISOString(), version });
        const headers: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(signed.headers as Record<string, string>)) headers[name.toLowerCase()] = [value];
        if (type !== undefined) headers['content-type'] = [type];
        // A fragment is not signed; the platform's container read it as part of the query.
        const parsed = parseRequestTarget(fragment ? `${signed.target}#frag` : signed.target);
        const request: PlatformRequest = {
          journalId: 1, method: method.toUpperCase(), rawMethod: method, target: parsed.target, wireTarget: parsed.wireTarget, scheme: 'http',
          path: parsed.path, rawQuery: parsed.rawQuery, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
        };
        const core = cores[profile];
        const services = { clock: core.clock, credentials: core.credentials, profile, seed: core.options.seed };
        const { diagnosis, credential } = verifyXConnectForMock(request, services);
        const source = deferredDiagnosisJson(diagnosis, request, credential?.secretKey);
        if (diagnosis.expected !== null && source.constructor !== Object) seen.deferred += 1;
        if (diagnosis.code === 'signature_mismatch') seen.rejected += 1;
        if (profile === 'moonstone' && query !== undefined && diagnosis.expected !== null) seen.moonstoneQueries += 1;
        expect(source.build()).toEqual(diagnosisJson(diagnosis));
      }),
      { numRuns: 1500, seed: 17 },
    );
    // Not vacuous: traces were left out and computed again, for rejections too, under moonstone's reading.
    expect(seen.deferred).toBeGreaterThan(300);
    expect(seen.rejected).toBeGreaterThan(100);
    expect(seen.moonstoneQueries).toBeGreaterThan(100);
  });
});

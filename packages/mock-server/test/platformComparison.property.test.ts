/**
 * The shortcut of the strict profile's `platformWouldDiffer` note: where `mayDifferFromPlatform`
 * says the platform cannot have judged otherwise, a full verification as the platform
 * (`platform: 'moonstone'`) lets the request through exactly when strict does. Requests are drawn
 * across the edges that make the readings differ: exempt paths, query edges, date spellings, form
 * and non-UTF-8 bodies, right, wrong and mistaken signatures.
 */
import fc from 'fast-check';
import { moonstoneFrontRejection, signXConnectRequest, signXConnectRequestWithDeviations, verifyXConnectRequest, type XConnectDeviationFlag } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { mayDifferFromPlatform, passes } from '../src/core/xconnect/platformComparison.js';
import { API_KEY, SECRET_KEY } from './helpers.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0, 250);
const record = { apiKey: API_KEY, secretKey: SECRET_KEY };

const requests = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
  path: fc.constantFrom(
    '/api/v1/kronos/devices',
    '/api/v1/kronos/status',
    '/status',
    '/favicon.ico',
    '/faviconXico',
    '/api/v1/kronos/rabbitmq-auth/user',
    '/swagger-resources',
    '/v2/api-docs/',
  ),
  query: fc.option(fc.constantFrom('a=1&b=2', 'B=1&a=2', '_method=put', '=x&a=1', 'a=%C3%A9', 'a=%E9', 'a=%20b', 'a='), { nil: undefined }),
  body: fc.constantFrom<[string | undefined, string | Uint8Array]>(
    [undefined, ''],
    ['application/json', '{"a":1}'],
    ['application/x-www-form-urlencoded', 'a=1&b=2'],
    ['application/octet-stream', Uint8Array.of(0xff, 0xfe, 0x41)],
  ),
  date: fc.constantFrom(
    new Date(NOW).toISOString(),
    '2026-12-04T12:00:00Z',
    '2026-12-04T12:00:00.25Z',
    '2026-12-04T12:00:00.250+00:00',
    '2026-12-04T12:00:00.250000Z',
    '2026-12-04T13:00:00.250+01:00',
  ),
  signature: fc.constantFrom<'right' | 'wrong secret' | 'garbage' | XConnectDeviationFlag>('right', 'wrong secret', 'garbage', 'UnsortedQuery', 'UppercaseHex', 'CrlfQueryLines', 'DecodedPath'),
});

describe('mayDifferFromPlatform', () => {
  it('is false only where the platform lets the request through exactly when strict does', () => {
    const seen = { skippedRejections: 0, skippedAcceptances: 0, exemptRejectionsChecked: 0 };
    fc.assert(
      fc.property(requests, ({ method, path, query, body: [type, body], date, signature }) => {
        const input = { method, path, ...(query !== undefined && { query }), body, apiKey: API_KEY, timestamp: date };
        let signed;
        try {
          if (signature === 'right' || signature === 'garbage') signed = signXConnectRequest({ ...input, secretKey: SECRET_KEY });
          else if (signature === 'wrong secret') signed = signXConnectRequest({ ...input, secretKey: 'a wrong secret' });
          else signed = signXConnectRequestWithDeviations({ ...input, secretKey: SECRET_KEY }, [signature]);
        } catch {
          return; // a combination the signer refuses (a mistake that does not apply): nothing sent
        }
        const headers: Record<string, string> = { ...(signed.headers as Record<string, string>), ...(type !== undefined && { 'content-type': type }) };
        if (signature === 'garbage') headers['x-arrow-signature'] = 'f'.repeat(64);
        const wire = { method, target: signed.target, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
        const options = { lookupCredentials: (key: string) => (key === API_KEY ? record : undefined), now: NOW, clockWindowSeconds: 600 };
        const strict = verifyXConnectRequest(wire, { ...options, acceptedVersions: [1] });
        const platform = verifyXConnectRequest(wire, { ...options, platform: 'moonstone' });
        const compared = { rawMethod: method, wireTarget: signed.target, rawQuery: query, headers, body: wire.body };
        if (moonstoneFrontRejection(method, signed.target)) return; // answered by the front note, before this shortcut
        if (mayDifferFromPlatform(compared, strict)) {
          if (strict.code === 'signature_mismatch' && passes(platform)) seen.exemptRejectionsChecked += 1;
          return;
        }
        if (strict.code === 'signature_mismatch') seen.skippedRejections += 1;
        else seen.skippedAcceptances += 1;
        expect({ code: platform.code, passes: passes(platform) }).toEqual({ code: platform.code, passes: passes(strict) });
      }),
      { numRuns: 3000, seed: 18 },
    );
    // Not vacuous: the shortcut was taken for rejections and acceptances, and the runs met rejections
    // the platform would have let through (exempt paths, other readings), which it must not skip.
    expect(seen.skippedRejections).toBeGreaterThan(30);
    expect(seen.skippedAcceptances).toBeGreaterThan(20);
    expect(seen.exemptRejectionsChecked).toBeGreaterThan(10);
  });
});

/**
 * Run by vitest inside a scratch project that installed the packed tarballs with npm: what a user's
 * own test file does with sigkit, through the published entry points only.
 */
import { checkClient, formatReport, type SignRequest } from '@sigkit/conformance';
import { createHandlers } from '@sigkit/mock-server/msw';
import { signXConnectRequest, signXConnectRequestWithDeviations, type XConnectSignInput } from '@sigkit/signer';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The signing guide's documented example (docs/spec/xconnect.md §1), typed in by hand.
const GUIDE = {
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
  signature: '28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553',
};

function inputOf(request: SignRequest): XConnectSignInput {
  if (request.scheme !== 'xconnect') throw new Error('this client speaks xConnect only');
  const body = request.bodyBase64 !== undefined ? Buffer.from(request.bodyBase64, 'base64') : (request.body ?? '');
  return { method: request.method, path: request.path, query: request.query, body, apiKey: request.apiKey, secretKey: request.secretKey, timestamp: request.timestamp, version: request.version };
}
const wireOf = (signed: { method: string; target: string; headers: object; body: string | Uint8Array }) =>
  ({ method: signed.method, target: signed.target, headers: { ...(signed.headers as Record<string, string>) }, body: signed.body });

describe('@sigkit/signer, installed', () => {
  it("reproduces the guide's documented signature", () => {
    const signed = signXConnectRequest({
      method: 'POST', path: '/api/v1/kronos/gateways', query: 'lastName=Doe&firstName=Jane&Age=30',
      apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: '2016-04-12T14:28:36.218Z',
    });
    expect(signed.headers['x-arrow-signature']).toBe(GUIDE.signature);
  });
});

describe('checkClient from @sigkit/conformance, installed (vectors shipped in the package)', () => {
  it('passes a correct client', async () => {
    const report = await checkClient({ scheme: 'xconnect', cases: 100, seed: 1, sign: (request) => wireOf(signXConnectRequest(inputOf(request))) });
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.categories.find((c) => c.name === 'vectors')?.passed).toBeGreaterThan(0);
  });

  it('fails a client that does not sort its query, and names the mistake', async () => {
    const report = await checkClient({
      scheme: 'xconnect', cases: 200, seed: 1,
      sign: (request) => {
        try {
          return wireOf(signXConnectRequestWithDeviations(inputOf(request), ['UnsortedQuery']));
        } catch {
          return wireOf(signXConnectRequest(inputOf(request)));
        }
      },
    });
    expect(report.ok).toBe(false);
    expect(report.failures.flatMap((f) => f.flags)).toContain('UnsortedQuery');
  });
});

describe('createHandlers from @sigkit/mock-server/msw with msw setupServer, installed', () => {
  const handlers = createHandlers({ baseUrl: 'http://platform.test', seed: 7 });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('accepts a signed request and rejects a tampered one with the diagnosis', async () => {
    const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=2', apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey });
    const ok = await fetch(`http://platform.test${signed.target}`, { headers: signed.headers });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown[] }).data).toHaveLength(2);

    const tampered = await fetch(`http://platform.test${signed.target.replace('_size=2', '_size=3')}`, { headers: signed.headers });
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { sigkit?: { code?: string } }).sigkit?.code).toBe('signature_mismatch');
    expect(handlers.core.journal.list({ platform: 'xconnect' }).total).toBe(2);
  });
});

import { signXConnectRequest } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { createMockCore } from './createMockCore.js';
import { GUIDE_API_KEY, GUIDE_SECRET_KEY } from './credentials/guideCredentials.js';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const encoder = new TextEncoder();
const small = { now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 2 } };

function signed(method: string, path: string, body = '') {
  const wire = signXConnectRequest({ method, path, body, apiKey: GUIDE_API_KEY, secretKey: GUIDE_SECRET_KEY, timestamp: new Date(NOW) });
  return { method, target: wire.target, headers: wire.headers, body: encoder.encode(body) };
}

describe('createMockCore', () => {
  it('serves a signed request without any HTTP framework, tagging the answer with its journal id', async () => {
    const core = createMockCore(small);
    const response = await core.handle(signed('GET', '/api/v1/kronos/gateways'));
    expect(response).toMatchObject({ kind: 'response', status: 200, headers: { 'x-sigkit-journal-id': '1' }, body: { totalSize: 1 } });
  });

  it('enforces the body limit itself, for adapters that hand over whole bodies', async () => {
    const core = createMockCore({ ...small, bodyLimit: 16 });
    const body = '{"uid":"way too long"}';
    const response = await core.handle(signed('POST', '/api/v1/kronos/devices', body));
    expect(response).toMatchObject({ status: 413, body: { message: `the request body is ${body.length} bytes; this server accepts at most 16` } });
    expect(core.journal.get(1)?.response.status).toBe(413);
  });

  it('answers and journals a body the adapter could not read', async () => {
    const core = createMockCore(small);
    const response = await core.handle({ ...signed('POST', '/api/v1/kronos/devices'), unreadableBody: { status: 400, message: 'aborted', declaredSize: 99 } });
    expect(response).toMatchObject({ status: 400, body: { message: 'aborted', path: '/api/v1/kronos/devices' } });
    expect(core.journal.get(1)).toMatchObject({ body: { size: 99, truncated: true }, verdict: null });
  });

  it('turns its own failures into a journaled JSON 500 and keeps serving', async () => {
    const core = createMockCore({ ...small, sleep: () => Promise.reject(new Error('timer broke')), faults: [{ latencyMs: 5, times: 1 }] });
    const failed = await core.handle(signed('GET', '/api/v1/kronos/gateways'));
    expect(failed).toMatchObject({ status: 500, body: { message: expect.stringContaining('timer broke') } });
    expect(core.journal.get(1)).toMatchObject({ error: 'Error: timer broke', response: { status: 500 } });
    expect(core.journal.stats().errors).toBe(1);
    expect(await core.handle(signed('GET', '/api/v1/kronos/gateways'))).toMatchObject({ status: 200 });
  });

  it('reduces an absolute-form target to the path the signature covers', async () => {
    const core = createMockCore(small);
    const request = signed('GET', '/api/v1/kronos/gateways');
    const response = await core.handle({ ...request, target: `http://mock.example:8080${request.target}` });
    expect(response).toMatchObject({ status: 200 });
  });

  it('rejects unusable options with one line', () => {
    expect(() => createMockCore({ journalSize: 0 })).toThrow('options.journalSize must be an integer from 1 to 1000000, got 0');
    expect(() => createMockCore({ profile: 'loose' as never })).toThrow('options.profile must be one of strict, moonstone, got "loose"');
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';

const CLIENT = fileURLToPath(new URL('../../../examples/python/xconnect_client.py', import.meta.url));

/** Runs the guide-based Python client (standard library only) against the mock; never rejects. */
function runClient(baseUrl: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', [CLIENT], { env: { ...process.env, XCONNECT_BASE_URL: baseUrl, ...extraEnv }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the Python client written from the signing guide', () => {
  let server: MockServer;
  let url: string;
  beforeAll(async () => {
    server = createMockServer({ seed: 42 });
    url = (await server.listen(0)).url;
  });
  afterAll(() => server.close());

  it('lists devices page by page and with a query, reads telemetry, registers a device: all verified', async () => {
    server.core.journal.reset();
    const result = await runClient(url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('devices: 240 in 5 pages');
    expect(result.stdout).toMatch(/registered python-example-[0-9a-f]{12} as [0-9a-f]{40}: device was registered successfully; found 1/);
    const entries = server.core.journal.list({ limit: 1000, order: 'asc' }).entries;
    // 5 device pages, a filtered list, latest, a range, a registration and its lookup.
    expect(entries).toHaveLength(10);
    expect(entries.every((e) => e.verdict?.code === 'ok' && e.response.status === 200)).toBe(true);
    expect(entries.map((e) => `${e.method} ${e.route}`)).toEqual([
      ...Array(5).fill('GET GET /api/v1/kronos/devices'),
      'GET GET /api/v1/kronos/devices',
      'GET GET /api/v1/kronos/telemetries/devices/{hid}/latest',
      'GET GET /api/v1/kronos/telemetries/devices/{hid}',
      'POST POST /api/v1/kronos/devices',
      'GET GET /api/v1/kronos/devices',
    ]);
  });

  it('exits non-zero and prints the mock\'s diagnosis when it signs like a client with CRLF query lines', async () => {
    const result = await runClient(url, { XCONNECT_BREAK: 'crlf-query-lines' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REJECTED: GET /api/v1/kronos/devices?_page=0&_size=50 was rejected with 401');
    expect(result.stderr).toContain('check failed: signature_mismatch');
    expect(result.stderr).toContain('deviation: CrlfQueryLines');
    expect(result.stderr).toContain("expected canonical request: 'GET\\n/api/v1/kronos/devices\\n_page=0\\n_size=50\\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'");
  });

  it('exits non-zero on a wrong secret, with no deviation to blame', async () => {
    const result = await runClient(url, { XCONNECT_BREAK: 'wrong-secret' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no known client mistake reproduces it');
  });

  it('works over HTTPS with certificate verification off, as the guides\' clients do', async () => {
    const tlsServer = createMockServer({ tls: { selfSigned: true } });
    const { url: httpsUrl } = await tlsServer.listen(0);
    try {
      const result = await runClient(httpsUrl);
      expect(result.code).toBe(0);
      expect(tlsServer.core.journal.stats()).toMatchObject({ requests: 10, verified: 10 });
    } finally {
      await tlsServer.close();
    }
  });
});

import { request as httpsRequest } from 'node:https';
import { describe, expect, it } from 'vitest';
import { createMockServer, generateSelfSignedCertificate } from '../src/index.js';
import { API, NOW, sign } from './helpers.js';

function getInsecure(url: string, headers: Record<string, string>): Promise<{ status: number; body: string; certificate: string }> {
  return new Promise((resolve, reject) => {
    // Like the guides' clients: HTTPS with certificate verification off.
    const req = httpsRequest(url, { headers, rejectUnauthorized: false }, (res) => {
      const certificate = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN ?? '');
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, certificate }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS with a generated self-signed certificate', async () => {
    const server = createMockServer({ now: () => NOW, tls: { selfSigned: true } });
    const { url, protocol } = await server.listen(0);
    try {
      expect(protocol).toBe('https');
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const signed = sign({ method: 'GET', path: `${API}/gateways`, query: '_size=1' });
      const response = await getInsecure(url + signed.target, signed.headers as unknown as Record<string, string>);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).size).toBe(1);
      expect(response.certificate).toBe('localhost');
    } finally {
      await server.close();
    }
  });

  it('serves HTTPS with a provided certificate and key', async () => {
    const material = await generateSelfSignedCertificate();
    const server = createMockServer({ tls: { cert: material.cert, key: material.key } });
    const { url } = await server.listen(0);
    try {
      expect((await getInsecure(`${url}/__sigkit/stats`, {})).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

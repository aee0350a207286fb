/** Signer benchmarks: sigkit's signer and verifier beside the floor (the same hash/HMAC calls inlined, no parsing). */
import { createHash, createHmac } from 'node:crypto';
import { signXConnectRequest, verifyXConnectRequest } from '@sigkit/signer';
import type { Bench } from 'tinybench';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const timestamp = '2024-01-01T00:00:00.000Z';
const path = '/api/v1/kronos/devices';
const query = '_page=0&_size=20&type=Sensor&enabled=true';
const body1k = JSON.stringify({ data: 'x'.repeat(1000) }).slice(0, 1024);

const hex = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
/** The floor: exactly the hashes and HMACs of version 1, with the canonical lines written by hand. */
function floorSign(method: string, lines: string, body: string): string {
  const canonical = `${method}\n${path}\n${lines}${createHash('sha256').update(body).digest('hex')}`;
  const toSign = `${createHash('sha256').update(canonical).digest('hex')}\n${apiKey}\n${timestamp}\n1`;
  const k3 = hex('1', hex(timestamp, hex(apiKey, secretKey)));
  return hex(k3, toSign);
}

/** Adds the signer's tasks, in pairs so each figure has its floor beside it. */
export function addSignerBenchmarks(bench: Bench): void {
  const signedGet = signXConnectRequest({ method: 'GET', path, query, apiKey, secretKey, timestamp });
  const lookupCredentials = () => ({ apiKey, secretKey });
  const now = Date.parse(timestamp);
  bench
    .add('xconnect v1 GET 4 params: floor', () => floorSign('GET', '_page=0\n_size=20\nenabled=true\ntype=Sensor\n', ''))
    .add('xconnect v1 GET 4 params: sigkit sign', () => signXConnectRequest({ method: 'GET', path, query, apiKey, secretKey, timestamp }))
    .add('xconnect v1 POST 1 KiB: floor', () => floorSign('POST', '', body1k))
    .add('xconnect v1 POST 1 KiB: sigkit sign', () => signXConnectRequest({ method: 'POST', path, body: body1k, apiKey, secretKey, timestamp }))
    .add('xconnect v1 GET 4 params: sigkit verify', () => verifyXConnectRequest(signedGet, { lookupCredentials, now }));
}

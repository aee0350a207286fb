/** Mock-server benchmarks: verification throughput against bare Express, memory, telemetry paging (its cold start: coldStart.ts). */
import autocannon from 'autocannon';
import { signKxRequest, signXConnectRequest, kxLoginRequest } from '@sigkit/signer';
import { createMockCore } from '@sigkit/mock-server';
import type { Bench } from 'tinybench';
import { BUILT_CLI, residentMiB, spawnListening } from './processes.js';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const DEVICES = { path: '/api/v1/kronos/devices', query: '_page=0&_size=20' };

/** A load figure. */
export interface LoadFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** A request to replay, signed once within the clock window. */
interface Prepared {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function signedDevicesRequest(): Prepared {
  const signed = signXConnectRequest({ method: 'GET', ...DEVICES, apiKey, secretKey });
  return { method: 'GET', path: signed.target, headers: signed.headers as Record<string, string> };
}

async function signedGetMem(baseUrl: string): Promise<Prepared | undefined> {
  const login = kxLoginRequest('kxSupport', '12345678');
  const answer = await fetch(baseUrl + login.path, { method: 'POST', headers: login.headers, body: login.body });
  if (!answer.ok) return undefined;
  const sessionId = ((await answer.json()) as { msg: { sessionId: string }[] }).msg[0]!.sessionId;
  const now = new Date();
  const signed = signKxRequest({
    group: 'monPublic', method: 'getMem', username: 'kxSupport', sessionId, date: now,
    params: { startTime: new Date(now.getTime() - 10 * 60_000).toISOString(), endTime: now.toISOString() },
  });
  return { method: 'POST', path: signed.path, headers: signed.headers as Record<string, string>, body: signed.body };
}

async function load(baseUrl: string, request: Prepared, options: { durationSeconds?: number; amount?: number; connections?: number }): Promise<LoadFigure> {
  const result = await autocannon({
    url: baseUrl + request.path,
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    connections: options.connections ?? 50,
    ...(options.amount === undefined ? { duration: options.durationSeconds ?? 10 } : { amount: options.amount }),
  });
  return { requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
}

/** Throughput of the sigkit mock (verifying, journaling) beside a bare Express route serving the same JSON. */
export async function mockVersusBareExpress(durationSeconds: number) {
  const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
  try {
    const devices = signedDevicesRequest();
    const devicesJson = await (await fetch(mock.url + devices.path, { headers: devices.headers })).text();
    const getMem = await signedGetMem(mock.url);
    const kxJson = getMem ? await (await fetch(mock.url + getMem.path, { method: 'POST', headers: getMem.headers, body: getMem.body! })).text() : '{}';
    const sigkitDevices = await load(mock.url, devices, { durationSeconds });
    const sigkitGetMem = getMem ? await load(mock.url, getMem, { durationSeconds }) : undefined;
    await mock.stop();
    const bare = await spawnListening(['--import', 'tsx', 'bench/bareExpress.ts'], { BARE_ANSWER: devicesJson, BARE_KX_ANSWER: kxJson });
    try {
      const bareDevices = await load(bare.url, devices, { durationSeconds });
      const bareGetMem = getMem ? await load(bare.url, getMem, { durationSeconds }) : undefined;
      return { sigkitDevices, bareDevices, sigkitGetMem, bareGetMem };
    } finally {
      await bare.stop();
    }
  } finally {
    await mock.stop();
  }
}

/**
 * Rejections beside acceptances (issue #18): the same GET /devices, signed with the right secret
 * and with a wrong one, against one mock. A wrong secret is the costliest rejection: no known
 * mistake reproduces its signature, so a search tries them all, which the mock bounds in time.
 */
export async function mockRejections(durationSeconds: number): Promise<{ accepted: LoadFigure; rejected: LoadFigure }> {
  const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
  try {
    const accepted = await load(mock.url, signedDevicesRequest(), { durationSeconds });
    const wrong = signXConnectRequest({ method: 'GET', ...DEVICES, apiKey, secretKey: 'a wrong secret' });
    const rejected = await load(mock.url, { method: 'GET', path: wrong.target, headers: wrong.headers as Record<string, string> }, { durationSeconds });
    return { accepted, rejected };
  } finally {
    await mock.stop();
  }
}

/** Resident memory of the mock after 10,000 and after 200,000 requests (the journal is a bounded ring). */
export async function mockMemory() {
  const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
  try {
    const request = signedDevicesRequest();
    await load(mock.url, request, { amount: 10_000, connections: 20 });
    const after10k = residentMiB(mock.child.pid!);
    await load(mock.url, request, { amount: 190_000, connections: 20 });
    const after200k = residentMiB(mock.child.pid!);
    return { after10kMiB: after10k, after200kMiB: after200k };
  } finally {
    await mock.stop();
  }
}

/** Serving page 0 and page 10,000 of a year of per-minute telemetry, through the core, side by side. */
export async function addPagingBenchmarks(bench: Bench): Promise<void> {
  const core = createMockCore({ seed: 42 });
  const empty = new Uint8Array();
  const list = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=1', apiKey, secretKey });
  const devices = await core.handle({ method: 'GET', target: list.target, headers: list.headers, body: empty });
  const hid = (devices as unknown as { body: { data: { hid: string }[] } }).body.data[0]!.hid;
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const now = new Date().toISOString();
  // Signed once: the bench runs well inside the 600 s window, and both pages pay the same verification.
  const page = (n: number) => {
    const signed = signXConnectRequest({
      method: 'GET', path: `/api/v1/kronos/telemetries/devices/${hid}`, apiKey, secretKey,
      query: [['fromTimestamp', yearAgo], ['toTimestamp', now], ['_page', String(n)], ['_size', '50']],
    });
    return { method: 'GET', target: signed.target, headers: signed.headers, body: empty };
  };
  const first = page(0);
  const far = page(10_000);
  for (const request of [first, far]) {
    const answer = await core.handle(request);
    if (answer.kind !== 'response' || answer.status !== 200 || !((answer.body as { data: unknown[] }).data.length > 0)) {
      throw new Error(`telemetry paging is not measurable: ${JSON.stringify(answer).slice(0, 300)}`);
    }
  }
  bench.add('telemetry paging | page 0', () => core.handle(first)).add('telemetry paging | page 10000', () => core.handle(far));
}

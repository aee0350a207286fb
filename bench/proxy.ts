/** The verifying proxy's cost: requests per second and latency through `sigkit proxy` beside the same requests sent straight to the mock, in one run. */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { signXConnectRequest } from '@sigkit/signer';
import { BUILT_CLI, spawnListening } from './processes.js';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';

/** One load run. */
export interface ProxyLoadFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** CPU time per request of the mock's process and of the proxy's (µs): a cost the machine's other load does not change much. */
  mockCpuUs: number;
  proxyCpuUs: number;
  /**
   * CPU time per request of this process, which runs autocannon (µs). On a machine whose cores are
   * all busy, the two runs' request rates go as the inverse of their whole CPU per request:
   * direct ≈ mock + client, proxied ≈ mock + proxy + client (see docs/BENCHMARKS.md, the proxy).
   */
  clientCpuUs: number;
}

/** User + system CPU time of a process so far, in µs (Linux /proc; clock ticks of 10 ms). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function load(url: string, headers: Record<string, string>, durationSeconds: number, pids: { mock?: number; proxy?: number } = {}): Promise<ProxyLoadFigure> {
  const mockBefore = cpuMicros(pids.mock);
  const proxyBefore = cpuMicros(pids.proxy);
  const clientBefore = process.cpuUsage();
  const result = await autocannon({ url, method: 'GET', headers, connections: 50, duration: durationSeconds });
  const client = process.cpuUsage(clientBefore);
  const requests = Math.max(1, result.requests.total);
  return {
    requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx,
    mockCpuUs: Math.round((cpuMicros(pids.mock) - mockBefore) / requests), proxyCpuUs: Math.round((cpuMicros(pids.proxy) - proxyBefore) / requests),
    clientCpuUs: Math.round((client.user + client.system) / requests),
  };
}

/**
 * A signed `GET /devices?_page=0&_size=20` at 50 connections, straight to the built `sigkit mock`
 * and through the built `sigkit proxy` in front of it (verifying every request, journaling it),
 * each measured twice in alternation so that neither profits from running second.
 */
export async function proxyVersusDirect(durationSeconds: number): Promise<{ direct: ProxyLoadFigure; proxied: ProxyLoadFigure; directRuns: ProxyLoadFigure[]; proxiedRuns: ProxyLoadFigure[] }> {
  const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
  try {
    const proxy = await spawnListening([BUILT_CLI, 'proxy', '--target', mock.url, '--port', '0']);
    try {
      const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_page=0&_size=20', apiKey, secretKey });
      const headers = signed.headers as Record<string, string>;
      // Warm both paths (the JIT, the proxy's pooled connections) before measuring.
      await load(mock.url + signed.target, headers, 1);
      await load(proxy.url + signed.target, headers, 1);
      const directRuns: ProxyLoadFigure[] = [];
      const proxiedRuns: ProxyLoadFigure[] = [];
      for (let round = 0; round < 2; round += 1) {
        directRuns.push(await load(mock.url + signed.target, headers, durationSeconds, { mock: mock.child.pid }));
        proxiedRuns.push(await load(proxy.url + signed.target, headers, durationSeconds, { mock: mock.child.pid, proxy: proxy.child.pid }));
      }
      const mean = (runs: ProxyLoadFigure[]): ProxyLoadFigure => ({
        requestsPerSecond: Math.round(runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length),
        p50Ms: Math.round((runs.reduce((sum, r) => sum + r.p50Ms, 0) / runs.length) * 10) / 10,
        p99Ms: Math.round((runs.reduce((sum, r) => sum + r.p99Ms, 0) / runs.length) * 10) / 10,
        non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
        mockCpuUs: Math.round(runs.reduce((sum, r) => sum + r.mockCpuUs, 0) / runs.length),
        proxyCpuUs: Math.round(runs.reduce((sum, r) => sum + r.proxyCpuUs, 0) / runs.length),
        clientCpuUs: Math.round(runs.reduce((sum, r) => sum + r.clientCpuUs, 0) / runs.length),
      });
      return { direct: mean(directRuns), proxied: mean(proxiedRuns), directRuns, proxiedRuns };
    } finally {
      await proxy.stop();
    }
  } finally {
    await mock.stop();
  }
}

/** The verifying proxy's cost: requests per second and latency through `sigkit proxy` beside the same requests sent straight to the mock, in one run. */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { signXConnectRequest } from '@sigkit/signer';
import { BUILT_CLI, spawnListening } from './processes.js';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';

const CONNECTIONS = 50;

/**
 * The load generators the proxy's benchmark can drive: wrk (C, Debian's `wrk`, a process of its
 * own) or autocannon (JavaScript, in the bench's process). On a machine whose few cores the client,
 * the proxy and the mock share, the client's own CPU is taken from the proxy: the same proxy
 * measured 0.66–0.68× direct with autocannon (31 µs of CPU a request) and 0.95× with wrk
 * (docs/BENCHMARKS.md, round four).
 */
export type LoadClient = 'wrk' | 'autocannon';

/** One load run. */
export interface ProxyLoadFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, and (wrk) requests that failed at the socket. */
  non2xx: number;
  /** CPU time per request of the mock's process and of the proxy's (µs): a cost the machine's other load does not change much. */
  mockCpuUs: number;
  proxyCpuUs: number;
  /**
   * CPU time per request of the load generator (µs). On a machine whose cores are all busy, the two
   * runs' request rates go as the inverse of their whole CPU per request: direct ≈ mock + client,
   * proxied ≈ mock + proxy + client (see docs/BENCHMARKS.md, the proxy).
   */
  clientCpuUs: number;
}

/** Fields of /proc/PID/stat after the command name: [11] utime, [12] stime, [13] cutime, [14] cstime, in clock ticks (10 ms). */
function statFields(pid: number | 'self'): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** User + system CPU time of a process so far, in µs (Linux /proc). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** User + system CPU time of this process's children that have exited and been waited for, in µs: the wrk runs. */
function exitedChildrenCpuMicros(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) * 10_000;
}

/** Whether Debian's `wrk` can be run (the system looks it up on the PATH; `--version` exits 1 but runs). */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

const WRK_TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** What `wrk --latency` printed: requests per second, the 50th and 99th latency percentiles, and the requests that failed. */
export function parseWrkOutput(text: string): { requestsPerSecond: number; requests: number; p50Ms: number; p99Ms: number; failed: number } {
  const number = (pattern: RegExp, what: string): RegExpExecArray => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`wrk printed no ${what}:\n${text}`);
    return match;
  };
  const percentile = (p: number) => {
    const match = number(new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm'), `${p}% latency`);
    return Number(match[1]) * WRK_TIME_UNITS[match[2]!]!;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    requestsPerSecond: Number(number(/Requests\/sec:\s+([\d.]+)/, 'requests per second')[1]),
    requests: Number(number(/(\d+) requests in /, 'request count')[1]),
    p50Ms: Math.round(percentile(50) * 100) / 100,
    p99Ms: Math.round(percentile(99) * 100) / 100,
    failed: Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

const run = promisify(execFile);

async function load(client: LoadClient, url: string, headers: Record<string, string>, durationSeconds: number, pids: { mock?: number; proxy?: number } = {}): Promise<ProxyLoadFigure> {
  const mockBefore = cpuMicros(pids.mock);
  const proxyBefore = cpuMicros(pids.proxy);
  let requests: number;
  let figure: Pick<ProxyLoadFigure, 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'non2xx' | 'clientCpuUs'>;
  if (client === 'wrk') {
    const clientBefore = exitedChildrenCpuMicros();
    // One thread, as autocannon's one event loop; --latency prints the percentiles.
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${durationSeconds}s`, '--latency', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url];
    const { stdout } = await run('wrk', args);
    const parsed = parseWrkOutput(stdout);
    requests = Math.max(1, parsed.requests);
    figure = { requestsPerSecond: Math.round(parsed.requestsPerSecond), p50Ms: parsed.p50Ms, p99Ms: parsed.p99Ms, non2xx: parsed.failed, clientCpuUs: Math.round((exitedChildrenCpuMicros() - clientBefore) / requests) };
  } else {
    const clientBefore = process.cpuUsage();
    const result = await autocannon({ url, method: 'GET', headers, connections: CONNECTIONS, duration: durationSeconds });
    const used = process.cpuUsage(clientBefore);
    requests = Math.max(1, result.requests.total);
    figure = { requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx + result.errors, clientCpuUs: Math.round((used.user + used.system) / requests) };
  }
  return { ...figure, mockCpuUs: Math.round((cpuMicros(pids.mock) - mockBefore) / requests), proxyCpuUs: Math.round((cpuMicros(pids.proxy) - proxyBefore) / requests) };
}

/**
 * A signed `GET /devices?_page=0&_size=20` at 50 connections from `client`, straight to the built
 * `sigkit mock` and through the built `sigkit proxy` in front of it (verifying every request,
 * journaling it), each measured twice in alternation so that neither profits from running second.
 */
export async function proxyVersusDirect(durationSeconds: number, client: LoadClient): Promise<{ direct: ProxyLoadFigure; proxied: ProxyLoadFigure; directRuns: ProxyLoadFigure[]; proxiedRuns: ProxyLoadFigure[] }> {
  const mock = await spawnListening([BUILT_CLI, 'mock', '--port', '0']);
  try {
    const proxy = await spawnListening([BUILT_CLI, 'proxy', '--target', mock.url, '--port', '0']);
    try {
      const signed = signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', query: '_page=0&_size=20', apiKey, secretKey });
      const headers = signed.headers as Record<string, string>;
      // Warm both paths (the JIT, the proxy's pooled connections) before measuring.
      await load(client, mock.url + signed.target, headers, 1);
      await load(client, proxy.url + signed.target, headers, 1);
      const directRuns: ProxyLoadFigure[] = [];
      const proxiedRuns: ProxyLoadFigure[] = [];
      for (let round = 0; round < 2; round += 1) {
        directRuns.push(await load(client, mock.url + signed.target, headers, durationSeconds, { mock: mock.child.pid }));
        proxiedRuns.push(await load(client, proxy.url + signed.target, headers, durationSeconds, { mock: mock.child.pid, proxy: proxy.child.pid }));
      }
      const mean = (runs: ProxyLoadFigure[], pick: (r: ProxyLoadFigure) => number, digits = 0) => Math.round((runs.reduce((sum, r) => sum + pick(r), 0) / runs.length) * 10 ** digits) / 10 ** digits;
      const summary = (runs: ProxyLoadFigure[]): ProxyLoadFigure => ({
        requestsPerSecond: mean(runs, (r) => r.requestsPerSecond), p50Ms: mean(runs, (r) => r.p50Ms, 1), p99Ms: mean(runs, (r) => r.p99Ms, 1),
        non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
        mockCpuUs: mean(runs, (r) => r.mockCpuUs), proxyCpuUs: mean(runs, (r) => r.proxyCpuUs), clientCpuUs: mean(runs, (r) => r.clientCpuUs),
      });
      return { direct: summary(directRuns), proxied: summary(proxiedRuns), directRuns, proxiedRuns };
    } finally {
      await proxy.stop();
    }
  } finally {
    await mock.stop();
  }
}

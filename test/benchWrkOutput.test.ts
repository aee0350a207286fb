// The proxy benchmark reads wrk's report; these are reports wrk 4.1.0 (Debian) printed.
import { describe, expect, it } from 'vitest';
import { parseWrkOutput } from '../bench/proxy.js';

// `wrk -t1 -c5 -d1s --latency` against the mock, unsigned: every answer a 401.
const REJECTED = `Running 1s test @ http://127.0.0.1:18431/api/v1/kronos/devices
  1 threads and 5 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   739.83us    1.11ms  17.02ms   90.54%
    Req/Sec    10.45k     4.76k   17.63k    50.00%
  Latency Distribution
     50%  406.00us
     75%  706.00us
     90%    1.78ms
     99%    5.02ms
  10400 requests in 1.00s, 6.23MB read
  Non-2xx or 3xx responses: 10400
Requests/sec:  10367.05
Transfer/sec:      6.21MB
`;

describe('parseWrkOutput', () => {
  it('reads the rate, the count, the percentiles in their units, and the answers that were not 2xx', () => {
    expect(parseWrkOutput(REJECTED)).toEqual({ requestsPerSecond: 10367.05, requests: 10400, p50Ms: 0.41, p99Ms: 5.02, failed: 10400 });
  });

  it('counts socket errors as failures, and seconds as thousands of milliseconds', () => {
    const report = REJECTED.replace('  Non-2xx or 3xx responses: 10400\n', '  Socket errors: connect 1, read 3, write 0, timeout 2\n').replace('5.02ms', '1.25s');
    expect(parseWrkOutput(report)).toMatchObject({ p99Ms: 1250, failed: 6 });
  });

  it('says what is missing from a report it cannot read', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:18432 Connection refused\n')).toThrow(/no requests per second/);
  });
});

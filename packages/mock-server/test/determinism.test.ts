import { describe, expect, it } from 'vitest';
import { API, call, NOW, testServer } from './helpers.js';

/** Raw answer bytes of a fixed set of reads against one server. */
async function answers(seed: number): Promise<string[]> {
  const server = testServer({ seed, dataset: { gateways: 4, devicesPerGateway: 10 } });
  const devices = (await call(server, { method: 'GET', path: `${API}/devices`, query: '_size=200' })).body.data as Array<{ hid: string; gatewayHid: string }>;
  const device = devices[17]!;
  const appHid = (await call(server, { method: 'GET', path: `${API}/gateways` })).body.data[0].applicationHid;
  const range = `fromTimestamp=${new Date(NOW - 86_400_000).toISOString()}&toTimestamp=${new Date(NOW).toISOString()}`;
  const reads: Array<[string, string?]> = [
    [`${API}/gateways`],
    [`${API}/gateways/${device.gatewayHid}`],
    [`${API}/gateways/${device.gatewayHid}/devices`],
    [`${API}/devices`, '_page=1&_size=15'],
    [`${API}/devices/${device.hid}`],
    [`${API}/telemetries/devices/${device.hid}/latest`],
    [`${API}/telemetries/devices/${device.hid}`, `${range}&_page=3`],
    [`${API}/telemetries/applications/${appHid}`, `${range}&_page=40`],
  ];
  const texts: string[] = [];
  for (const [path, query] of reads) {
    const response = await call(server, { method: 'GET', path, ...(query ? { query } : {}) });
    expect(response.status).toBe(200);
    texts.push(response.text);
  }
  return texts;
}

describe('determinism', () => {
  it('gives byte-identical answers from two servers with one seed', async () => {
    expect(await answers(7)).toEqual(await answers(7));
  });

  it('gives different data for another seed', async () => {
    const [a, b] = [await answers(7), await answers(8)];
    a.forEach((text, i) => expect(text).not.toBe(b[i]));
  });

  it('gives the same hid to the same registration on two servers', async () => {
    const register = async () => {
      const server = testServer({ seed: 3 });
      const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
      return (await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ uid: 'same-uid', gatewayHid }) })).body.hid;
    };
    expect(await register()).toBe(await register());
  });
});

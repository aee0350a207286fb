import { describe, expect, it } from 'vitest';
import { API, call, NOW, testServer } from './helpers.js';

type Item = { deviceHid: string; name: string; type: string; timestamp: number; [value: string]: unknown };

const MINUTE = 60_000;
const VALUE_FIELDS = ['strValue', 'intValue', 'floatValue', 'boolValue', 'dateValue', 'datetimeValue'];
const iso = (ms: number) => new Date(ms).toISOString();

function seededDevice(server: ReturnType<typeof testServer>) {
  return server.core.state.xconnect.devices()[0]!;
}

async function range(server: ReturnType<typeof testServer>, hid: string, from: number, to: number, extra = '') {
  const query = `fromTimestamp=${encodeURIComponent(iso(from))}&toTimestamp=${encodeURIComponent(iso(to))}${extra}`;
  return call(server, { method: 'GET', path: `${API}/telemetries/devices/${hid}`, query });
}

describe('telemetry endpoints', () => {
  it('answers the latest value of each telemetry at the current minute, one value field each', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const response = await call(server, { method: 'GET', path: `${API}/telemetries/devices/${device.hid}/latest` });
    expect(response.body.size).toBe(response.body.data.length);
    expect(response.body.size).toBeGreaterThan(0);
    for (const item of response.body.data as Item[]) {
      expect(item).toMatchObject({ deviceHid: device.hid, timestamp: Math.floor(NOW / MINUTE) * MINUTE });
      expect(Object.keys(item).filter((k) => VALUE_FIELDS.includes(k))).toHaveLength(1);
    }
  });

  it('computes a time range minute by minute, both ends included, in timestamp then name order', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const names = (await call(server, { method: 'GET', path: `${API}/telemetries/devices/${device.hid}/latest` })).body.data.map((i: Item) => i.name);
    const from = Math.floor(NOW / MINUTE) * MINUTE - 9 * MINUTE; // a minute boundary: included
    const response = await range(server, device.hid, from, NOW);
    expect(response.body).toMatchObject({ page: 0, totalSize: 10 * names.length, totalPages: 1, size: 200 });
    const items = response.body.data as Item[];
    expect(items[0]!.timestamp).toBe(from);
    for (let i = 1; i < items.length; i += 1) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.name < b.name)).toBe(true);
    }
    const filtered = await range(server, device.hid, from, NOW, `&telemetryNames=${names[0]},${names[1]}`);
    expect(filtered.body.totalSize).toBe(20);
    expect(new Set(filtered.body.data.map((i: Item) => i.name))).toEqual(new Set([names[0], names[1]]));
  });

  it('pages a year of per-minute points; any page agrees with a narrow query of its own minute', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const year = await range(server, device.hid, NOW - 365 * 24 * 60 * MINUTE, NOW, '&_size=200');
    const totalSize = year.body.totalSize as number;
    expect(totalSize).toBeGreaterThan(365 * 24 * 60);
    expect(year.body.totalPages).toBe(Math.ceil(totalSize / 200));

    const lastPage = year.body.totalPages - 1;
    const last = await range(server, device.hid, NOW - 365 * 24 * 60 * MINUTE, NOW, `&_size=200&_page=${lastPage}`);
    expect(last.body.data).toHaveLength(totalSize - lastPage * 200);
    expect(last.body.size).toBe(200); // the platform's quirk: the requested size

    const middle = await range(server, device.hid, NOW - 365 * 24 * 60 * MINUTE, NOW, '&_size=200&_page=1234');
    const probe = middle.body.data[7] as Item;
    const minute = await range(server, device.hid, probe.timestamp, probe.timestamp);
    expect(minute.body.data).toContainEqual(probe);
  });

  it('has no history before the dataset\'s start nor after the server\'s now', async () => {
    const server = testServer();
    const device = seededDevice(server);
    expect((await range(server, device.hid, Date.UTC(2015, 0, 1), Date.UTC(2015, 11, 31))).body).toMatchObject({ totalSize: 0, totalPages: 0, data: [] });
    const future = await range(server, device.hid, NOW - 2 * MINUTE, NOW + 60 * MINUTE);
    expect((future.body.data as Item[]).every((i) => i.timestamp <= NOW)).toBe(true);
  });

  it('serves an application\'s telemetry: every enabled device, ordered by timestamp, device, name', async () => {
    const server = testServer();
    const appHid = (await call(server, { method: 'GET', path: `${API}/gateways` })).body.data[0].applicationHid;
    const enabled = (await call(server, { method: 'GET', path: `${API}/devices`, query: 'enabled=true&_size=200' })).body.data as Array<{ hid: string }>;
    let perMinute = 0;
    for (const device of enabled) perMinute += (await call(server, { method: 'GET', path: `${API}/telemetries/devices/${device.hid}/latest` })).body.size;
    const minuteStart = Math.floor(NOW / MINUTE) * MINUTE;
    const query = `fromTimestamp=${iso(minuteStart - MINUTE)}&toTimestamp=${iso(minuteStart)}&_size=200`;
    const response = await call(server, { method: 'GET', path: `${API}/telemetries/applications/${appHid}`, query });
    expect(response.body.totalSize).toBe(2 * perMinute);
    const items = response.body.data as Item[];
    expect(new Set(items.map((i) => i.deviceHid))).toEqual(new Set(enabled.map((d) => d.hid)));
    for (let i = 1; i < items.length; i += 1) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(a.timestamp < b.timestamp || (a.timestamp === b.timestamp && (a.deviceHid < b.deviceHid || (a.deviceHid === b.deviceHid && a.name < b.name)))).toBe(true);
    }
    expect((await call(server, { method: 'GET', path: `${API}/telemetries/applications/${'1'.repeat(40)}`, query })).body.message).toBe('application not found');
  });

  it('stores posted telemetry and shows it in ranges and latest values', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const before = await range(server, device.hid, NOW - 5 * MINUTE, NOW);
    const posted = await call(server, {
      method: 'POST',
      path: `${API}/telemetries/devices/${device.hid}`,
      body: JSON.stringify({ '_|deviceHid': device.hid, '_|timestamp': String(NOW - 30_000), 'f|pressure': '1013.25', 's|note': 'door open' }),
    });
    expect(posted.body).toEqual({ status: 'OK', message: '' });
    const after = await range(server, device.hid, NOW - 5 * MINUTE, NOW);
    expect(after.body.totalSize).toBe(before.body.totalSize + 2);
    expect(after.body.data).toContainEqual({ deviceHid: device.hid, name: 'pressure', type: 'Float', timestamp: NOW - 30_000, floatValue: 1013.25 });
    const latest = await call(server, { method: 'GET', path: `${API}/telemetries/devices/${device.hid}/latest` });
    expect(latest.body.data).toContainEqual({ deviceHid: device.hid, name: 'note', type: 'String', timestamp: NOW - 30_000, strValue: 'door open' });
  });

  it('stores a batch only when every entry is valid', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const path = `${API}/telemetries/devices/${device.hid}/batch`;
    const batch = [
      { '_|timestamp': String(NOW - 50_000), 'i|count': '1' },
      { '_|timestamp': String(NOW - 40_000), 'i|count': '2' },
    ];
    const bad = await call(server, { method: 'POST', path, body: JSON.stringify([...batch, { 'i|count': 'three' }]) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('telemetry[2]: the value of "i|count" must be an integer such as "42", got "three"');
    const names = '&telemetryNames=count';
    expect((await range(server, device.hid, NOW - MINUTE, NOW, names)).body.totalSize).toBe(0);
    expect((await call(server, { method: 'POST', path, body: JSON.stringify(batch) })).body).toEqual({ status: 'OK', message: '' });
    expect((await range(server, device.hid, NOW - MINUTE, NOW, names)).body.data.map((i: Item) => i.intValue)).toEqual([1, 2]);
    expect((await call(server, { method: 'POST', path, body: '{"i|count":"1"}' })).body.message).toBe('the request body must be a JSON array of telemetry objects');
  });

  it('a device registered through the API has only what it posted', async () => {
    const server = testServer();
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const { hid } = (await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ uid: 'fresh', gatewayHid }) })).body;
    expect((await call(server, { method: 'GET', path: `${API}/telemetries/devices/${hid}/latest` })).body).toEqual({ size: 0, data: [] });
    await call(server, { method: 'POST', path: `${API}/telemetries/devices/${hid}`, body: '{"b|on":"true"}' });
    expect((await range(server, hid, NOW - MINUTE, NOW)).body.data).toEqual([{ deviceHid: hid, name: 'on', type: 'Boolean', timestamp: NOW, boolValue: true }]);
  });

  it('validates ranges and devices with 400s', async () => {
    const server = testServer();
    const device = seededDevice(server);
    const get = (query: string) => call(server, { method: 'GET', path: `${API}/telemetries/devices/${device.hid}`, query });
    expect((await get(`toTimestamp=${iso(NOW)}`)).body.message).toBe('fromTimestamp is required (ISO-8601, e.g. 2024-05-01T12:00:00Z)');
    expect((await get(`fromTimestamp=yesterday&toTimestamp=${iso(NOW)}`)).body.message).toMatch(/^invalid datetime format: fromTimestamp "yesterday"/);
    expect((await get(`fromTimestamp=${iso(NOW)}&toTimestamp=${iso(NOW - 1)}`)).body.message).toBe('fromTimestamp must be less than toTimestamp');
    expect((await get(`fromTimestamp=${iso(NOW - 1)}&toTimestamp=${iso(NOW)}&_size=201`)).body.message).toBe('size must be between 1 and 200');
    const unknown = await call(server, { method: 'GET', path: `${API}/telemetries/devices/${'2'.repeat(40)}/latest` });
    expect(unknown.body.message).toBe('device not found');
    const post = await call(server, { method: 'POST', path: `${API}/telemetries/devices/${device.hid}`, body: '{"temperature":"1"}' });
    expect(post.body.message).toMatch(/key "temperature" must be "prefix\|name"/);
  });
});

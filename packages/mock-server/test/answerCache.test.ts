/**
 * Reads of gateways and devices are served again from a cache of their JSON text until the store
 * changes. These tests read, change the data every way it can change, and read again.
 */
import { describe, expect, it } from 'vitest';
import { API, admin, call, sign, testServer } from './helpers.js';

const device = { uid: 'cache-test-device', name: 'Cache test', type: 'Sensor' };

describe('answers kept between reads', () => {
  it('a repeated read gets the same bytes as the first read of a fresh server', async () => {
    const server = testServer();
    const first = await call(server, { method: 'GET', path: `${API}/devices`, query: '_page=1&_size=5' });
    const again = await call(server, { method: 'GET', path: `${API}/devices`, query: '_page=1&_size=5' });
    const fresh = await call(testServer(), { method: 'GET', path: `${API}/devices`, query: '_page=1&_size=5' });
    expect(first.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.text).toBe(fresh.text);
    expect(again.headers['content-length']).toBe(String(Buffer.byteLength(fresh.text)));
    expect(JSON.parse(again.text).data).toHaveLength(5);
  });

  it('a device registered between two reads is in the second, in the list and under its gateway', async () => {
    const server = testServer();
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const list = () => call(server, { method: 'GET', path: `${API}/devices`, query: '_size=200' });
    const underGateway = () => call(server, { method: 'GET', path: `${API}/gateways/${gatewayHid}/devices` });
    const before = (await list()).body.totalSize as number;
    const beforeUnder = (await underGateway()).body.size as number;
    const created = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ ...device, gatewayHid }) });
    expect(created.status).toBe(200);
    const after = (await list()).body;
    expect(after.totalSize).toBe(before + 1);
    expect(after.data.map((d: { uid: string }) => d.uid)).toContain(device.uid);
    expect((await underGateway()).body.size).toBe(beforeUnder + 1);
  });

  it('a gateway changed by PUT is read back changed, alone and in the list', async () => {
    const server = testServer();
    const hid = server.core.state.xconnect.gateways()[1]!.hid;
    const one = () => call(server, { method: 'GET', path: `${API}/gateways/${hid}` });
    const list = () => call(server, { method: 'GET', path: `${API}/gateways` });
    expect((await one()).body.name).not.toBe('Renamed');
    await list();
    const updated = await call(server, { method: 'PUT', path: `${API}/gateways/${hid}`, body: JSON.stringify({ name: 'Renamed' }) });
    expect(updated.status).toBe(200);
    expect((await one()).body.name).toBe('Renamed');
    expect((await list()).body.data.find((g: { hid: string }) => g.hid === hid).name).toBe('Renamed');
  });

  it('a record changed in place through core.state is read back changed', async () => {
    const server = testServer();
    const hid = server.core.state.xconnect.devices()[2]!.hid;
    const read = () => call(server, { method: 'GET', path: `${API}/devices/${hid}` });
    expect((await read()).body.name).not.toBe('Changed in place');
    server.core.state.xconnect.device(hid)!.name = 'Changed in place';
    expect((await read()).body.name).toBe('Changed in place');
  });

  it('an admin reset brings back the seeded answers', async () => {
    const server = testServer();
    const list = () => call(server, { method: 'GET', path: `${API}/devices` });
    const seeded = (await list()).text;
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const created = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ ...device, gatewayHid }) });
    expect(created.status).toBe(200);
    expect((await list()).text).not.toBe(seeded);
    expect((await admin(server, 'post', '/reset')).status).toBe(200);
    expect((await list()).text).toBe(seeded);
  });

  it('an answer handed out in process cannot be changed under the next reader', async () => {
    const server = testServer();
    const wire = sign({ method: 'GET', path: `${API}/devices`, query: '_size=3' });
    const ask = () => server.core.handle({ method: wire.method, target: wire.target, headers: wire.headers, body: new Uint8Array() });
    const first = await ask();
    if (first.kind !== 'response') throw new Error('expected an answer');
    const body = first.body as { size: number };
    expect(() => {
      body.size = 99;
    }).toThrow(TypeError);
    const second = await ask();
    expect(second.kind === 'response' && (second.body as { size: number }).size).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { API, call, testServer } from './helpers.js';

type Device = { hid: string; uid: string; type: string; gatewayHid: string; enabled: boolean; pri: string };

async function allDevices(server: ReturnType<typeof testServer>): Promise<Device[]> {
  return (await call(server, { method: 'GET', path: `${API}/devices`, query: '_size=200' })).body.data;
}

describe('device endpoints', () => {
  it('lists devices with the fields of docs/spec/xconnect.md §5', async () => {
    const server = testServer();
    const devices = await allDevices(server);
    expect(devices).toHaveLength(21);
    for (const device of devices) {
      expect(device.pri).toBe(`arw:krn:dev:${device.hid}`);
      expect(Object.keys(device)).toEqual(expect.arrayContaining(['hid', 'pri', 'createdDate', 'lastModifiedDate', 'uid', 'name', 'type', 'gatewayHid', 'softwareName', 'softwareVersion', 'info', 'properties', 'enabled']));
    }
  });

  it('filters by uid, type, gatewayHid and enabled, each alone and together', async () => {
    const server = testServer({ dataset: { gateways: 4, devicesPerGateway: 12 } });
    const devices = await allDevices(server);
    const sample = devices.find((d) => !d.enabled) ?? devices[0]!;
    const filtered = async (query: string) => (await call(server, { method: 'GET', path: `${API}/devices`, query: `${query}&_size=200` })).body.data as Device[];
    expect((await filtered(`uid=${sample.uid}`)).map((d) => d.hid)).toEqual([sample.hid]);
    expect((await filtered(`type=${sample.type}`)).map((d) => d.hid)).toEqual(devices.filter((d) => d.type === sample.type).map((d) => d.hid));
    expect((await filtered(`gatewayHid=${sample.gatewayHid}`)).map((d) => d.hid)).toEqual(devices.filter((d) => d.gatewayHid === sample.gatewayHid).map((d) => d.hid));
    expect((await filtered('enabled=false')).map((d) => d.hid)).toEqual(devices.filter((d) => !d.enabled).map((d) => d.hid));
    expect((await filtered('enabled=TRUE')).length).toBe(devices.filter((d) => d.enabled).length);
    const both = await filtered(`type=${sample.type}&gatewayHid=${sample.gatewayHid}`);
    expect(both.map((d) => d.hid)).toEqual(devices.filter((d) => d.type === sample.type && d.gatewayHid === sample.gatewayHid).map((d) => d.hid));
    expect(await filtered('gatewayHid=unknown')).toEqual([]);
  });

  it('gets one device, and answers an unknown one with the platform\'s 400', async () => {
    const server = testServer();
    const [device] = await allDevices(server);
    expect((await call(server, { method: 'GET', path: `${API}/devices/${device!.hid}` })).body).toEqual(device);
    expect((await call(server, { method: 'GET', path: `${API}/devices/${'9'.repeat(40)}` })).body).toEqual({
      status: 400, message: 'device not found', exceptionClassName: 'java.lang.IllegalArgumentException',
    });
  });

  it('registers a new device, which later reads see', async () => {
    const server = testServer();
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const registration = { uid: 'dev-new-1', name: 'New', type: 'thermostat', gatewayHid, info: { room: '12' }, softwareVersion: '0.1' };
    const created = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify(registration) });
    expect(created.body).toEqual({ hid: expect.stringMatching(/^[0-9a-f]{40}$/), externalId: 'dev-new-1', message: 'device was registered successfully' });
    const read = await call(server, { method: 'GET', path: `${API}/devices/${created.body.hid}` });
    expect(read.body).toMatchObject({ uid: 'dev-new-1', name: 'New', type: 'thermostat', gatewayHid, info: { room: '12' }, softwareVersion: '0.1', enabled: true });
    expect((await call(server, { method: 'GET', path: `${API}/devices`, query: 'uid=dev-new-1' })).body.totalSize).toBe(1);
    expect((await call(server, { method: 'GET', path: `${API}/gateways/${gatewayHid}/devices` })).body.data.map((d: Device) => d.uid)).toContain('dev-new-1');
  });

  it('upserts by uid: the same registration is "already registered", a change updates the device', async () => {
    const server = testServer();
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    const body = { uid: 'dev-upsert', gatewayHid, type: 'meter' };
    const first = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify(body) });
    const same = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify(body) });
    expect(same.body).toEqual({ hid: first.body.hid, externalId: 'dev-upsert', message: 'device is already registered' });
    const changed = await call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify({ uid: 'dev-upsert', enabled: false }) });
    expect(changed.body.message).toBe('device is already registered, device information has been updated');
    expect((await call(server, { method: 'GET', path: `${API}/devices/${first.body.hid}` })).body.enabled).toBe(false);
  });

  it('requires uid always and gatewayHid for a new device', async () => {
    const server = testServer();
    const post = (body: unknown) => call(server, { method: 'POST', path: `${API}/devices`, body: JSON.stringify(body) });
    expect((await post({ name: 'x' })).body.message).toBe('uid is required');
    expect((await post({ uid: '   ' })).body.message).toBe('uid is required');
    expect((await post({ uid: 'brand-new' })).body.message).toBe('gatewayHid is required to register a new device');
    expect((await post({ uid: 'brand-new', gatewayHid: 'nope' })).body.message).toBe('gateway not found');
    const gatewayHid = server.core.state.xconnect.gateways()[0]!.hid;
    expect((await post({ uid: 'brand-new', gatewayHid, enabled: 'yes' })).body.message).toBe('enabled must be true or false');
    expect((await post({ uid: 'brand-new', gatewayHid, name: 5 })).body.message).toBe('name must be a string');
  });
});

import { describe, expect, it } from 'vitest';
import { API, API_KEY, call, SECRET_KEY, testServer } from './helpers.js';

const newGateway = { uid: 'gw-test-1', name: 'Test Gateway', osName: 'Linux', softwareName: 'kit', softwareVersion: '1.0.0', type: 'Local' };

describe('gateway endpoints', () => {
  it('lists gateways as a paged answer of gateway models', async () => {
    const server = testServer();
    const response = await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ size: 3, page: 0, totalSize: 3, totalPages: 1 });
    for (const gateway of response.body.data) {
      expect(gateway.hid).toMatch(/^[0-9a-f]{40}$/);
      expect(gateway.pri).toBe(`arw:krn:gtw:${gateway.hid}`);
      expect(['Local', 'Cloud', 'Mobile']).toContain(gateway.type);
      expect(gateway).toHaveProperty('applicationHid');
      expect(Object.values(gateway)).not.toContain(null);
    }
  });

  it('registers a gateway, then finds it by hid and in the list', async () => {
    const server = testServer();
    const created = await call(server, { method: 'POST', path: `${API}/gateways`, body: JSON.stringify(newGateway) });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ hid: expect.stringMatching(/^[0-9a-f]{40}$/), externalId: 'gw-test-1', message: 'OK' });
    const found = await call(server, { method: 'GET', path: `${API}/gateways/${created.body.hid}` });
    expect(found.body).toMatchObject({ ...newGateway, hid: created.body.hid, createdBy: 'signing guide example' });
    const list = await call(server, { method: 'GET', path: `${API}/gateways` });
    expect(list.body.totalSize).toBe(4);
    expect(list.body.data.at(-1).hid).toBe(created.body.hid);
  });

  it('registering an existing uid updates that gateway instead of adding one', async () => {
    const server = testServer();
    const first = await call(server, { method: 'POST', path: `${API}/gateways`, body: JSON.stringify(newGateway) });
    const again = await call(server, { method: 'POST', path: `${API}/gateways`, body: JSON.stringify({ ...newGateway, softwareVersion: '2.0.0' }) });
    expect(again.body.hid).toBe(first.body.hid);
    expect((await call(server, { method: 'GET', path: `${API}/gateways/${first.body.hid}` })).body.softwareVersion).toBe('2.0.0');
    expect((await call(server, { method: 'GET', path: `${API}/gateways` })).body.totalSize).toBe(4);
  });

  it('validates registrations with the platform\'s messages, first missing field first', async () => {
    const server = testServer();
    const post = (body: unknown) => call(server, { method: 'POST', path: `${API}/gateways`, body: JSON.stringify(body) });
    const cases: Array<[unknown, string]> = [
      [{}, 'uid is required'],
      [{ uid: 'u' }, 'name is required'],
      [{ uid: 'u', name: 'n' }, 'osName is required'],
      [{ uid: 'u', name: 'n', osName: 'o' }, 'softwareName is required'],
      [{ uid: 'u', name: 'n', osName: 'o', softwareName: 's' }, 'softwareVersion is required'],
      [{ uid: 'u', name: 'n', osName: 'o', softwareName: 's', softwareVersion: 'v' }, 'type is required'],
      [{ ...newGateway, type: 'Satellite' }, 'type must be one of Local, Cloud, Mobile, got "Satellite"'],
      [{ ...newGateway, uid: 42 }, 'uid must be a string'],
      [{ ...newGateway, info: { a: [] } }, 'info.a must be text'],
      [[newGateway], 'the request body must be a JSON object (a gateway: uid, name, osName, softwareName, softwareVersion, type)'],
    ];
    for (const [body, message] of cases) {
      const response = await post(body);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 400,
        body: { status: 400, message, exceptionClassName: 'java.lang.IllegalArgumentException' },
      });
    }
  });

  it('updates a gateway with PUT and rejects a type outside the enum', async () => {
    const server = testServer();
    const hid = server.core.state.xconnect.gateways()[0]!.hid;
    const updated = await call(server, { method: 'PUT', path: `${API}/gateways/${hid}`, body: JSON.stringify({ name: 'Renamed', type: 'Mobile', properties: { floor: ' 3 ' } }) });
    expect(updated.body).toEqual({ hid, message: 'OK' });
    expect((await call(server, { method: 'GET', path: `${API}/gateways/${hid}` })).body).toMatchObject({ name: 'Renamed', type: 'Mobile', properties: { floor: '3' } });
    expect((await call(server, { method: 'PUT', path: `${API}/gateways/${hid}`, body: '{"type":"Other"}' })).status).toBe(400);
    expect((await call(server, { method: 'PUT', path: `${API}/gateways/${hid}`, body: '{"uid":"changed"}' })).body.message).toMatch(/^uid cannot be changed/);
  });

  it('answers checkin and heartbeat with the platform\'s status model and records them', async () => {
    const server = testServer();
    const hid = server.core.state.xconnect.gateways()[1]!.hid;
    for (const action of ['checkin', 'heartbeat']) {
      const response = await call(server, { method: 'PUT', path: `${API}/gateways/${hid}/${action}` });
      expect(response.body).toEqual({ status: 'OK', message: '' });
    }
    expect(server.core.state.xconnect.gateway(hid)).toMatchObject({ lastCheckinDate: expect.any(Number), lastHeartbeatDate: expect.any(Number) });
  });

  it('serves the gateway config with the keys of the requesting application', async () => {
    const server = testServer();
    const hid = server.core.state.xconnect.gateways()[0]!.hid;
    const response = await call(server, { method: 'GET', path: `${API}/gateways/${hid}/config` });
    expect(response.body).toEqual({ cloudPlatform: 'IotConnect', key: { apiKey: API_KEY, secretKey: SECRET_KEY } });
  });

  it('lists a gateway\'s devices as {size, data}', async () => {
    const server = testServer();
    const gateway = server.core.state.xconnect.gateways()[2]!;
    const response = await call(server, { method: 'GET', path: `${API}/gateways/${gateway.hid}/devices` });
    expect(response.body.size).toBe(7);
    expect(response.body.data.every((d: { gatewayHid: string }) => d.gatewayHid === gateway.hid)).toBe(true);
  });

  it('answers unknown gateways with 400, as the platform did', async () => {
    const server = testServer();
    const unknown = '0'.repeat(40);
    for (const [method, path] of [['GET', ''], ['PUT', '/checkin'], ['PUT', '/heartbeat'], ['GET', '/config']] as const) {
      const response = await call(server, { method, path: `${API}/gateways/${unknown}${path}` });
      expect(response.body).toEqual({ status: 400, message: 'invalid gateway hid', exceptionClassName: 'moonstone.acs.AcsLogicalException' });
    }
    expect((await call(server, { method: 'GET', path: `${API}/gateways/${unknown}/devices` })).body.message).toBe('gateway not found');
  });
});

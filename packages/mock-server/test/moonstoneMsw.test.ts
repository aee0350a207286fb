/** The moonstone profile through MSW handlers: the platform's early answers reach a `fetch` client as they would over a socket. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../src/msw/index.js';
import { API, NOW } from './helpers.js';

const BASE = 'https://kronos.test';

describe('moonstone through MSW', () => {
  const handlers = createHandlers({ baseUrl: BASE, profile: 'moonstone', now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 2 } });
  const msw = setupServer(...handlers);
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());

  it("answers the firewall's 500 for ';' in the path, in Spring Boot's error JSON", async () => {
    const response = await fetch(`${BASE}${API}/devices;jsessionid=1`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      timestamp: new Date(NOW).toISOString(),
      status: 500,
      error: 'Internal Server Error',
      message: 'The request was rejected because the URL contained a potentially malicious String ";"',
      path: `${API}/devices;jsessionid=1`,
    });
  });

  it('answers a lower-case patch (fetch keeps its case) with the method lookup\'s 500', async () => {
    const response = await fetch(`${BASE}${API}/devices`, { method: 'patch' });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { message: string }).message).toBe('No enum constant org.springframework.web.bind.annotation.RequestMethod.patch');
  });

  it('answers the ping unsigned, every other path 401, and /logout with a redirect to the https origin', async () => {
    expect(await (await fetch(`${BASE}/status`)).json()).toEqual({ start: NOW, end: NOW, duration: 0, status: 200, data: null });
    expect((await fetch(`${BASE}/nothing`)).status).toBe(401);
    const logout = await fetch(`${BASE}/logout`, { redirect: 'manual' });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('https://kronos.test/login?logout');
  });
});

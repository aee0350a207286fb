import { describe, expect, it } from 'vitest';
import { API, call, testServer } from './helpers.js';

describe('paging (docs/spec/xconnect.md §5)', () => {
  // 3 gateways × 7 devices: 21 devices.
  const server = testServer();
  const list = (query: string) => call(server, { method: 'GET', path: `${API}/devices`, query });

  it('defaults to page 0 of size 100', async () => {
    expect((await list('')).body).toMatchObject({ size: 21, page: 0, totalSize: 21, totalPages: 1 });
  });

  it('walks every page: full pages, a short last page, then empty pages', async () => {
    const seen: string[] = [];
    for (let page = 0; page < 5; page += 1) {
      const response = await list(`_page=${page}&_size=5`);
      expect(response.body).toMatchObject({ page, totalSize: 21, totalPages: 5, size: page < 4 ? 5 : 1 });
      seen.push(...response.body.data.map((d: { hid: string }) => d.hid));
    }
    expect(new Set(seen).size).toBe(21);
    expect((await list('_page=5&_size=5')).body).toEqual({ size: 0, page: 5, totalSize: 21, totalPages: 5, data: [] });
    expect((await list('_page=2147483647&_size=200')).body.data).toEqual([]);
  });

  it('accepts _size from 1 to 200 and rejects anything else with 400', async () => {
    expect((await list('_size=1')).body.size).toBe(1);
    expect((await list('_size=200')).body.totalPages).toBe(1);
    for (const size of ['0', '-5', '201', 'many', '1.5']) {
      const response = await list(`_size=${size}`);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^(size must be between 1 and 200|_size must be an integer, got ".*")$/);
    }
    expect((await list('_page=-1')).body.message).toBe('page must be positive');
  });

  it('pages the gateway list the same way', async () => {
    const gateways = await call(server, { method: 'GET', path: `${API}/gateways`, query: '_page=1&_size=2' });
    expect(gateways.body).toMatchObject({ size: 1, page: 1, totalSize: 3, totalPages: 2 });
  });
});

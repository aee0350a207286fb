/** `sigkit xconnect` against the mock started in-process: answers, paging, CSV, trace, rejections, TLS, exit statuses. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createMockServer, type MockServer } from '@sigkit/mock-server';
import type { FetchLike } from '@sigkit/signer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, jsonLines, sigkit } from './platformCli.js';

// The guide's example keys (seed 002), which the mock accepts by default: written out, not imported.
const GUIDE_API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';

let server: MockServer;
let base: string;
// Every file the runs read or write goes in one folder, removed when this file's tests end.
const work = mkdtempSync(join(tmpdir(), 'sigkit-xconnect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  server = createMockServer({ seed: 42 });
  base = (await server.listen(0)).url;
});
afterAll(async () => {
  await server.close();
});

type Item = Record<string, unknown>;
type PageAnswer = { size: number; page: number; totalSize: number; totalPages: number; data: Item[] };

/** Text a CSV cell must hold for a JSON value (written from the documented rules, not from the code). */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The item's fields with nested non-empty objects spread as parent.child, as the help text documents. */
function expectedColumns(item: Item, prefix = ''): [string, unknown][] {
  return Object.entries(item).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 ? expectedColumns(value as Item, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}

describe('sigkit xconnect', () => {
  it('sends a signed GET and prints the JSON answer, exit 0', async () => {
    const run = await sigkit(['xconnect', 'GET', '/devices', '--query', '_size=3', '--base', base]);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const answer = JSON.parse(run.stdout) as PageAnswer;
    expect(answer).toMatchObject({ size: 3, page: 0, totalSize: 240, totalPages: 80 });
    expect(answer.data).toHaveLength(3);
    const [entry] = server.core.journal.list({ limit: 1 }).entries;
    expect(entry).toMatchObject({ method: 'GET', target: '/api/v1/kronos/devices?_size=3', response: { status: 200 }, verdict: { ok: true } });
    expect(entry!.headers['x-arrow-apikey']).toBe(GUIDE_API_KEY);
  });

  it('takes the query from PATH too, and the base URL and keys from XCONNECT_* variables', async () => {
    const credential = server.core.credentials.add({ label: 'cli-env' });
    const env = { XCONNECT_BASE_URL: base, XCONNECT_API_KEY: credential.apiKey, XCONNECT_SECRET_KEY: credential.secretKey };
    const run = await sigkit(['xconnect', 'get', '/api/v1/kronos/devices?type=asset-tag', '-q', '_size=2'], { env });
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as PageAnswer).data.map((d) => d.type)).toEqual(['asset-tag', 'asset-tag']);
    const [entry] = server.core.journal.list({ limit: 1 }).entries;
    expect(entry).toMatchObject({ target: '/api/v1/kronos/devices?type=asset-tag&_size=2', verdict: { ok: true } });
    expect(entry!.headers['x-arrow-apikey']).toBe(credential.apiKey);
  });

  it('follows more than three pages with --all-pages, reports progress, and prints every item once', async () => {
    const since = server.core.journal.list({ limit: 1 }).entries[0]?.id ?? 0;
    const run = await sigkit(['xconnect', 'GET', '/devices', '--query', '_size=35', '--all-pages', '--base', base]);
    expect(run.exitCode).toBe(0);
    const items = JSON.parse(run.stdout) as Item[];
    expect(items).toHaveLength(240);
    expect(new Set(items.map((d) => d.hid)).size).toBe(240);
    // Seven pages: 0..6, one request each, in order.
    const requests = server.core.journal.list({ since, order: 'asc' }).entries.map((e) => e.target);
    expect(requests).toEqual([0, 1, 2, 3, 4, 5, 6].map((p) => `/api/v1/kronos/devices?_size=35&_page=${p}`));
    const progress = run.stderr.trim().split('\n');
    expect(progress).toHaveLength(7);
    expect(progress.at(-1)).toBe('sigkit xconnect: page 7/7, 240/240 items');
    // The same items, in the same order, as the pages read one by one.
    const direct: Item[] = [];
    for (let page = 0; page < 7; page += 1) {
      const one = await sigkit(['xconnect', 'GET', '/devices', '--query', '_size=35', '--query', `_page=${page}`, '--base', base]);
      direct.push(...(JSON.parse(one.stdout) as PageAnswer).data);
    }
    expect(items).toEqual(direct);
  });

  it('draws a progress bar on a terminal and says nothing with --no-progress', async () => {
    const tty = await sigkit(['xconnect', 'GET', '/gateways', '--query', '_size=2', '--all-pages', '--base', base], { stderrIsTTY: true });
    expect(tty.exitCode).toBe(0);
    expect(JSON.parse(tty.stdout)).toHaveLength(8);
    expect(tty.stderr).toContain('page 4/4');
    expect(tty.stderr).not.toContain('\n');
    const quiet = await sigkit(['xconnect', 'GET', '/gateways', '--query', '_size=2', '--all-pages', '--no-progress', '--base', base]);
    expect(quiet).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(quiet.stdout)).toHaveLength(8);
  });

  it('writes the list items as CSV that parses back to the JSON answer', async () => {
    const dir = mkdtempSync(join(work, 'run-'));
    const run = await sigkit(['xconnect', 'GET', '/devices', '--query', '_size=60', '--all-pages', '--csv', 'devices.csv', '--no-progress', '--base', base], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`sigkit xconnect: wrote 240 rows to ${join(dir, 'devices.csv')}\n`);
    const items = JSON.parse(run.stdout) as Item[];
    const records = parse(readFileSync(join(dir, 'devices.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(items.length);
    let nested = 0;
    items.forEach((item, i) => {
      const columns = expectedColumns(item);
      nested += columns.filter(([name]) => name.includes('.')).length;
      for (const [name, value] of columns) expect(records[i]![name], `row ${i} ${name}`).toBe(expectedCell(value));
    });
    expect(nested).toBeGreaterThan(0);
  });

  it('prints CSV instead of JSON with --csv -, one row for a single object', async () => {
    const list = await sigkit(['xconnect', 'GET', '/gateways', '--query', '_size=3', '--csv', '-', '--base', base]);
    const rows = parse(list.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['hid'])).toHaveLength(3);
    const hid = rows[0]!['hid']!;
    const one = await sigkit(['xconnect', 'GET', `/gateways/${hid}`, '--csv', '-', '--base', base]);
    expect((parse(one.stdout, { columns: true }) as Record<string, string>[]).map((r) => r['hid'])).toEqual([hid]);
  });

  it('sends --data (inline or @file) byte for byte, signed', async () => {
    const gateway = JSON.parse((await sigkit(['xconnect', 'GET', '/gateways', '-q', '_size=1', '--base', base])).stdout).data[0] as Item;
    const dir = mkdtempSync(join(work, 'run-'));
    const body = `{ "uid": "cli-e2e-device",  "gatewayHid": "${String(gateway.hid)}", "name": "from a file" }`;
    writeFileSync(join(dir, 'device.json'), body);
    const run = await sigkit(['xconnect', 'POST', '/devices', '--data', '@device.json', '--base', base], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ message: 'device was registered successfully' });
    const [entry] = server.core.journal.list({ limit: 1 }).entries;
    expect(entry!.body.data).toBe(body);
    const again = await sigkit(['xconnect', 'POST', '/devices', '-d', '{"uid":"cli-e2e-device"}', '--base', base]);
    expect(JSON.parse(again.stdout)).toMatchObject({ message: 'device is already registered' });
  });

  it('prints one trace line per request with the vector field names, matching what was sent', async () => {
    const since = server.core.journal.list({ limit: 1 }).entries[0]?.id ?? 0;
    const run = await sigkit(['xconnect', 'GET', '/gateways', '--query', '_size=3', '--all-pages', '--trace', '--no-progress', '--base', base]);
    expect(run.exitCode).toBe(0);
    const traces = jsonLines(run.stderr);
    const entries = server.core.journal.list({ since, order: 'asc' }).entries;
    expect(traces).toHaveLength(3);
    expect(entries).toHaveLength(3);
    const vector = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'vectors', 'xconnect', 'v1_canonicalization.json'), 'utf8'));
    const fields = Object.keys(vector.testGroups[0].tests[0].expected);
    traces.forEach((trace, i) => {
      for (const field of fields) expect(trace, field).toHaveProperty(field);
      expect(trace['signature']).toBe(entries[i]!.headers['x-arrow-signature']);
      expect(trace['target']).toBe(entries[i]!.target);
      expect(trace['queryLines']).toEqual(['_page=' + i, '_size=3']);
    });
  });

  it('reports a rejection on one line with the mock diagnosis, exit 1', async () => {
    const run = await sigkit(['xconnect', 'GET', '/devices', '--api-key', GUIDE_API_KEY, '--secret-key', 'not-the-secret', '--base', base]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const { id } = server.core.journal.list({ limit: 1 }).entries[0]!;
    expect(lines[0]).toMatch(/^sigkit xconnect: GET \/api\/v1\/kronos\/devices answered 401: Not Authorized; sigkit mock: signature_mismatch: /);
    expect(lines[0]).toContain(`journal entry ${id} (sigkit explain --journal ${id} --mock-url ${base})`);
  });

  it('reports an API error (400) on one line, exit 1', async () => {
    const run = await sigkit(['xconnect', 'GET', '/devices/0000', '--base', base]);
    expect(run).toMatchObject({ exitCode: 1, stdout: '', stderr: 'sigkit xconnect: GET /api/v1/kronos/devices/0000 answered 400: device not found\n' });
  });

  it('reports an unreachable platform on one line, exit 1', async () => {
    const port = await closedPort();
    const run = await sigkit(['xconnect', 'GET', '/devices', '--base', `http://127.0.0.1:${port}`]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^sigkit xconnect: GET /api/v1/kronos/devices: cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
  });

  it('gives every request a deadline (--timeout) and reports a request that passed it as unreachable, exit 1', async () => {
    const signals: unknown[] = [];
    const timingOut: FetchLike = async (_url, init) => {
      signals.push((init as { signal?: unknown }).signal);
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    };
    const run = await sigkit(['xconnect', 'GET', '/devices', '--base', base, '--timeout', '2.5'], { fetch: timingOut });
    expect(run).toMatchObject({ exitCode: 1, stderr: `sigkit xconnect: GET /api/v1/kronos/devices: cannot reach ${base}: no answer within 2.5 s (--timeout)\n` });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect((await sigkit(['xconnect', 'GET', '/devices', '--timeout', '0'])).exitCode).toBe(2);
  });

  it.each([
    [['GET', '/devices', '--api-key', 'k'], /^sigkit xconnect: an api key was given without its secret key/],
    [['GET', '/devices', '--secret-key', 's'], /^sigkit xconnect: a secret key was given without its api key/],
    [['POST', '/devices', '--all-pages'], /^sigkit xconnect: --all-pages follows the pages of a list, which only GET reads/],
    [['GET', 'devices'], /^sigkit xconnect: path "devices" must start with \//],
    [['GET', '/devices?a=1', '-q', 'a=2'], /^sigkit xconnect: query parameter "a" is given twice/],
    [['GET', '/devices/a b'], /^sigkit xconnect: path .* is not a path as sent on the wire/],
    [['GET', '/devices', '--base', 'not a url'], /^sigkit xconnect: baseUrl "not a url" is not an absolute URL/],
  ])('refuses %j on one line with exit 2', async (args, message) => {
    const run = await sigkit(['xconnect', ...args, ...(args.includes('--base') ? [] : ['--base', base])]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses --all-pages on an answer that is not a page, exit 2', async () => {
    const hid = (JSON.parse((await sigkit(['xconnect', 'GET', '/gateways', '-q', '_size=1', '--base', base])).stdout) as PageAnswer).data[0]!.hid;
    const run = await sigkit(['xconnect', 'GET', `/gateways/${String(hid)}`, '--all-pages', '--base', base]);
    expect(run).toMatchObject({ exitCode: 2, stdout: '' });
    expect(run.stderr).toMatch(/^sigkit xconnect: --all-pages needs a paged list, and GET \/gateways\/[0-9a-f]{40} answered no page/);
  });

  it('lets commander refuse malformed option values with exit 2', async () => {
    for (const args of [['--data', '{not json'], ['--signature-version', '3'], ['--query', '=v'], ['--data', '@/no/such/file.json']]) {
      const run = await sigkit(['xconnect', 'POST', '/devices', ...args, '--base', base]);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^error: option '.*' argument '.*' is invalid\. /);
    }
    expect((await sigkit(['xconnect', 'GET'])).exitCode).toBe(2);
  });

  it('prints help for the command and its options', async () => {
    const run = await sigkit(['xconnect', '--help']);
    expect(run.exitCode).toBe(0);
    for (const option of ['--query', '--data', '--base', '--api-key', '--secret-key', '--all-pages', '--csv', '--trace', '--insecure', 'XCONNECT_API_KEY', "guide's example keys"]) expect(run.stdout).toContain(option);
  });
});

describe('sigkit xconnect over HTTPS', () => {
  let tlsServer: MockServer;
  let tlsBase: string;
  beforeAll(async () => {
    tlsServer = createMockServer({ seed: 42, tls: { selfSigned: true } });
    tlsBase = (await tlsServer.listen(0)).url;
  });
  afterAll(async () => {
    await tlsServer.close();
  });

  it('refuses a self-signed certificate, and with --insecure accepts it after one warning line', async () => {
    expect(tlsBase).toMatch(/^https:/);
    const refused = await sigkit(['xconnect', 'GET', '/gateways', '-q', '_size=1', '--base', tlsBase]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^sigkit xconnect: GET \/api\/v1\/kronos\/gateways\?_size=1: cannot reach https:.*certificate/);
    const insecure = await sigkit(['xconnect', 'GET', '/gateways', '-q', '_size=1', '--base', tlsBase, '--insecure']);
    expect(insecure.exitCode).toBe(0);
    expect(insecure.stderr).toBe('sigkit xconnect: warning: --insecure: TLS certificates are not verified\n');
    expect(JSON.parse(insecure.stdout).data).toHaveLength(1);
    // Nothing global was switched off: the next request without the flag is checked again.
    expect((await sigkit(['xconnect', 'GET', '/gateways', '--base', tlsBase])).exitCode).toBe(1);
  });
});

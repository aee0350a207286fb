/** `sigkit sign xconnect|kx`: the documented vectors reproduced, the trace in the vector format, headers a platform accepts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sigkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, sigkit } from './platformCli.js';

const vectors = join(import.meta.dirname, '..', '..', '..', 'vectors');
const readVectors = (file: string) => JSON.parse(readFileSync(join(vectors, file), 'utf8'));

/** `name: value` lines, up to the first blank line, as a header map. */
function headerMap(text: string): Record<string, string> {
  const head = text.split('\n\n')[0]!;
  return Object.fromEntries(head.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
}

describe('sigkit sign xconnect', () => {
  const file = readVectors('xconnect/v1_canonicalization.json');
  const group = file.testGroups[0];
  const documented = group.tests.find((t: { tcId: number }) => t.tcId === 1);

  it("reproduces the guide's documented request: headers on stdout, every step on stderr as in the vector", async () => {
    const { request } = documented;
    const run = await sigkit(['sign', 'xconnect', request.method, `${request.path}?${request.query}`, '--timestamp', request.timestamp, '--trace']);
    expect(run.exitCode).toBe(0);
    // The literal the guide prints (seed 002, step 4), not a value computed by sigkit.
    expect(headerMap(run.stdout)).toEqual({
      'x-arrow-apikey': '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
      'x-arrow-date': '2016-04-12T14:28:36.218Z',
      'x-arrow-version': '1',
      'x-arrow-signature': '28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553',
    });
    expect(headerMap(run.stdout)).toEqual(documented.wire.headers);
    const [trace, ...more] = jsonLines(run.stderr);
    expect(more).toEqual([]);
    const expected = documented.expected as Record<string, unknown>;
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, trace![k]]))).toEqual(expected);
    expect(trace).toMatchObject({ method: 'POST', target: documented.wire.target, timestamp: request.timestamp, version: 1 });
  });

  it('reproduces every valid version-1 vector whose body is empty or JSON, keys from the environment', async () => {
    const env = { XCONNECT_API_KEY: group.apiKey, XCONNECT_SECRET_KEY: group.secretKey };
    const isJson = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    type Vector = { tcId: number; result: string; request: { method: string; path: string; query: string | null; body?: string; timestamp: string; version: number }; wire: { method: string; target: string; headers: Record<string, string> } };
    const usable = (group.tests as Vector[]).filter((t) => t.result === 'valid' && t.request.version === 1 && typeof t.request.body === 'string' && (t.request.body === '' || isJson(t.request.body)));
    expect(usable.length).toBeGreaterThan(50);
    for (const { tcId, request, wire } of usable) {
      const target = request.query === null ? request.path : `${request.path}?${request.query}`;
      const data = request.body === '' ? [] : ['--data', request.body!];
      const run = await sigkit(['sign', 'xconnect', request.method, target, '--timestamp', request.timestamp, ...data, '--json'], { env });
      expect(run.exitCode, `tcId ${tcId}: ${run.stderr}`).toBe(0);
      expect(JSON.parse(run.stdout), `tcId ${tcId}`).toEqual({ method: wire.method, target: wire.target, headers: wire.headers, body: request.body });
    }
  });

  it('appends --query pairs percent-encoded and prints JSON with --json', async () => {
    const run = await sigkit(['sign', 'xconnect', 'get', '/devices?_page=0', '-q', 'type=asset tag', '--json', '--timestamp', '2024-01-02T03:04:05.678Z']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ method: 'GET', target: '/api/v1/kronos/devices?_page=0&type=asset%20tag', body: '' });
  });

  describe('headers that the mock accepts', () => {
    let server: MockServer;
    let base: string;
    beforeAll(async () => {
      server = createMockServer({ seed: 42 });
      base = (await server.listen(0)).url;
    });
    afterAll(async () => {
      await server.close();
    });

    it('signs a request that the mock then accepts when sent by hand (the Postman case)', async () => {
      const run = await sigkit(['sign', 'xconnect', 'GET', '/devices?_page=0&_size=100', '--json']);
      const signed = JSON.parse(run.stdout) as { method: string; target: string; headers: Record<string, string> };
      const response = await fetch(base + signed.target, { method: signed.method, headers: signed.headers });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(100);
    });
  });

  it.each([
    [['sign', 'xconnect', 'GET', '/devices', '--timestamp', 'yesterday'], /^sigkit sign xconnect: .*timestamp/i],
    [['sign', 'xconnect', 'G ET', '/devices'], /^sigkit sign xconnect: method "G ET" is not an HTTP method/],
    [['sign', 'xconnect', 'GET', '/devices', '--api-key', 'k'], /^sigkit sign xconnect: an api key was given without its secret key/],
    [['sign'], /^sigkit sign: no scheme given: use sigkit sign xconnect … or sigkit sign kx …/],
    [['sign', 'soap'], /^sigkit sign: unknown scheme "soap"/],
  ])('refuses %j on one line with exit 2', async (args, message) => {
    const run = await sigkit(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('sigkit sign kx', () => {
  const file = readVectors('kx/default_profile.json');
  const [first] = file.testGroups[0].tests;

  it('reproduces the first default-profile vector: headers, the exact body, and the trace fields', async () => {
    const { request, wire, expected } = first;
    const body = JSON.parse(request.body);
    const run = await sigkit(['sign', 'kx', '--user', request.username, '--session-id', request.sessionId, '--group', request.group, '--method', request.method, '--params', JSON.stringify(body.msg[0]), '--date', request.date, '--id', body.id, '--trace']);
    expect(run.exitCode).toBe(0);
    expect(headerMap(run.stdout)).toEqual(wire.headers);
    expect(run.stdout.split('\n\n')[1]).toBe(`${wire.body}\n`);
    const [trace] = jsonLines(run.stderr);
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, trace![k]]))).toEqual(expected);
    expect(trace).toMatchObject({ method: 'POST', path: wire.target, username: request.username, sessionId: request.sessionId });
  });

  it('takes the user and session from KX_USER and KX_SESSION_ID, and prints JSON with --json', async () => {
    const run = await sigkit(['sign', 'kx', '--json', '--method', 'getCPU', '--params', '{"syms":["ds_rdb_ops_a"]}'], { env: { KX_USER: 'Administrator', KX_SESSION_ID: '0123456789abcdef0123456789abcdef' } });
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ method: 'POST', path: '/connect/api/monPublic/getCPU' });
    expect(printed.headers.Authorization).toMatch(/^Administratorbcdef:[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(printed.body)).toMatchObject({ type: 'getCPUReq', msg: [{ syms: ['ds_rdb_ops_a'] }] });
  });

  it.each([
    [['sign', 'kx'], /^sigkit sign kx: a KX signature is keyed by the session: give --session-id/],
    [['sign', 'kx', '--session-id', 's1234567', '--date', 'Friday'], /^sigkit sign kx: .*RFC 1123/],
    [['sign', 'kx', '--session-id', 's1234567', '--group', 'a/b'], /^sigkit sign kx: group "a\/b" cannot be one segment/],
  ])('refuses %j on one line with exit 2', async (args, message) => {
    const run = await sigkit(args);
    expect(run).toMatchObject({ exitCode: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lets commander refuse a bad --params or --profile with exit 2', async () => {
    for (const args of [['--params', '[1,2]'], ['--params', '{'], ['--profile', 'Nope']]) {
      const run = await sigkit(['sign', 'kx', '--session-id', 's1234567', ...args]);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^error: option '.*' argument '.*' is invalid\./);
    }
  });
});

describe('sigkit sign --help', () => {
  it.each([
    [['sign', '--help'], ['xconnect', 'kx']],
    [['sign', 'xconnect', '--help'], ['--query', '--data', '--api-key', '--secret-key', '--timestamp', '--signature-version', '--trace', '--json', 'XCONNECT_API_KEY', 'Postman']],
    [['sign', 'kx', '--help'], ['--user', '--session-id', '--group', '--method', '--params', '--date', '--id', '--profile', '--trace', '--json', 'KX_SESSION_ID']],
  ])('%j documents every option', async (args, texts) => {
    const run = await sigkit(args);
    expect(run.exitCode).toBe(0);
    for (const text of texts) expect(run.stdout).toContain(text);
  });
});

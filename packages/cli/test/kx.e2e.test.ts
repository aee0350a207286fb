/** `sigkit kx` against the KX Connect mock started in-process: table, CSV, plot (SVG and PNG), re-login, rejections, exit statuses. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { decode as decodePng } from 'fast-png';
import { createMockServer, type MockServer } from '@sigkit/mock-server';
import type { FetchLike } from '@sigkit/signer/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closedPort, jsonLines, sigkit } from './platformCli.js';
import { readPlotSvg as readSvg } from './plotSvg.js';

type Row = Record<string, unknown>;

let server: MockServer;
let hp: string;
let base: string;
// Every file the runs write goes in one folder, removed when this file's tests end.
const work = mkdtempSync(join(tmpdir(), 'sigkit-kx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  server = createMockServer({ seed: 42 });
  const address = await server.listen(0);
  hp = `${address.host}:${address.port}`;
  base = address.url;
});
afterAll(async () => {
  await server.close();
});

// Half an hour of one day: 30 minutes × 5 servers, the same on every run.
const HALF_HOUR = JSON.stringify({ startTime: '2024-03-01T10:00:00Z', endTime: '2024-03-01T10:29:00Z' });

/** The rows of an analytic as `sigkit kx --json` prints them. */
async function jsonRows(args: string[]): Promise<Row[]> {
  const run = await sigkit(['kx', '--hp', hp, ...args, '--json']);
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Row[];
}

/** The columns holding only numbers, other than time and sym: what the plot must draw. */
function numericColumns(rows: Row[]): string[] {
  return Object.keys(rows[0]!).filter((k) => k !== 'time' && k !== 'sym' && rows.every((r) => typeof r[k] === 'number'));
}

const journalSince = (id: number) => server.core.journal.list({ since: id, order: 'asc' }).entries;
const lastJournalId = () => server.core.journal.list({ limit: 1 }).entries[0]?.id ?? 0;

describe('sigkit kx', () => {
  it('logs in, calls monPublic.getMem, prints the rows as an aligned table and logs out, exit 0', async () => {
    const since = lastJournalId();
    const run = await sigkit(['kx', '--hp', hp, '--params', HALF_HOUR]);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const rows = await jsonRows(['--params', HALF_HOUR]);
    expect(rows).toHaveLength(150);
    const [header, rule, ...lines] = run.stdout.trimEnd().split('\n');
    const columns = Object.keys(rows[0]!);
    expect(header!.trim().split(/\s+/)).toEqual(columns);
    expect(rule).toMatch(/^-+$/);
    expect(rule!.length).toBe(Math.max(...run.stdout.trimEnd().split('\n').map((l) => l.length)));
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) => expect(line.trim().split(/\s+/)).toEqual(columns.map((c) => String(rows[i]![c]))));
    // Aligned: every number ends where its column's header ends.
    const usedEnd = header!.indexOf('used') + 'used'.length;
    for (const line of lines) expect(line.slice(0, usedEnd)).toMatch(/\d$/);
    expect(journalSince(since).map((e) => `${e.method} ${e.path} ${e.response?.status}`)).toEqual([
      'POST /connect/api/auth/login 200',
      'POST /connect/api/monPublic/getMem 200',
      'POST /connect/api/auth/logout 200',
      'POST /connect/api/auth/login 200',
      'POST /connect/api/monPublic/getMem 200',
      'POST /connect/api/auth/logout 200',
    ]);
  });

  it('takes the Node guide\'s positional form, the same as the options, and defaults from KX_* variables', async () => {
    const positional = await sigkit(['kx', hp, 'Administrator', 'password', 'getCPU', '--params', HALF_HOUR]);
    const options = await sigkit(['kx', '--hp', hp, '--user', 'Administrator', '--pw', 'password', '--method', 'getCPU', '--params', HALF_HOUR]);
    const env = await sigkit(['kx', '--method', 'getCPU', '--params', HALF_HOUR], { env: { KX_HOST_PORT: hp, KX_USER: 'Administrator', KX_PASSWORD: 'password' } });
    expect(positional.exitCode).toBe(0);
    expect(positional.stdout).toContain('usage');
    expect(options).toEqual(positional);
    expect(env).toEqual(positional);
    const logins = server.core.journal.list({ path: '/connect/api/auth/login', limit: 3 }).entries;
    for (const login of logins) expect(JSON.parse(login.body.data).msg[0].username).toBe('Administrator');
  });

  it('writes the table as CSV with a header row that parses back to the JSON answer', async () => {
    const dir = mkdtempSync(join(work, 'run-'));
    const run = await sigkit(['kx', '--hp', hp, '--method', 'getAvgLoad', '--params', HALF_HOUR, '--csv'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`sigkit kx: wrote 150 rows to ${join(dir, 'getAvgLoad.csv')}\n`);
    const rows = await jsonRows(['--method', 'getAvgLoad', '--params', HALF_HOUR]);
    const records = parseCsv(readFileSync(join(dir, 'getAvgLoad.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(rows.length);
    records.forEach((record, i) => {
      const row = rows[i]!;
      expect(Object.keys(record)).toEqual(Object.keys(row));
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(Number(record[column]), `${i} ${column}`).toBe(value);
        else expect(record[column], `${i} ${column}`).toBe(value);
      }
    });
    // --csv - prints the same CSV instead of the table.
    const stdout = await sigkit(['kx', '--hp', hp, '--method', 'getAvgLoad', '--params', HALF_HOUR, '--csv', '-']);
    expect(stdout.stdout).toBe(readFileSync(join(dir, 'getAvgLoad.csv'), 'utf8'));
  });

  it('writes relative --csv and --plot paths under the directory the user ran pnpm sigkit from (INIT_CWD), not the process\'s', async () => {
    const dir = mkdtempSync(join(work, 'caller-'));
    const underPnpm = { INIT_CWD: dir, npm_lifecycle_event: 'sigkit' };
    const run = await sigkit(['kx', '--hp', hp, '--params', HALF_HOUR, '--csv', 'out/../mem.csv', '--plot', 'mem.svg'], { env: underPnpm });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`to ${join(dir, 'mem.csv')}\n`);
    expect(run.stderr).toContain(`to ${join(dir, 'mem.svg')}\n`);
    expect(readFileSync(join(dir, 'mem.csv'), 'utf8').split('\n')[0]).toContain('sym');
    expect(readFileSync(join(dir, 'mem.svg'), 'utf8')).toContain('<svg');
    for (const file of ['mem.csv', 'mem.svg']) expect(existsSync(join(process.cwd(), file)), file).toBe(false);
  });

  it('draws an SVG of the requested size: one panel per numeric column, one line per sym, a legend of the syms', async () => {
    const dir = mkdtempSync(join(work, 'run-'));
    const run = await sigkit(['kx', '--hp', hp, '--params', HALF_HOUR, '--plot', 'mem.svg', '--plot-size', '800x450'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const rows = await jsonRows(['--params', HALF_HOUR]);
    const columns = numericColumns(rows);
    const syms = [...new Set(rows.map((r) => String(r['sym'])))];
    expect(columns.length).toBeGreaterThan(1);
    expect(syms.length).toBeGreaterThan(1);
    expect(run.stderr).toBe(`sigkit kx: plotted ${columns.length} columns × ${syms.length} syms to ${join(dir, 'mem.svg')}\n`);
    const svg = readSvg(readFileSync(join(dir, 'mem.svg'), 'utf8'));
    expect(svg.width).toBe(800);
    expect(svg.height).toBe(450);
    expect(svg.panels).toHaveLength(columns.length);
    for (const panel of svg.panels) expect(panel.sort()).toEqual([...syms].sort());
    expect(svg.legend).toEqual(syms);
    for (const column of columns) expect(svg.titles).toContain(column);
    expect(svg.titles).toContain('monPublic.getMem');
  });

  it('renders the plot to PNG at the requested size, every series colour drawn (default file in the temp directory)', async () => {
    const dir = mkdtempSync(join(work, 'run-'));
    // The default file goes in the system temp folder: point it at this test's folder, so the file is removed with it.
    vi.stubEnv('TMPDIR', dir);
    vi.stubEnv('TMP', dir);
    vi.stubEnv('TEMP', dir);
    const defaultFile = join(dir, 'sigkit-monPublic.getCPU.png');
    const args = ['kx', '--hp', hp, '--method', 'getCPU', '--params', HALF_HOUR];
    const png = await sigkit([...args, '--plot'], { cwd: dir }).finally(() => vi.unstubAllEnvs());
    expect(png.exitCode).toBe(0);
    expect(png.stderr).toBe(`sigkit kx: plotted 1 column × 5 syms to ${defaultFile}\n`);
    const image = decodePng(readFileSync(defaultFile));
    expect([image.width, image.height]).toEqual([960, 540]);
    // The colours of the lines, read from the SVG of the same plot, must each be in the PNG.
    await sigkit([...args, '--plot', 'cpu.svg'], { cwd: dir });
    const colours = [...readFileSync(join(dir, 'cpu.svg'), 'utf8').matchAll(/aria-roledescription="line mark"[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]!);
    expect(new Set(colours).size).toBe(5);
    const present = new Set<string>();
    const channels = image.channels;
    for (let i = 0; i < image.data.length; i += channels) {
      present.add('#' + [0, 1, 2].map((c) => image.data[i + c]!.toString(16).padStart(2, '0')).join(''));
    }
    for (const colour of colours) expect(present, colour).toContain(colour);
    // Text is drawn (the font loaded): the title area holds dark pixels.
    let dark = 0;
    for (let y = 0; y < 30; y += 1) for (let x = 0; x < 200; x += 1) if (image.data[(y * image.width + x) * channels]! < 80) dark += 1;
    expect(dark).toBeGreaterThan(50);

    const small = await sigkit([...args, '--plot', 'small.png', '--plot-size', '640x360'], { cwd: dir });
    expect(small.exitCode).toBe(0);
    const smallImage = decodePng(readFileSync(join(dir, 'small.png')));
    expect([smallImage.width, smallImage.height]).toEqual([640, 360]);
  });

  it('logs in again once when the session has expired, and retries the call', async () => {
    let expired = 0;
    // After each login answer, expire that session through the mock's admin API before the call.
    const expiringFetch: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (url.endsWith('/connect/api/auth/login') && expired === 0) {
        const text = await response.text();
        const { sessionId } = (JSON.parse(text) as { msg: [{ sessionId: string }] }).msg[0];
        const admin = await fetch(`${base}/__sigkit/kx/sessions/${sessionId}/expire`, { method: 'POST' });
        expect(admin.status).toBe(200);
        expired += 1;
        return { status: response.status, ok: response.ok, text: async () => text };
      }
      return response;
    };
    const since = lastJournalId();
    const run = await sigkit(['kx', '--hp', hp, '--method', 'getDisk', '--params', HALF_HOUR, '--json'], { fetch: expiringFetch });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toHaveLength(150);
    expect(expired).toBe(1);
    expect(journalSince(since).map((e) => `${e.path} ${e.response?.status}${e.verdict?.ok === false ? ` ${e.verdict.code}` : ''}`)).toEqual([
      '/connect/api/auth/login 200',
      '/connect/api/monPublic/getDisk 401 session_expired',
      '/connect/api/auth/login 200',
      '/connect/api/monPublic/getDisk 200',
      '/connect/api/auth/logout 200',
    ]);
  });

  it('prints every signing step with --trace in the vector format, one line per signed call', async () => {
    const since = lastJournalId();
    const run = await sigkit(['kx', '--hp', hp, '--method', 'getCPU', '--params', HALF_HOUR, '--json', '--trace']);
    expect(run.exitCode).toBe(0);
    const traces = jsonLines(run.stderr);
    const vector = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'vectors', 'kx', 'default_profile.json'), 'utf8'));
    const fields = Object.keys(vector.testGroups[0].tests[0].expected);
    expect(traces.map((t) => t['path'])).toEqual(['/connect/api/monPublic/getCPU', '/connect/api/auth/logout']);
    const [login, call] = journalSince(since);
    // The journal masks the sessionId (docs: the mock README's Journal); the trace holds it whole.
    const sessionId = String(traces[0]!['sessionId']);
    expect(JSON.parse(String(login!.response.body!.data)).msg[0].sessionId).toBe(`[redacted sessionId …${sessionId.slice(-5)}]`);
    const callBody = String(call!.body.data);
    for (const trace of traces) {
      for (const field of fields) expect(trace, field).toHaveProperty(field);
      expect(trace).toMatchObject({ username: 'kxSupport', sessionId });
      expect(trace['authorization']).toBe(`kxSupport${sessionId.slice(-5)}:${String(trace['signature'])}`);
    }
    expect(traces[0]!['date']).toBe(JSON.parse(callBody).date);
    expect(String(traces[0]!['stringToSign']).split('\n').slice(0, 3)).toEqual(['POST', '/connect/api/monPublic/getCPU', 'kxSupport']);
  });

  it('reports a rejected login on one line with the mock diagnosis, exit 1', async () => {
    const run = await sigkit(['kx', '--hp', hp, '--pw', 'wrong']);
    expect(run).toMatchObject({ exitCode: 1, stdout: '' });
    expect(run.stderr).toMatch(/^sigkit kx: POST \/connect\/api\/auth\/login answered 401: invalid username or password; sigkit mock: \w+: .*journal entry \d+/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('signs under another profile with --profile, and shows the mock naming that deviation, exit 1', async () => {
    const run = await sigkit(['kx', '--hp', hp, '--profile', 'NoSeparator']);
    expect(run).toMatchObject({ exitCode: 1, stdout: '' });
    expect(run.stderr).toMatch(/^sigkit kx: POST \/connect\/api\/monPublic\/getMem answered 401: [^;]+; sigkit mock: signature_mismatch: .*NoSeparator.*; journal entry \d+ /);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reports an unknown analytic and an unreachable host on one line, exit 1', async () => {
    const unknown = await sigkit(['kx', '--hp', hp, '--method', 'getNothing']);
    expect(unknown).toMatchObject({ exitCode: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^sigkit kx: POST \/connect\/api\/monPublic\/getNothing answered 404: unknown analytic monPublic\.getNothing/);
    const port = await closedPort();
    const unreachable = await sigkit(['kx', '--hp', `127.0.0.1:${port}`]);
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`^sigkit kx: POST /connect/api/auth/login: cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
  });

  it.each([
    [['127.0.0.1:1', '--hp', '127.0.0.1:2'], /^sigkit kx: the host:port is given twice/],
    [['--plot', 'graph.jpg'], /^sigkit kx: --plot graph\.jpg must name a \.svg or \.png file/],
    [['--csv', '-', '--json'], /^sigkit kx: --csv - and --json both want standard output/],
    [['--hp', 'http//x'], /^sigkit kx: "http\/\/x" is not host:port/],
  ])('refuses %j on one line with exit 2, sending nothing', async (args, message) => {
    const since = lastJournalId();
    const run = await sigkit(['kx', ...args]);
    expect(run).toMatchObject({ exitCode: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(journalSince(since)).toEqual([]);
  });

  it('lets commander refuse malformed option values with exit 2', async () => {
    for (const args of [['--params', '[1]'], ['--params', '{'], ['--plot-size', '10x10'], ['--plot-size', 'big'], ['--profile', 'Nope'], ['a', 'b', 'c', 'd', 'e']]) {
      const run = await sigkit(['kx', '--hp', hp, ...args]);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^error: /);
    }
  });

  it('says why a table cannot be plotted, exit 1, after printing it', async () => {
    const put = await fetch(`${base}/__sigkit/kx/analytics/demo/getNames`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [{ sym: 'a', note: 'x' }, { sym: 'b', note: 'y' }] }),
    });
    expect(put.status).toBeLessThan(300);
    const dir = mkdtempSync(join(work, 'run-'));
    const run = await sigkit(['kx', '--hp', hp, '--group', 'demo', '--method', 'getNames', '--plot', 'names.svg'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('sym  note');
    expect(run.stderr).toBe('sigkit kx: cannot plot: the rows have no "time" column (columns: sym, note)\n');
    expect(existsSync(join(dir, 'names.svg'))).toBe(false);
  });

  it('prints help for every option', async () => {
    const run = await sigkit(['kx', '--help']);
    expect(run.exitCode).toBe(0);
    for (const text of ['--hp', '--user', '--pw', '--method', '--group', '--params', '--csv', '--plot', '--plot-size', '--insecure', '--trace', 'KX_HOST_PORT', 'kxSupport', '12345678', 'getMem', 'monPublic']) expect(run.stdout).toContain(text);
  });
});

describe('sigkit kx over HTTPS', () => {
  let tlsServer: MockServer;
  let tlsHp: string;
  beforeAll(async () => {
    tlsServer = createMockServer({ seed: 42, tls: { selfSigned: true } });
    const address = await tlsServer.listen(0);
    tlsHp = `${address.host}:${address.port}`;
  });
  afterAll(async () => {
    await tlsServer.close();
  });

  it('talks HTTPS with --insecure (one warning line) and refuses the self-signed certificate with --tls alone', async () => {
    const insecure = await sigkit(['kx', '--hp', tlsHp, '--insecure', '--method', 'getCPU', '--params', HALF_HOUR, '--json']);
    expect(insecure.exitCode).toBe(0);
    expect(insecure.stderr).toBe('sigkit kx: warning: --insecure: TLS certificates are not verified\n');
    expect(JSON.parse(insecure.stdout)).toHaveLength(150);
    const checked = await sigkit(['kx', '--hp', tlsHp, '--tls']);
    expect(checked.exitCode).toBe(1);
    expect(checked.stderr).toMatch(/^sigkit kx: POST \/connect\/api\/auth\/login: cannot reach https:.*certificate/);
  });
});

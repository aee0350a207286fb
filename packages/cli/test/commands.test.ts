/** `sigkit check` and `sigkit explain` as a user runs them: options, output, reports and exit statuses. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer } from '@sigkit/mock-server';
import { signXConnectRequestWithDeviations } from '@sigkit/signer';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCheckCommand } from '../src/commands/check.js';
import { registerExplainCommand } from '../src/commands/explain.js';
import { runCommands } from './platformCli.js';

const root = join(import.meta.dirname, '..', '..', '..');
const adapter = (file: string) => `python3 examples/adapters/${file}`;
// Reports and captures of this file go in one folder, removed when its tests end.
const work = mkdtempSync(join(tmpdir(), 'sigkit-commands-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `sigkit check|explain <args>` in process; `cwd` null lets the command find the user's directory as the binary does. */
function sigkit(args: string[], env: NodeJS.ProcessEnv = {}, cwd: string | null = root) {
  // The adapters get this environment alone: keep Python from writing __pycache__ beside the example adapters.
  return runCommands([registerCheckCommand, registerExplainCommand], args, { env: { PYTHONDONTWRITEBYTECODE: '1', ...env }, ...(cwd !== null && { cwd }) });
}

describe('sigkit check', () => {
  it('passes the correct adapter, exit 0, and writes the JSON and JUnit reports asked for', async () => {
    const dir = mkdtempSync(join(work, 'check-'));
    const run = await sigkit(['check', '--scheme', 'xconnect', '--adapter', adapter('xconnect_adapter.py'), '--cases', '300', '--seed', '8', '--report', `json=${dir}/r.json`, '--report', `junit=${dir}/r.xml`]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/PASSED: all \d+ cases/);
    expect(run.stdout).not.toContain('\u001b[');
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(json).toMatchObject({ ok: true, seed: 8, generatedCases: 300, scheme: 'xconnect' });
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<testsuites');
  });

  it('writes a relative --report path under the directory the user ran pnpm sigkit from (INIT_CWD)', async () => {
    const dir = mkdtempSync(join(work, 'caller-'));
    const command = `python3 ${join(root, 'examples', 'adapters', 'xconnect_adapter.py')}`;
    const run = await sigkit(['check', '--scheme', 'xconnect', '--adapter', command, '--cases', '5', '--report', 'junit=kx.xml'], { INIT_CWD: dir, npm_lifecycle_event: 'sigkit' }, null);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'kx.xml'), 'utf8')).toContain('<testsuites');
    expect(existsSync(join(process.cwd(), 'kx.xml'))).toBe(false);
  });

  it('fails the CRLF adapter with exit 1 and names CrlfQueryLines; JSON on stdout moves the human report to stderr', async () => {
    const run = await sigkit(['check', '--scheme', 'xconnect', '--adapter', adapter('xconnect_adapter_crlf.py'), '--cases', '100', '--seed', '2', '--report', 'json=-']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.failures[0].flags).toEqual(['CrlfQueryLines']);
    expect(run.stderr).toContain('reproduced by CrlfQueryLines');
  });

  it("holds the adapter to the published platform's reading with --platform moonstone: raw-byte hashing of a non-UTF-8 body is named", async () => {
    const run = await sigkit(['check', '--scheme', 'xconnect', '--adapter', adapter('xconnect_adapter.py'), '--platform', 'moonstone', '--cases', '200', '--seed', '1', '--report', 'json=-']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.failures.map((f: { flags: string[] }) => f.flags)).toEqual([['NonUtf8Body']]);
  });

  it('reports an adapter that cannot start as a failed run, with its stderr', async () => {
    const run = await sigkit(['check', '--scheme', 'kx', '--adapter', 'sigkit-no-such-adapter', '--cases', '5']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/could not finish: the adapter exited with code 127.*\n.*not found/);
  });

  it.each([
    [['check', '--scheme', 'xconnect'], /--adapter <command> is required/],
    [['check', '--scheme', 'kx', '--adapter', 'x', '--versions', '1'], /--versions applies to --scheme xconnect/],
    [['check', '--scheme', 'kx', '--adapter', 'x', '--platform', 'moonstone'], /--platform applies to --scheme xconnect --role signer/],
    [['check', '--scheme', 'xconnect', '--adapter', 'x', '--live'], /--live needs the command to run after "--"/],
  ])('refuses %j on one line with exit 2', async (args, message) => {
    const run = await sigkit(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lets commander refuse malformed option values', async () => {
    for (const args of [['--scheme', 'soap'], ['--scheme', 'kx', '--profile', 'Nope'], ['--scheme', 'xconnect', '--report', 'xml=a'], ['--scheme', 'xconnect', '--cases', 'many']]) {
      const run = await sigkit(['check', '--adapter', 'x', ...args]);
      expect(run.exitCode, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(/error: option/);
    }
  });
});

describe('sigkit explain', () => {
  const deviations = JSON.parse(readFileSync(join(root, 'vectors', 'xconnect', 'v1_deviations.json'), 'utf8'));
  const group = deviations.testGroups[0];
  const crlf = group.tests.find((t: { flags: string[] }) => t.flags.includes('CrlfQueryLines'));

  it('explains a raw HTTP capture: first differing step, the deviation, exit 1', async () => {
    const dir = mkdtempSync(join(work, 'explain-'));
    const raw = `${crlf.wire.method} ${crlf.wire.target} HTTP/1.1\r\n${Object.entries(crlf.wire.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    writeFileSync(join(dir, 'request.http'), raw);
    const run = await sigkit(['explain', join(dir, 'request.http')], { XCONNECT_SECRET_KEY: group.secretKey });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('reproduced by CrlfQueryLines');
    expect(run.stdout).toContain('first differing step: query lines');
    expect(run.stdout).toMatch(/\+ age=30\\r/);
  });

  it('prints JSON with --json and exits 0 for a correct signature given as a curl file', async () => {
    const valid = JSON.parse(readFileSync(join(root, 'vectors', 'xconnect', 'v1_canonicalization.json'), 'utf8')).testGroups[0];
    const { wire } = valid.tests[0];
    const dir = mkdtempSync(join(work, 'explain-'));
    writeFileSync(join(dir, 'request.sh'), `curl -X POST 'http://localhost:8080${wire.target}' ${Object.entries(wire.headers).map(([k, v]) => `-H '${k}: ${v}'`).join(' ')}`);
    const run = await sigkit(['explain', join(dir, 'request.sh'), '--json', '--secret-key', valid.secretKey]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scheme: 'xconnect', signatureMatches: true, source: 'curl' });
  });

  it('refuses a missing file or missing credentials on one line with exit 2', async () => {
    expect(await sigkit(['explain', 'no/such/file.http'])).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^sigkit explain: cannot read .*ENOENT\n$/) });
    const dir = mkdtempSync(join(work, 'explain-'));
    writeFileSync(join(dir, 'r.http'), `GET /api/v1/kronos/devices HTTP/1.1\r\nx-arrow-apikey: k\r\n\r\n`);
    expect(await sigkit(['explain', join(dir, 'r.http')])).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/needs the secret key/) });
  });

  it('explains an entry of a running mock\'s journal', async () => {
    const server = createMockServer({ seed: 42 });
    const { url } = await server.listen(0);
    try {
      const signed = signXConnectRequestWithDeviations(
        { method: 'GET', path: '/api/v1/kronos/devices', query: '_size=5&_page=0', apiKey: group.apiKey, secretKey: group.secretKey, timestamp: new Date() },
        ['UnsortedQuery'],
      );
      const response = await fetch(url + signed.target, { headers: { ...signed.headers } });
      expect(response.status).toBe(401);
      const { entries } = (await (await fetch(`${url}/__sigkit/journal?limit=1`)).json()) as { entries: { id: number }[] };
      const run = await sigkit(['explain', '--journal', String(entries[0]!.id), '--mock-url', url, '--secret-key', group.secretKey]);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain(`journal entry ${entries[0]!.id}`);
      expect(run.stdout).toContain('reproduced by UnsortedQuery');
      // Without a key on the command line, the running mock tells which secret belongs to the entry's api key.
      const keyless = await sigkit(['explain', '--journal', String(entries[0]!.id), '--mock-url', url]);
      expect(keyless.exitCode).toBe(1);
      expect(keyless.stdout).toContain('reproduced by UnsortedQuery');
    } finally {
      await server.close();
    }
  });

  it('fetches a journal entry from a mock and says where it could not', async () => {
    const run = await sigkit(['explain', '--journal', '3', '--mock-url', 'http://127.0.0.1:9', '--secret-key', 's']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/cannot reach the mock at http:\/\/127\.0\.0\.1:9/);
  });
});

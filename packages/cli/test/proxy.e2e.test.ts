/**
 * `sigkit proxy` end to end on loopback, with the built CLI: the mock over TLS plays the real
 * platform, the example Python clients and `sigkit xconnect`/`sigkit kx` pass through the proxy,
 * a broken client's rejection is explained, and `sigkit mock --replay` serves the recording with
 * the proxy and the platform gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeMockServer, type MockHttpServer } from '@sigkit/mock-server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const work = mkdtempSync(join(tmpdir(), 'sigkit-proxy-cli-'));
const recording = join(work, 'session.har');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts a long-running command of the built CLI (mock, proxy) and waits for its ready line. */
async function start(args: string[], ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = ready.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    void exit.then(() => reject(new Error(`exited before ready: ${stderr}`)));
  });
  return { child, url, output: () => stdout, exit };
}

/** Runs a command to its end (a Python client, a one-shot CLI command). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let platform: MockHttpServer;
let proxy: Started;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error('build the CLI first (pnpm build): this test runs packages/cli/dist/bin.js');
  platform = createNodeMockServer({ tls: { selfSigned: true }, seed: 42 });
  const { url } = await platform.listen(0);
  proxy = await start(['proxy', '--target', url, '--insecure', '--port', '0', '--record', recording], /^sigkit proxy listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
});

afterAll(async () => {
  if (proxy && proxy.child.exitCode === null) {
    proxy.child.kill('SIGTERM');
    await proxy.exit;
  }
  await platform?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('sigkit proxy (built CLI) in front of an HTTPS platform', () => {
  it('passes the example Python xConnect client and the CLI\'s xconnect command', async () => {
    const python = await run('python3', ['examples/python/xconnect_client.py'], { XCONNECT_BASE_URL: proxy.url });
    expect(python.stderr).toBe('');
    expect(python.code).toBe(0);
    expect(python.stdout).toMatch(/devices: 240 in 5 pages/);
    const cli = await run(process.execPath, [BIN, 'xconnect', 'GET', '/devices', '--query', '_size=3', '--query', '_page=2', '--base', proxy.url]);
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as { size: number }).size).toBe(3);
  });

  it('passes the example Python KX client and the CLI\'s kx command, learning their sessions', async () => {
    const hp = new URL(proxy.url).host;
    const python = await run('python3', ['examples/python/kx_client.py', '--hp', hp]);
    expect(python.code).toBe(0);
    expect(python.stdout).toMatch(/getMem: \d+ rows/);
    const cli = await run(process.execPath, [BIN, 'kx', '--hp', hp, '--json']);
    expect(cli.code).toBe(0);
    const journal = (await (await fetch(`${proxy.url}/__sigkit/journal?platform=kx&limit=100`)).json()) as { entries: { path: string; verdict: { ok: boolean; code: string } | null }[] };
    const calls = journal.entries.filter((e) => e.path.startsWith('/connect/api/monPublic/'));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) expect(call.verdict).toMatchObject({ ok: true, code: 'ok' });
  });

  it('explains a broken client\'s rejection in one line, and sigkit explain --journal reads the proxy\'s journal', async () => {
    const before = proxy.output().length;
    const broken = await run('python3', ['examples/python/xconnect_client.py'], { XCONNECT_BASE_URL: proxy.url, XCONNECT_BREAK: 'crlf-query-lines' });
    expect(broken.code).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = proxy.output().slice(before).trim().split('\n').find((l) => l.includes('signature_mismatch'));
    expect(line).toMatch(/^sigkit proxy: #(\d+) GET \/api\/v1\/kronos\/devices\?.* → 401 from the target; signature_mismatch: .*CrlfQueryLines/);
    const id = /#(\d+)/.exec(line!)![1]!;
    const explained = await run(process.execPath, [BIN, 'explain', '--journal', id, '--mock-url', proxy.url]);
    expect(explained.stdout).toMatch(/CrlfQueryLines/);
    expect(explained.code).toBe(1);
  });

  it('writes the recording on SIGTERM, redacted, and sigkit mock --replay serves it with the proxy and the platform gone', async () => {
    const recorded = await run(process.execPath, [BIN, 'xconnect', 'GET', '/devices', '--query', '_size=4', '--query', '_page=7', '--base', proxy.url]);
    expect(recorded.code).toBe(0);
    proxy.child.kill('SIGTERM');
    expect((await proxy.exit).code).toBe(0);
    await platform.close();
    const text = readFileSync(recording, 'utf8');
    expect(text).not.toMatch(/12345678|"password"\s*:\s*"(?!\[redacted\])/);
    const har = JSON.parse(text) as { log: { entries: { request: { url: string } }[] } };
    expect(har.log.entries.length).toBeGreaterThan(10);

    // Seed 7 lists other devices: the answer below is the recorded one, not the simulated one.
    const replay = await start(['mock', '--port', '0', '--seed', '7', '--replay', recording], /^sigkit mock listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    try {
      const again = await run(process.execPath, [BIN, 'xconnect', 'GET', '/devices', '--query', '_page=7', '--query', '_size=4', '--base', replay.url]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual(JSON.parse(recorded.stdout));
      const simulated = await run(process.execPath, [BIN, 'xconnect', 'GET', '/devices', '--query', '_page=8', '--query', '_size=4', '--base', replay.url]);
      expect(simulated.code).toBe(0);
    } finally {
      replay.child.kill('SIGTERM');
      await replay.exit;
    }
    // The Python client runs whole against a replay on the platform's seed: recorded answers where
    // they match, the simulation for the rest (its time windows differ from the recorded ones).
    const sameSeed = await start(['mock', '--port', '0', '--seed', '42', '--replay', recording], /^sigkit mock listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    try {
      const python = await run('python3', ['examples/python/xconnect_client.py'], { XCONNECT_BASE_URL: sameSeed.url });
      expect(python.stdout + python.stderr).toMatch(/devices: 240 in 5 pages/);
      expect(python.code).toBe(0);
      const journal = (await (await fetch(`${sameSeed.url}/__sigkit/journal?limit=100`)).json()) as { entries: { route: string | null }[] };
      const replayed = journal.entries.filter((e) => e.route?.startsWith('replayed from session.har'));
      expect(replayed.length).toBeGreaterThanOrEqual(5);
    } finally {
      sameSeed.child.kill('SIGTERM');
      await sameSeed.exit;
    }
  });

  it('refuses unusable flags with one line', async () => {
    const unpaired = await run(process.execPath, [BIN, 'proxy', '--target', 'http://127.0.0.1:1', '--api-key', 'k']);
    expect(unpaired.code).toBe(1);
    expect(unpaired.stderr).toMatch(/^sigkit: give one --secret-key for each --api-key/);
    const noTarget = await run(process.execPath, [BIN, 'proxy']);
    expect(noTarget.code).toBe(2);
    const badReplay = await run(process.execPath, [BIN, 'mock', '--port', '0', '--replay', join(work, 'missing.har')]);
    expect(badReplay.code).toBe(1);
    expect(badReplay.stderr).toMatch(/cannot read the recording/);
  });
});

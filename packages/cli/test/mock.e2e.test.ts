import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The config files of this file go in one folder, removed when its tests end.
const work = mkdtempSync(join(tmpdir(), 'sigkit-mock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  /** Resolves with the first stdout line. */
  firstLine: Promise<string>;
  /** Resolves when the process exits. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Runs `pnpm sigkit:dev …` the way the root script does (node with the source condition and tsx): the sources under test, not a build. */
function sigkit(args: string[]): Run {
  const child = spawn(process.execPath, ['--conditions=@sigkit/source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let gotLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (gotLine = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (stdout.includes('\n')) gotLine(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      gotLine('');
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, firstLine, exit };
}

describe('sigkit mock', () => {
  it('prints the ready line with the real port first, then the inspector line, serves, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(work, 'config-'));
    const config = join(dir, 'sigkit.config.json');
    writeFileSync(config, JSON.stringify({ seed: 3, profile: 'moonstone', port: 1 }));
    const run = sigkit(['mock', '--port', '0', '--config', config, '--seed', '77']);
    const line = await run.firstLine;
    expect(line).toMatch(/^sigkit mock listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('sigkit mock listening on '.length);
    expect(Number(new URL(url).port)).toBeGreaterThan(1);
    const index = await (await fetch(`${url}/__sigkit`)).json();
    // The flag (--seed 77) wins over the config file; the file's profile applies.
    expect(index).toMatchObject({ seed: 77, profile: 'moonstone' });
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
    // The ready line first, then the inspector's address (issue #16), nothing else.
    expect(exit.stdout).toBe(`${line}\nsigkit inspector on ${url}/__sigkit/ui\n`);
  });

  it('serves HTTPS with --tls and closes on SIGINT', async () => {
    const run = sigkit(['mock', '--port', '0', '--tls']);
    expect(await run.firstLine).toMatch(/^sigkit mock listening on https:\/\/127\.0\.0\.1:\d+$/);
    run.child.kill('SIGINT');
    expect(await run.exit).toMatchObject({ code: 0, stderr: '' });
  });

  it('runs the KX profile and session timeout given by --kx-profile and --kx-session-idle', async () => {
    const run = sigkit(['mock', '--port', '0', '--kx-profile', 'NoSeparator', '--kx-session-idle', '5']);
    const line = await run.firstLine;
    const url = line.slice('sigkit mock listening on '.length);
    const kx = await (await fetch(`${url}/__sigkit/kx`)).json();
    expect(kx).toMatchObject({ profileName: 'NoSeparator', profile: { joiner: 'none' }, sessionIdleMinutes: 5 });
    run.child.kill('SIGTERM');
    expect(await run.exit).toMatchObject({ code: 0, stderr: '' });
    const bad = await sigkit(['mock', '--kx-profile', 'Sloppy']).exit;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sigkit: option '--kx-profile <name>' argument 'Sloppy' is invalid\. Allowed choices are default, NoSeparator, /);
  });

  it('exits 2 (usage) with one line on a bad --profile', async () => {
    const exit = await sigkit(['mock', '--profile', 'lax']).exit;
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    expect(exit.stderr).toBe("sigkit: option '--profile <name>' argument 'lax' is invalid. Allowed choices are strict, moonstone.\n");
  });

  it('exits 1 with one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const exit = await sigkit(['mock', '--port', String(port)]).exit;
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(`sigkit: port ${port} on 127.0.0.1 is already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with one line on an invalid config file', async () => {
    const dir = mkdtempSync(join(work, 'config-'));
    const config = join(dir, 'sigkit.config.json');
    writeFileSync(config, JSON.stringify({ faults: [{ path: '/x' }] }));
    const exit = await sigkit(['mock', '--config', config]).exit;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(`sigkit: ${config}.faults[0] does nothing: give latencyMs, respond or destroy\n`);
  });
});

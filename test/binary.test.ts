/**
 * The single-file binary (`pnpm build:binary`) as someone without Node runs it: built once into a
 * temp folder, then every command run from it with a PATH that has no `node` (only python3, for
 * the example adapters), against a mock the binary itself serves.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADAPTERS = join(ROOT, 'examples', 'adapters');

let work = '';
let binary = '';
let env: NodeJS.ProcessEnv = {};
let mock: { child: ChildProcess; url: string } | undefined;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary from the temp folder, without node on PATH, and collects its output. */
function run(args: string[]): Promise<Result> {
  const child = spawn(binary, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function startMock(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(binary, ['mock', '--port', '0'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the binary's mock exited ${code} before listening: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^sigkit mock listening on (\S+)/.exec(line);
      if (match) resolve({ child, url: match[1]! });
    });
  });
}

/** The python3 interpreter itself (pyenv and the like put a shell-script shim first on PATH). */
function realPython(): string {
  return realpathSync(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigkit-binary-'));
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-binary.ts'), '--out', join(work, 'bin')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  binary = join(work, 'bin', `sigkit-linux-${process.arch}`);

  // A PATH with python3 and nothing else: no node, no npm, no shell tools.
  const path = join(work, 'path');
  mkdirSync(path);
  symlinkSync(realPython(), join(path, 'python3'));
  // Only what the binary and the adapters need; the cache goes in the temp folder, not ~/.cache.
  env = { PATH: path, HOME: join(work, 'home'), XDG_CACHE_HOME: join(work, 'cache'), TMPDIR: work, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' };
  mock = await startMock();
}, 120_000);

afterAll(async () => {
  if (mock !== undefined && mock.child.exitCode === null) {
    const exited = new Promise((resolve) => mock!.child.once('exit', resolve));
    mock.child.kill('SIGTERM');
    await exited;
  }
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the single-file binary, with no node on PATH', () => {
  it('runs where node cannot be found', () => {
    const lookup = (name: string) => spawnSync('/bin/sh', ['-c', `command -v ${name}`], { env, encoding: 'utf8' });
    expect(lookup('node').status).not.toBe(0);
    expect(lookup('python3').status).toBe(0);
  });

  it('prints its version, the CLI package’s', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    const result = await run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('signs a request without sending it', async () => {
    const result = await run(['sign', 'xconnect', 'GET', '/devices']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^x-arrow-signature: [0-9a-f]{64}$/m);
  });

  it('calls its own mock with xconnect and kx', async () => {
    const devices = await run(['xconnect', 'GET', '/devices', '--base', mock!.url]);
    expect(devices.stderr).toBe('');
    expect(devices.code).toBe(0);
    expect(JSON.parse(devices.stdout)).toMatchObject({ page: 0, totalSize: expect.any(Number) as unknown });

    const kx = await run(['kx', '--hp', mock!.url]);
    expect(kx.stderr).toBe('');
    expect(kx.code).toBe(0);
    expect(kx.stdout).toMatch(/^time\s+sym\s+used/);
  });

  it('draws an SVG plot, and says a PNG plot needs the npm package', async () => {
    const svg = await run(['kx', '--hp', mock!.url, '--plot=out.svg', '--json']);
    expect(svg.code).toBe(0);
    expect(svg.stderr).toMatch(/plotted \d+ columns .* to .*out\.svg/);
    const drawn = readFileSync(join(work, 'out.svg'), 'utf8');
    expect(drawn).toMatch(/^<svg[^>]* width="960" height="540"/);
    expect(drawn).toContain('monPublic.getMem');

    // Refused before any request: the mock's journal gains no entry for it.
    const journalSize = async () => ((await (await fetch(`${mock!.url}/__sigkit/journal`)).json()) as { total: number }).total;
    const before = await journalSize();
    const png = await run(['kx', '--hp', mock!.url, '--plot=out.png', '--json']);
    expect(png.code).toBe(2);
    expect(png.stderr).toMatch(/^sigkit kx: PNG plots need the npm package \(npm install -g @sigkit\/cli\)[^\n]*\n$/);
    expect(existsSync(join(work, 'out.png'))).toBe(false);
    expect(await journalSize()).toBe(before);

    // A bare --plot picks SVG, which the binary draws, in the temp folder.
    const bare = await run(['kx', '--hp', mock!.url, '--plot', '--json']);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/to \S*sigkit-monPublic\.getMem\.svg/);
  });

  it('checks a correct adapter against the embedded vectors, and fails a broken one with its mistake', async () => {
    const passed = await run(['check', '--scheme', 'xconnect', '--adapter', `python3 ${join(ADAPTERS, 'xconnect_adapter.py')}`, '--cases', '50']);
    expect(passed.stdout).toMatch(/PASSED/);
    expect(passed.code).toBe(0);
    // The vectors came out of the binary, into the cache folder the test gave it.
    const unpacked = readdirSync(join(work, 'cache', 'sigkit'));
    expect(unpacked).toEqual([expect.stringMatching(/^vectors-[0-9a-f]{16}$/)]);
    expect(existsSync(join(work, 'cache', 'sigkit', unpacked[0]!, 'xconnect', 'v1_canonicalization.json'))).toBe(true);

    const failed = await run(['check', '--scheme', 'xconnect', '--adapter', `python3 ${join(ADAPTERS, 'xconnect_adapter_crlf.py')}`, '--cases', '50']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('CrlfQueryLines');
  });

  // Last: the other tests call this mock. As a container's PID 1 the binary gets docker stop's SIGTERM the same way.
  it("serves the mock's inspector page from the files embedded in the binary", async () => {
    const page = await fetch(`${mock!.url}/__sigkit/ui`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('assets/app.js');
    const script = await fetch(`${mock!.url}/__sigkit/ui/assets/app.js`);
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('stops its mock on SIGTERM with status 0', async () => {
    const exited = new Promise<number | null>((resolve) => mock!.child.once('exit', (code) => resolve(code)));
    mock!.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

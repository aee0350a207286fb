/**
 * sigkit as a user gets it: every package packed (its `prepack` builds it), the tarballs installed
 * with npm into a scratch project outside the workspace, and used from there — the `sigkit` bin,
 * a vitest file of the user's, `tsc` with `skipLibCheck: false`, and `require()` from CommonJS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['signer', 'mock-server', 'conformance', 'cli'] as const;
const GUIDE_SIGNATURE = '28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553';

/** pnpm as the test runs under it (`pnpm test` sets npm_execpath), else the README's pinned one. */
function pnpm(args: string[], cwd: string): string {
  const execPath = process.env['npm_execpath'];
  const [command, prefix] = execPath !== undefined && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['npx', ['--yes', 'pnpm@10.34.9']];
  try {
    return execFileSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`pnpm ${args.join(' ')} failed in ${cwd}:\n${stdout.slice(-2000)}${stderr.slice(-2000)}`);
  }
}

/** The version the workspace itself tests with, so the scratch project runs the same tools. */
function versionOf(name: string, from: string): string {
  return (JSON.parse(readFileSync(createRequire(join(ROOT, from, 'package.json')).resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

let scratch = '';
let mock: { child: ChildProcess; url: string } | undefined;

/** Runs a command of the scratch project's `node_modules/.bin`, from the scratch project. */
function bin(name: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(join(scratch, 'node_modules', '.bin', name), args, {
      cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function startMock(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(join(scratch, 'node_modules', '.bin', 'sigkit'), ['mock', '--port', '0'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`sigkit mock exited ${code} before listening: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^sigkit mock listening on (\S+)/.exec(line);
      if (match) resolve({ child, url: match[1]! });
    });
  });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sigkit-consumer-'));
  const tarballs = join(scratch, 'tarballs');
  for (const name of PACKAGES) pnpm(['pack', '--pack-destination', tarballs], join(ROOT, 'packages', name));
  const tarballOf = (name: string) => `file:tarballs/${readdirSync(tarballs).find((file) => file.startsWith(`sigkit-${name}-`))!}`;
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({
    name: 'sigkit-consumer', private: true, type: 'module',
    dependencies: Object.fromEntries(PACKAGES.map((name) => [`@sigkit/${name}`, tarballOf(name)])),
    devDependencies: {
      typescript: versionOf('typescript', '.'),
      vitest: versionOf('vitest', '.'),
      '@types/node': versionOf('@types/node', '.'),
      msw: versionOf('msw', 'packages/mock-server'),
    },
  }, null, 2));
  cpSync(join(ROOT, 'test', 'consumer-project'), scratch, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
}, 300_000);

afterAll(() => {
  mock?.child.kill('SIGTERM');
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', () => {
  it('ship their README, LICENSE and spec; @sigkit/conformance its vectors, protocol and report schema', () => {
    for (const name of PACKAGES) {
      const dir = join(scratch, 'node_modules', '@sigkit', name);
      const files = readdirSync(dir, { recursive: true }).map(String);
      expect(files, name).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', join('docs', 'spec', 'xconnect.md'), join('docs', 'spec', 'kx-connect.md')]));
      expect(files.filter((file) => file.endsWith('.map') || file.endsWith('.ts') && !file.endsWith('.d.ts')), name).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest, name).toMatchObject({ license: 'MIT', engines: { node: '>=20.19' }, repository: { type: 'git' } });
      expect(manifest['keywords'], name).toEqual(expect.arrayContaining(['xconnect', 'kx-connect']));
      expect(JSON.stringify(manifest['exports']), name).not.toContain('@sigkit/source');
    }
    const conformance = readdirSync(join(scratch, 'node_modules', '@sigkit', 'conformance'), { recursive: true }).map(String);
    expect(conformance).toEqual(expect.arrayContaining(['PROTOCOL.md', 'report.schema.json', join('dist', 'vectors', 'xconnect', 'v1_canonicalization.json'), join('dist', 'vectors', 'kx', 'default_profile.json')]));
  });

  it('`sigkit --version` prints the installed version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    const result = bin('sigkit', ['--version']);
    expect(result.stdout.trim()).toBe(version);
    expect(result.status).toBe(0);
  });

  it('`sigkit mock` starts, and `sigkit xconnect` and `sigkit kx` call it', async () => {
    mock = await startMock();
    const devices = bin('sigkit', ['xconnect', 'GET', '/devices', '--query', '_size=3', '--base', mock.url]);
    expect(devices.stderr).toBe('');
    expect((JSON.parse(devices.stdout) as { data: unknown[] }).data).toHaveLength(3);
    const kx = bin('sigkit', ['kx', new URL(mock.url).host, 'kxSupport', '12345678', 'getMem']);
    expect(kx.status, kx.stderr).toBe(0);
    expect(kx.stdout).toMatch(/sym/);
    const journal = (await (await fetch(`${mock.url}/__sigkit/journal`)).json()) as { entries: { verdict?: { ok: boolean } }[] };
    expect(journal.entries.filter((entry) => entry.verdict?.ok === false)).toEqual([]);
    expect(journal.entries.length).toBeGreaterThanOrEqual(3);
  });

  it('`sigkit postman` writes the collection shipped in the package, with the given base URL', () => {
    const result = bin('sigkit', ['postman', '--base-url', 'http://platform.test:9000', '--out', '-']);
    expect(result.status, result.stderr).toBe(0);
    const collection = JSON.parse(result.stdout) as { info: { schema: string }; variable: { key: string; value: string }[] };
    expect(collection.info.schema).toMatch(/collection\/v2\.1/);
    expect(JSON.stringify(collection.variable)).toContain('http://platform.test:9000');
  });

  it('`sigkit check` finds the vectors shipped in the package: a correct adapter passes, a broken one is named', () => {
    const good = bin('sigkit', ['check', '--scheme', 'xconnect', '--cases', '30', '--no-progress', '--adapter', `python3 ${join(ROOT, 'examples/adapters/xconnect_adapter.py')}`], { SIGKIT_VECTORS: '' });
    expect(good.status, good.stderr + good.stdout).toBe(0);
    expect(good.stdout + good.stderr).toMatch(/vectors\s+\d+\s+\d+\s+0/);
    const broken = bin('sigkit', ['check', '--scheme', 'xconnect', '--cases', '30', '--no-progress', '--adapter', `python3 ${join(ROOT, 'examples/adapters/xconnect_adapter_crlf.py')}`], { SIGKIT_VECTORS: '' });
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).toContain('CrlfQueryLines');
  });

  it("a user's vitest file runs checkClient, msw's setupServer with createHandlers, and the signer", () => {
    const result = bin('vitest', ['run', '--reporter=verbose']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/4 passed/);
  });

  it('the declaration files type-check in a strict consumer with skipLibCheck: false', () => {
    const result = bin('tsc', ['-p', '.']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('CommonJS code can require() every package', () => {
    const output = execFileSync(process.execPath, ['require.cjs'], { cwd: scratch, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ signature: GUIDE_SIGNATURE, checkClient: 'function', createMockServer: 'function' });
  });
});

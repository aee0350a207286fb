/**
 * The pytest plugin of examples/python/sigkit_pytest, run by Debian's pytest (python3-pytest, for
 * /usr/bin/python3) against the mock of the built CLI: the sample suite passes, the broken suite fails
 * with each known mistake named in pytest's output, and nothing is written into the repository.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accepts } from './support/ports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_BIN = join(ROOT, 'packages/cli/dist/bin.js');
const PLUGIN_DIR = join(ROOT, 'examples/python/sigkit_pytest');
const SUITES = join(PLUGIN_DIR, 'examples');
const PYTHON_EXAMPLES = join(ROOT, 'examples/python');
/** Debian's pytest is installed for Debian's interpreter, not for a pyenv or venv python3 earlier on PATH. */
const PYTHON = '/usr/bin/python3';

let workDir: string;
let examplesBefore: string[];

beforeAll(() => {
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run the README's install (npx --yes pnpm@10.34.9 install --frozen-lockfile), which builds it`);
  const version = spawnSync(PYTHON, ['-m', 'pytest', '--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    throw new Error(`pytest is not installed for ${PYTHON} (${(version.stderr || String(version.error)).trim()}): run .ci/run, which installs Debian's python3-pytest, or apt-get install -y python3-pytest`);
  }
  workDir = mkdtempSync(join(tmpdir(), 'sigkit-pytest-'));
  examplesBefore = listFiles(PYTHON_EXAMPLES);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Every path under a folder, sorted: a __pycache__ or .pytest_cache left by a run shows as a difference. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Runs Debian's pytest from an empty temp folder with the plugin loaded by -p, as the README shows. */
function runPytest(args: string[], sigkitCommand = `"${process.execPath}" "${BUILT_BIN}"`, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: PLUGIN_DIR,
    SIGKIT_COMMAND: sigkitCommand,
    // Only the plugin under test: no other pytest11 plugin the machine may have, no user options.
    PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1',
  };
  delete env['PYTEST_ADDOPTS'];
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'pytest', '-p', 'sigkit_pytest', '-p', 'no:cacheprovider', ...args], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

describe('sigkit_pytest', () => {
  it('passes the sample suite signed by the guide\'s client: requests, journal, a fault, an allowed clock-skew rejection', async () => {
    const { status, output } = await runPytest([join(SUITES, 'test_passing.py')]);
    expect(output).toMatch(/\b5 passed\b/);
    expect(output).not.toMatch(/failed|error/i);
    expect(status).toBe(0);
  });

  it('passes it too against a mock that wants an admin token (SIGKIT_ADMIN_TOKEN, which the mock and the plugin both read)', async () => {
    const { status, output } = await runPytest([join(SUITES, 'test_passing.py')], undefined, { SIGKIT_ADMIN_TOKEN: 'pytest-token-0123456789' });
    expect(output).toMatch(/\b5 passed\b/);
    expect(status).toBe(0);
  });

  it('fails the broken suite with the mock\'s diagnosis: each mistake named, the canonical requests diffed', async () => {
    const { status, output } = await runPytest([join(SUITES, 'test_broken.py')]);
    expect(status).toBe(1);
    expect(output).toMatch(/\b2 failed\b/);
    // The test that swallowed its 401 fails too, on the plugin's word alone.
    expect(output).toMatch(/_+ test_crlf_query_lines_fail_even_when_the_401_is_swallowed _+\nthe sigkit mock rejected 1 request in this test/);
    expect(output).toContain('mistake: CrlfQueryLines');
    expect(output).toContain('+ _page=0\\r');
    // The test that raised keeps its traceback, with the diagnosis in a section of its own.
    expect(output).toContain('sigkit mock: rejected requests');
    expect(output).toContain('mistake: UnsortedQuery');
    expect(output).toContain('check failed: signature_mismatch');

    // The session's mock is stopped when pytest ends.
    const port = Number(/journal: http:\/\/127\.0\.0\.1:(\d+)\/__sigkit\/journal/.exec(output)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await accepts(port)).toBe(false);
  });

  it('says how to point it at sigkit when the command cannot be run', async () => {
    const { status, output } = await runPytest([join(SUITES, 'test_passing.py'), '-k', 'lists_devices'], join(workDir, 'no-such-sigkit'));
    expect(status).not.toBe(0);
    expect(output).toContain('cannot run');
    expect(output).toContain('SIGKIT_COMMAND');
  });

  it('leaves nothing in the repository or in its working folder', () => {
    expect(listFiles(PYTHON_EXAMPLES)).toEqual(examplesBefore);
    expect(readdirSync(workDir)).toEqual([]);
  });
});

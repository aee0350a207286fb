/**
 * The Java examples of examples/java, built with javac and run with JUnit 5 from Debian's junit5 package
 * against the mock of the built CLI: the client's test class passes, the broken client's class fails with
 * each known mistake named, and the Java adapter passes `sigkit check`.
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
const JAVA_EXAMPLES = join(ROOT, 'examples/java');
/** Debian's junit5 ships the console launcher as one jar holding the Jupiter API, the engines and opentest4j. */
const JUNIT_CONSOLE = '/usr/share/java/junit-platform-console-standalone.jar';
/** No hsperfdata files in /tmp from the JVMs a run starts. */
const JVM_QUIET = '-XX:-UsePerfData';

let workDir: string;
let classes: string;
let examplesBefore: string[];

beforeAll(async () => {
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run the README's install (npx --yes pnpm@10.34.9 install --frozen-lockfile), which builds it`);
  for (const tool of ['java', 'javac']) {
    if (spawnSync(tool, ['-version'], { encoding: 'utf8' }).status !== 0) throw new Error(`${tool} is not on PATH: run .ci/run, which installs a JDK (default-jdk-headless) when missing`);
  }
  if (!existsSync(JUNIT_CONSOLE)) throw new Error(`${JUNIT_CONSOLE} is missing: run .ci/run, which installs Debian's junit5, or apt-get install -y junit5`);
  workDir = mkdtempSync(join(tmpdir(), 'sigkit-junit-'));
  classes = join(workDir, 'classes');
  examplesBefore = listFiles(JAVA_EXAMPLES);
  const sources = listFiles(JAVA_EXAMPLES).filter((path) => path.endsWith('.java')).map((path) => join(JAVA_EXAMPLES, path));
  const compiled = await run('javac', [`-J${JVM_QUIET}`, '-d', classes, '-cp', JUNIT_CONSOLE, ...sources]);
  if (compiled.status !== 0) throw new Error(`javac failed:\n${compiled.output}`);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Runs a command from the work folder, with Java's temp folder inside it. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: workDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** The JUnit console launcher on one test class, with the extension pointed at the built CLI. */
function runTestClass(className: string): Promise<{ status: number | null; output: string }> {
  return run('java', [
    JVM_QUIET,
    `-Djava.io.tmpdir=${workDir}`,
    `-Dsigkit.command="${process.execPath}" "${BUILT_BIN}"`,
    '-jar', JUNIT_CONSOLE,
    '--disable-banner', '--disable-ansi-colors', '--details=tree',
    '--class-path', classes,
    '--select-class', className,
  ]);
}

describe('JUnit 5 SigkitMockExtension and the Java xConnect client', () => {
  it('passes the client\'s test class: the guide\'s vectors, queries, a body, the journal, a fault, an allowed clock-skew rejection', async () => {
    const { status, output } = await runTestClass('sigkit.examples.XConnectClientTest');
    expect(output).toMatch(/\[\s+8 tests successful\s+\]/);
    expect(output).toMatch(/\[\s+0 tests failed\s+\]/);
    expect(status).toBe(0);
  });

  it('fails the broken client\'s test class with the mock\'s diagnosis, naming each mistake', async () => {
    const { status, output } = await runTestClass('sigkit.examples.BrokenClientTest');
    expect(status).toBe(1);
    expect(output).toMatch(/\[\s+2 tests failed\s+\]/);
    // The test that swallowed its 401 fails on the extension's word alone.
    expect(output).toMatch(/crlfQueryLinesFailEvenWhenThe401IsSwallowed\(SigkitMock\) ✘ the sigkit mock rejected 1 request in this test/);
    expect(output).toContain('mistake: CrlfQueryLines');
    expect(output).toContain('+ _page=0\\r');
    // The test that threw keeps its exception; the diagnosis is added to it.
    expect(output).toContain('Suppressed: org.opentest4j.AssertionFailedError: the sigkit mock rejected 1 request in this test');
    expect(output).toContain('mistake: UnsortedQuery');

    // The run's mock is stopped when JUnit ends.
    const port = Number(/journal: http:\/\/127\.0\.0\.1:(\d+)\/__sigkit\/journal/.exec(output)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await accepts(port)).toBe(false);
  });

  it('passes sigkit check with the Java adapter around the same signer', async () => {
    const adapter = `java ${JVM_QUIET} -cp '${classes}' sigkit.adapter.XConnectAdapter`;
    const { status, output } = await run(process.execPath, [BUILT_BIN, 'check', '--scheme', 'xconnect', '--adapter', adapter, '--cases', '200', '--no-progress']);
    expect(output).toMatch(/PASSED: all \d+ cases/);
    expect(status).toBe(0);
  });

  it('leaves nothing in the repository', () => {
    expect(listFiles(JAVA_EXAMPLES)).toEqual(examplesBefore);
  });
});

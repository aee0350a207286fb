import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import shipped from '../../assets/postman/sigkit.postman_collection.json' with { type: 'json' };
import { registerPostmanCommand } from './postman.js';

// Every file of this test goes in one folder, removed when the file's tests end.
const dir = mkdtempSync(join(tmpdir(), 'sigkit-postman-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `sigkit postman <args>` in-process, as runSigkit would: output captured, commander's parse errors exit 2. */
async function postman(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const program = new Command('sigkit').exitOverride().configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  registerPostmanCommand(program, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: options.env ?? {},
    cwd: options.cwd ?? dir,
    setExitCode: (code) => (exitCode = code),
  });
  try {
    await program.parseAsync(['postman', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode === 0 ? 0 : 2;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: exitCode ?? 0 };
}

type Collection = typeof shipped;
const variablesOf = (collection: Collection) => Object.fromEntries(collection.variable.map(({ key, value }) => [key, value]));

describe('sigkit postman', () => {
  it('prints the shipped collection with the given values as its variables, and nothing else changed', async () => {
    const run = await postman([
      '--out', '-',
      '--base-url', 'https://iot.example.com/',
      '--kx-base-url', 'https://kx.example.com:8443/gw',
      '--api-key', 'my-key', '--secret-key', 'my-secret',
      '--kx-user', 'ops', '--kx-password', 'hunter2',
    ]);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const written = JSON.parse(run.stdout) as Collection;
    expect(variablesOf(written)).toEqual({
      ...variablesOf(shipped),
      baseUrl: 'https://iot.example.com',
      kxBaseUrl: 'https://kx.example.com:8443/gw',
      xconnectApiKey: 'my-key',
      xconnectSecretKey: 'my-secret',
      kxUser: 'ops',
      kxPassword: 'hunter2',
    });
    expect({ ...written, variable: [] }).toEqual({ ...shipped, variable: [] });
  });

  it('defaults to the environment, then to the mock: its address, the guide\'s keys and the guides\' user', async () => {
    const fromEnv = await postman(['--out', '-'], {
      env: { XCONNECT_BASE_URL: 'http://10.0.0.5:8080', XCONNECT_API_KEY: 'k', XCONNECT_SECRET_KEY: 's', KX_USER: 'Administrator', KX_PASSWORD: 'password' },
    });
    expect(variablesOf(JSON.parse(fromEnv.stdout) as Collection)).toMatchObject({
      baseUrl: 'http://10.0.0.5:8080',
      kxBaseUrl: '{{baseUrl}}',
      xconnectApiKey: 'k',
      xconnectSecretKey: 's',
      kxUser: 'Administrator',
      kxPassword: 'password',
    });
    const bare = await postman(['--out', '-']);
    expect(JSON.parse(bare.stdout)).toEqual(shipped);
  });

  it('writes sigkit.postman_collection.json in the caller\'s directory, and a relative --out there too', async () => {
    const cwd = mkdtempSync(join(dir, 'caller-'));
    const run = await postman(['--base-url', 'http://127.0.0.1:9090'], { cwd });
    expect(run).toEqual({ exitCode: 0, stderr: '', stdout: 'wrote sigkit.postman_collection.json: import it in Postman, or run it with npx newman run sigkit.postman_collection.json\n' });
    expect(variablesOf(JSON.parse(readFileSync(join(cwd, 'sigkit.postman_collection.json'), 'utf8')) as Collection).baseUrl).toBe('http://127.0.0.1:9090');
    expect((await postman(['-o', 'mine.json'], { cwd })).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'mine.json'), 'utf8'))).toEqual(shipped);
  });

  it.each([
    [['--api-key', 'k'], 'sigkit postman: an api key was given without its secret key: give --secret-key (or XCONNECT_SECRET_KEY) too'],
    [['--secret-key', 's'], 'sigkit postman: a secret key was given without its api key: give --api-key (or XCONNECT_API_KEY) too'],
    [['--kx-user', 'ops'], 'sigkit postman: a KX user was given without its password: give --kx-password (or KX_PASSWORD) too'],
    [['--kx-password', 'pw'], 'sigkit postman: a KX password was given without its user: give --kx-user (or KX_USER) too'],
    [['--base-url', '127.0.0.1:8080'], 'sigkit postman: --base-url must be an http(s) URL such as http://127.0.0.1:8080, got "127.0.0.1:8080"'],
    [['--base-url', 'ftp://files.example'], 'sigkit postman: --base-url must be an http(s) URL such as http://127.0.0.1:8080, got "ftp://files.example"'],
    [['--base-url', 'not a url'], 'sigkit postman: --base-url must be an http(s) URL such as http://127.0.0.1:8080, got "not a url"'],
    [['--base-url', 'http://h/?a=1'], 'sigkit postman: --base-url must have no query or fragment, got "http://h/?a=1"'],
    [['--kx-base-url', 'https://user:pw@kx.example'], 'sigkit postman: --kx-base-url must not hold credentials: give them with --api-key/--secret-key or --kx-user/--kx-password'],
  ])('refuses %j with exit status 2 and one line, writing nothing', async (args, line) => {
    const cwd = mkdtempSync(join(dir, 'refused-'));
    expect(await postman(args, { cwd })).toEqual({ exitCode: 2, stdout: '', stderr: `${line}\n` });
    expect(() => readFileSync(join(cwd, 'sigkit.postman_collection.json'))).toThrow(/ENOENT/);
  });

  it('names a bad XCONNECT_BASE_URL as the variable, and an unknown option as commander does (exit 2)', async () => {
    expect(await postman(['--out', '-'], { env: { XCONNECT_BASE_URL: 'localhost:8080' } })).toMatchObject({ exitCode: 2, stderr: 'sigkit postman: XCONNECT_BASE_URL must be an http(s) URL such as http://127.0.0.1:8080, got "localhost:8080"\n' });
    expect(await postman(['--base'])).toMatchObject({ exitCode: 2, stderr: "error: unknown option '--base'\n" });
  });

  it('exits 1 with one line when the file cannot be written', async () => {
    const run = await postman(['--out', join(dir, 'no-such-folder', 'c.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^sigkit postman: cannot write .*no-such-folder\/c\.json: ENOENT[^\n]*\n$/);
  });
});

/** `sigkit check --live` over the independent Python clients of examples/python, as a user runs it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCheckCommand } from '../src/commands/check.js';
import { runCommands } from './platformCli.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** Runs `sigkit check <args>` in process, in the repository, with this process's environment and `env`. */
const sigkit = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommands([registerCheckCommand], args, { env: { ...process.env, ...env }, cwd: root });

describe('sigkit check --live', () => {
  it('passes the xConnect guide client: it ran, reached the mock, and nothing was rejected', async () => {
    const run = await sigkit(['check', '--live', '--', 'python3', 'examples/python/xconnect_client.py']);
    expect(run.stdout).toMatch(/devices: \d+ in \d+ pages/); // the client's own output is passed through
    expect(run.stdout).toMatch(/command: exit 0 · \d+ requests reached the mock \(\d+ xconnect\) · 0 rejected/);
    expect(run.stdout).toContain('✓ PASSED');
    expect(run.exitCode).toBe(0);
  });

  it('passes the KX guide client', async () => {
    const run = await sigkit(['check', '--live', '--', 'python3', 'examples/python/kx_client.py']);
    expect(run.stdout).toMatch(/command: exit 0 · [1-9]\d* requests reached the mock \([1-9]\d* kx\) · 0 rejected/);
    expect(run.exitCode).toBe(0);
  });

  it('fails a client that signs wrongly, printing each rejection with the mistake that reproduces it', async () => {
    const run = await sigkit(['check', '--live', '--', 'python3', 'examples/python/xconnect_client.py'], { XCONNECT_BREAK: 'crlf-query-lines' });
    expect(run.stdout).toMatch(/✗ #\d+ GET \/api\/v1\/kronos\/devices\?\S+ → 401 signature_mismatch/);
    expect(run.stdout).toContain('reproduced by CrlfQueryLines');
    expect(run.stdout).toMatch(/FAILED: .*the mock rejected 1 of 1 requests/);
    expect(run.exitCode).toBe(1);
  });

  it('fails a command that sends nothing, and one that fails', async () => {
    const silent = await sigkit(['check', '--live', '--', 'node', '-e', '0']);
    expect(silent.stdout).toMatch(/no request reached the mock/);
    expect(silent.exitCode).toBe(1);
    const failing = await sigkit(['check', '--live', '--', 'node', '-e', 'process.exit(3)']);
    expect(failing.stdout).toMatch(/the command exited with status 3/);
    expect(failing.exitCode).toBe(1);
  });

  it('needs a command, and refuses --adapter beside it', async () => {
    expect(await sigkit(['check', '--live'])).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/needs the command to run after "--"/) });
    expect(await sigkit(['check', '--live', '--adapter', 'x', '--', 'true'])).toMatchObject({ exitCode: 2 });
  });
});

/** Issue #18: `sigkit mock --host` beyond loopback does not start silently, and its admin API wants a token. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Starts `sigkit mock` from the sources and resolves with its first `count` stdout lines and a stop function. */
function start(args: string[], env: Record<string, string> = {}, count = 3): Promise<{ lines: string[]; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, ['--conditions=@sigkit/source', '--import', 'tsx', 'packages/cli/src/bin.ts', 'mock', ...args], {
    cwd: ROOT,
    env: { ...process.env, SIGKIT_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    return stderr;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const lines = stdout.split('\n');
      if (lines.length > count) resolve({ lines: lines.slice(0, count), stop });
    });
    void exited.then(() => reject(new Error(`sigkit mock exited early: ${stderr}`)));
  });
}

describe('sigkit mock --host', () => {
  it('prints the ready line first, unchanged, then a warning with a generated token the admin API requires', async () => {
    const { lines, stop } = await start(['--port', '0', '--host', '0.0.0.0']);
    try {
      expect(lines[0]).toMatch(/^sigkit mock listening on http:\/\/0\.0\.0\.0:\d+$/);
      expect(lines[1]).toMatch(/^sigkit inspector on /);
      const warning = /^sigkit mock WARNING: 0\.0\.0\.0 is not loopback.*generated token (\S+); inspector: \S+\/__sigkit\/ui\?token=\S+$/.exec(lines[2]!);
      expect(warning, lines[2]).not.toBeNull();
      const port = new URL(lines[0]!.slice('sigkit mock listening on '.length)).port;
      expect((await fetch(`http://127.0.0.1:${port}/__sigkit/credentials`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/__sigkit/credentials`, { headers: { authorization: `Bearer ${warning![1]}` } })).status).toBe(200);
    } finally {
      expect(await stop()).toBe('');
    }
  });

  it('answers the admin API for the Host names of --allowed-hosts, and no other', async () => {
    const { lines, stop } = await start(['--port', '0', '--no-ui', '--allowed-hosts', 'mock.internal, other.internal'], {}, 1);
    try {
      const url = lines[0]!.slice('sigkit mock listening on '.length);
      const { request } = await import('node:http');
      const statusFor = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${url}/__sigkit/stats`, { headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await statusFor('mock.internal:8080')).toBe(200);
      expect(await statusFor('other.internal')).toBe(200);
      expect(await statusFor('attacker.example')).toBe(403);
    } finally {
      await stop();
    }
  });

  it('takes the token from SIGKIT_ADMIN_TOKEN without printing it, and requires it on loopback too', async () => {
    const token = 'env-admin-token-0123456789';
    const { lines, stop } = await start(['--port', '0', '--no-ui'], { SIGKIT_ADMIN_TOKEN: token }, 1);
    try {
      const url = lines[0]!.slice('sigkit mock listening on '.length);
      expect((await fetch(`${url}/__sigkit/stats`)).status).toBe(401);
      expect((await fetch(`${url}/__sigkit/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await stop();
    }
  });
});

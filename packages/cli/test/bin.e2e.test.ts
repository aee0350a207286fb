/** The platform commands through the real executable: exit statuses and the one-line errors of `runSigkit`. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `pnpm sigkit …` as the root script does, to its exit. */
function sigkit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@sigkit/source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('sigkit kx | xconnect | sign as a process', () => {
  it('exits 0 after signing, 2 on a malformed option, 1 when the platform cannot be reached', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    await new Promise<void>((resolve) => blocker.close(() => resolve()));

    const [signed, usage, unreachable] = await Promise.all([
      sigkit(['sign', 'xconnect', 'POST', '/api/v1/kronos/gateways?lastName=Doe&firstName=Jane&Age=30', '--timestamp', '2016-04-12T14:28:36.218Z']),
      sigkit(['kx', '--plot-size', 'huge']),
      sigkit(['xconnect', 'GET', '/devices', '--base', `http://127.0.0.1:${port}`]),
    ]);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toContain('x-arrow-signature: 28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553\n');
    expect(usage).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "sigkit: option '--plot-size <WxH>' argument 'huge' is invalid. must be WIDTHxHEIGHT in pixels, each from 100 to 8000, e.g. 960x540.\n",
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`^sigkit xconnect: GET /api/v1/kronos/devices: cannot reach http://127\\.0\\.0\\.1:${port}: [^\\n]*ECONNREFUSED[^\\n]*\\n$`));
  });
});

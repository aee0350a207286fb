import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';

const CLIENT = fileURLToPath(new URL('../../../examples/python/kx_client.py', import.meta.url));

/** Runs the KX client written from the Python guide (standard library only); never rejects. */
function runClient(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', [CLIENT, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the KX client written from the Python guide', () => {
  let server: MockServer;
  let hostPort: string;
  beforeAll(async () => {
    // A journal body limit large enough to keep whole answers, which the test reads back.
    server = createMockServer({ seed: 42, dataset: { gateways: 1, devicesPerGateway: 1 }, journalBodyLimit: 1024 * 1024, journalResponseBodyLimit: 1024 * 1024 });
    hostPort = `127.0.0.1:${(await server.listen(0, '127.0.0.1')).port}`;
  });
  afterAll(() => server.close());
  beforeEach(() => server.core.reset());

  it('logs in, reads getMem over a time range and getMemBucket, logs out: every call verified', async () => {
    const result = await runClient(['--hp', hostPort]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const entries = server.core.journal.list({ order: 'asc' }).entries;
    expect(entries.map((e) => [e.route, e.verdict?.code, e.response.status])).toEqual([
      ['POST /connect/api/auth/login', 'login', 200],
      ['POST /connect/api/monPublic/getMem', 'ok', 200],
      ['POST /connect/api/monPublic/getMemBucket', 'ok', 200],
      ['POST /connect/api/auth/logout', 'ok', 200],
    ]);
    // getMem asked for an hour: 60 or 61 whole minutes (the client's end is on a whole second) of 5 servers.
    const getMem = JSON.parse(entries[1]!.body.data) as { msg: [{ startTime: string; endTime: string }] };
    expect(Date.parse(getMem.msg[0].endTime) - Date.parse(getMem.msg[0].startTime)).toBe(3_600_000);
    const rows = JSON.parse(entries[1]!.response.body!.data).msg.length as number;
    expect([300, 305]).toContain(rows);
    expect(result.stdout).toContain(`getMem: ${rows} rows\n`);
    expect(result.stdout).toMatch(/^getMemBucket: (20|25) rows$/m);
    expect(result.stdout).toMatch(/^time +sym +used +heap +peak +wmax +mmap +mphy +syms +symw/m);
    // The password the client sent never reached the journal.
    expect(JSON.stringify(entries)).not.toContain('12345678');
    expect(server.core.kx.sessions.list()).toEqual([]);
  });

  it('works as the guide\'s other user, with getMemBucket as the first call', async () => {
    const result = await runClient(['--hp', hostPort, '--user', 'Administrator', '--pw', 'password', '--method', 'getMemBucket']);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^getMemBucket: \d+ rows$/gm)).toHaveLength(2);
  });

  it('exits non-zero on a refused login, printing the server\'s reason', async () => {
    const result = await runClient(['--hp', hostPort, '--pw', 'not-the-password']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REJECTED: POST /connect/api/auth/login -> HTTP 401');
    expect(result.stderr).toContain('server said: invalid username or password');
    expect(result.stderr).toContain('check failed: invalid_credentials');
    expect(JSON.stringify(server.core.journal.list().entries)).not.toContain('not-the-password');
  });

  it('exits non-zero when the mock runs another profile, and the diagnosis says the client signs the default one', async () => {
    server.core.kx.setProfile('NoSeparator');
    const result = await runClient(['--hp', hostPort]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REJECTED: POST /connect/api/monPublic/getMem -> HTTP 401');
    expect(result.stderr).toContain('check failed: signature_mismatch');
    expect(result.stderr).toContain("deviation: none (the signature is reproduced by the kit's default profile)");
    expect(result.stderr).toMatch(/expected string to sign: 'POST\/connect\/api\/monPublic\/getMemkxSupport[0-9a-f]{32}application\/json/);
  });
});

/** `sigkit journal` (list, --har, --curl) and `sigkit explain` reading what it writes, and KX entries explained from the journal, against a mock over real HTTP. */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sigkit/mock-server';
import { kxLoginRequest, signKxRequest, signKxRequestAs, signXConnectRequest, signXConnectRequestWithDeviations } from '@sigkit/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerExplainCommand } from '../src/commands/explain.js';
import { registerJournalCommand } from '../src/commands/journal.js';
import { runCommands } from './platformCli.js';

const API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const SECRET_KEY = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const KX_PASSWORD = '12345678';

const work = mkdtempSync(join(tmpdir(), 'sigkit-journal-'));
let server: MockServer;
let url: string;
beforeAll(async () => {
  server = createMockServer({ seed: 7 });
  url = (await server.listen(0)).url;
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `sigkit explain|journal <args>` in process, in this file's folder. */
const sigkit = (args: string[]) => runCommands([registerExplainCommand, registerJournalCommand], args, { cwd: work });

/** Sends a wire request and returns its journal id. */
async function send(wire: { method: string; target: string; headers: Record<string, string | undefined>; body?: string | Uint8Array }): Promise<{ id: number; status: number; json: unknown }> {
  const headers = Object.fromEntries(Object.entries(wire.headers).filter((e): e is [string, string] => e[1] !== undefined));
  const body = wire.body === undefined || wire.body.length === 0 ? undefined : typeof wire.body === 'string' ? wire.body : Buffer.from(wire.body);
  const response = await fetch(url + wire.target, { method: wire.method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  return { id: Number(response.headers.get('x-sigkit-journal-id')), status: response.status, json: text ? JSON.parse(text) : null };
}

const xconnect = (method: string, path: string, query?: string, body?: string) =>
  ({ method, path, ...(query !== undefined && { query }), ...(body !== undefined && { body }), apiKey: API_KEY, secretKey: SECRET_KEY, timestamp: new Date() });

describe('sigkit journal --har, read back by sigkit explain', () => {
  it('exports the journal of an xConnect client run as HAR; explain matches the accepted entries (exit 0) and names the broken one (exit 1)', async () => {
    const good = await send(signXConnectRequest(xconnect('GET', '/api/v1/kronos/devices', '_page=0&_size=3')));
    const broken = await send(signXConnectRequestWithDeviations(xconnect('GET', '/api/v1/kronos/devices', '_size=3&_page=0'), ['UnsortedQuery']));
    const posted = await send({ ...signXConnectRequest(xconnect('POST', '/api/v1/kronos/devices', undefined, '{"uid":"har-1","name":"har"}')), headers: { ...signXConnectRequest(xconnect('POST', '/api/v1/kronos/devices', undefined, '{"uid":"har-1","name":"har"}')).headers, 'content-type': 'application/json' } });
    expect([good.status, broken.status]).toEqual([200, 401]);

    const written = await sigkit(['journal', '--mock-url', url, '--har', 'run.har']);
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toMatch(/wrote \d+ entries to .*run\.har/);
    const har = JSON.parse(readFileSync(join(work, 'run.har'), 'utf8'));
    const index = (id: number) => har.log.entries.findIndex((e: { _sigkit: { journalId: number } }) => e._sigkit.journalId === id);

    for (const accepted of [good, posted]) {
      const run = await sigkit(['explain', 'run.har', '--entry', String(index(accepted.id)), '--secret-key', SECRET_KEY]);
      expect({ id: accepted.id, exit: run.exitCode }).toEqual({ id: accepted.id, exit: 0 });
      expect(run.stdout).toContain('the signature matches the reference');
    }
    const run = await sigkit(['explain', 'run.har', '--entry', String(index(broken.id)), '--secret-key', SECRET_KEY]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('reproduced by UnsortedQuery');

    const listed = await sigkit(['journal', '--mock-url', url]);
    expect(listed.stdout).toMatch(new RegExp(`^\\s*${broken.id}  GET /api/v1/kronos/devices\\?_size=3&_page=0  401 signature_mismatch$`, 'm'));
  });
});

describe('sigkit journal --curl', () => {
  it('prints a request as a curl command that explain reads and that the real curl sends again identically', async () => {
    // A quote, a shell variable, an @ and a newline: each must reach the mock as sent.
    const body = `{"uid":"curl-1",\n "name":"it's \\"quoted\\", $HOME and @ too"}`;
    const signed = signXConnectRequest({ ...xconnect('POST', '/api/v1/kronos/devices', 'a=1&b=%2F', body) });
    const sent = await send({ ...signed, headers: { ...signed.headers, 'content-type': 'application/json' } });
    const printed = await sigkit(['journal', '--mock-url', url, '--curl', String(sent.id)]);
    expect(printed.exitCode).toBe(0);
    expect(printed.stderr).toBe('');
    const command = printed.stdout.trimEnd();
    expect(command).toMatch(/^curl -X POST --path-as-is --globoff /);
    expect(command.split('\n')).toHaveLength(2); // the body's newline, inside quotes

    writeFileSync(join(work, 'request.curl'), command);
    const explained = await sigkit(['explain', 'request.curl', '--secret-key', SECRET_KEY]);
    expect(explained.exitCode).toBe(0);
    expect(explained.stdout).toContain('the signature matches the reference');

    const hasCurl = spawnSync('curl', ['--version']).status === 0;
    if (!hasCurl) return; // the explain round trip above already checked the command
    // Asynchronously: the mock answers from this process's event loop.
    await promisify(execFile)('bash', ['-c', `${command} --silent --show-error --output /dev/null`], { timeout: 20_000 });
    const original = server.core.journal.get(sent.id);
    const replayed = server.core.journal.list({ limit: 1 }).entries[0];
    expect(replayed!.id).toBeGreaterThan(sent.id);
    expect({ method: replayed!.method, target: replayed!.target, body: replayed!.body.data }).toEqual({ method: original!.method, target: original!.target, body: original!.body.data });
    for (const [name, value] of Object.entries(original!.headers)) {
      if (['host', 'content-length', 'connection', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'sec-fetch-mode'].includes(name)) continue;
      expect({ name, value: replayed!.headers[name] }).toEqual({ name, value });
    }
    expect(replayed!.verdict).toMatchObject({ ok: true });
  });

  it('notes on stderr when a redacted header keeps the command from reproducing the request', async () => {
    const signed = signXConnectRequest(xconnect('GET', '/api/v1/kronos/devices'));
    const sent = await send({ ...signed, headers: { ...signed.headers, authorization: 'Bearer hidden-token' } });
    const printed = await sigkit(['journal', '--mock-url', url, '--curl', String(sent.id)]);
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toContain("-H 'authorization: [redacted]'");
    expect(printed.stdout).not.toContain('hidden-token');
    expect(printed.stderr).toMatch(/^sigkit journal: note: the journal redacted the authorization header/);
  });

  it('says so when the entry does not exist, exit 2', async () => {
    const run = await sigkit(['journal', '--mock-url', url, '--curl', '999999']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^sigkit journal: the mock's journal has no entry 999999/);
  });
});

describe('sigkit explain --journal: the mock explains its own entry', () => {
  it('prints, without the secret, the text the inspector shows and the admin API answers; keys given explain it here the same way', async () => {
    const broken = await send(signXConnectRequestWithDeviations(xconnect('GET', '/api/v1/kronos/devices', '_size=3&_page=0'), ['CrlfQueryLines']));
    const run = await sigkit(['explain', '--journal', String(broken.id), '--mock-url', url]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('reproduced by CrlfQueryLines');
    expect(run.stdout).toContain('reference verifier: signature_mismatch');
    const page = (await (await fetch(`${url}/__sigkit/ui/api/entries/${broken.id}`)).json()) as { explain: string };
    const admin = (await (await fetch(`${url}/__sigkit/journal/${broken.id}/explain`)).json()) as { text: string };
    expect(page.explain).toBe(run.stdout);
    expect(admin.text).toBe(run.stdout);
    // With the secret given, the CLI explains the fetched entry itself: the same text.
    const here = await sigkit(['explain', '--journal', String(broken.id), '--mock-url', url, '--secret-key', SECRET_KEY]);
    expect(here.stdout).toBe(run.stdout);
  });

  it('says in one line why an entry cannot be explained by the mock (an api key it does not hold)', async () => {
    const stranger = await send(signXConnectRequest({ ...xconnect('GET', '/api/v1/kronos/devices'), apiKey: 'not-a-key-of-the-mock' }));
    const run = await sigkit(['explain', '--journal', String(stranger.id), '--mock-url', url]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^sigkit explain: the mock cannot explain entry \d+: the mock holds no secret for this entry's api key.*--secret-key/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('sigkit explain --journal for KX Connect', () => {
  async function login(password = KX_PASSWORD) {
    const req = kxLoginRequest('kxSupport', password, { date: new Date() });
    return send({ method: 'POST', target: req.path, headers: req.headers, body: req.body });
  }

  it('explains a good call (exit 0), a NoSeparator call (exit 1, named) and refused logins, with no password or sessionId in the journal', async () => {
    const loggedIn = await login();
    const sessionId = (loggedIn.json as { msg: { sessionId: string }[] }).msg[0]!.sessionId;
    const call = { group: 'monPublic', method: 'getMem', username: 'kxSupport', sessionId, date: new Date(), params: {} };
    const good = await send({ ...signKxRequest(call), target: signKxRequest(call).path, method: 'POST' });
    const noSeparator = await send({ ...signKxRequestAs(call, ['NoSeparator']), target: signKxRequest(call).path, method: 'POST' });
    const wrongPassword = await login('not-the-password');
    const malformed = await send({ method: 'POST', target: '/connect/api/auth/login', headers: { 'content-type': 'application/json' }, body: '{"msg":[{"username":"kxSupport","password":bare-secret}]}' });
    expect([loggedIn.status, good.status, noSeparator.status, wrongPassword.status, malformed.status]).toEqual([200, 200, 401, 401, 400]);

    const ok = await sigkit(['explain', '--journal', String(good.id), '--mock-url', url]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('the signature matches the reference');

    const bad = await sigkit(['explain', '--journal', String(noSeparator.id), '--mock-url', url]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain('reproduced by NoSeparator');
    expect(bad.stdout).toContain('first differing step: joiner');
    expect(bad.stdout).toContain("explained from the mock's own diagnosis");

    // With the sessionId, explain recomputes it here from the recorded identity and signature.
    const recomputed = await sigkit(['explain', '--journal', String(noSeparator.id), '--mock-url', url, '--session-id', sessionId]);
    expect(recomputed.exitCode).toBe(1);
    expect(recomputed.stdout).toContain('reproduced by NoSeparator');
    expect(recomputed.stdout).not.toContain("explained from the mock's own diagnosis");

    const refused = await sigkit(['explain', '--journal', String(wrongPassword.id), '--mock-url', url]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('invalid_credentials');
    expect(refused.stdout).toContain('wrong password for user "kxSupport"');
    const unreadable = await sigkit(['explain', '--journal', String(malformed.id), '--mock-url', url]);
    expect(unreadable.exitCode).toBe(1);
    expect(unreadable.stdout).toContain('malformed_login');
    const login200 = await sigkit(['explain', '--journal', String(loggedIn.id), '--mock-url', url]);
    expect(login200.exitCode).toBe(0);

    const json = await (await fetch(`${url}/__sigkit/journal?platform=kx&limit=1000`)).text();
    const harRun = await sigkit(['journal', '--mock-url', url, '--har', '-']);
    const printed = [json, harRun.stdout, ok.stdout, bad.stdout, refused.stdout, unreadable.stdout, login200.stdout];
    for (const text of printed) {
      expect(text).not.toContain(sessionId);
      for (const secret of [KX_PASSWORD, 'not-the-password', 'bare-secret']) expect(text).not.toContain(secret);
    }

    // The HAR the journal exports explains KX entries the same way.
    writeFileSync(join(work, 'kx.har'), harRun.stdout);
    const har = JSON.parse(harRun.stdout);
    const entry = har.log.entries.findIndex((e: { _sigkit: { journalId: number } }) => e._sigkit.journalId === noSeparator.id);
    const fromHar = await sigkit(['explain', 'kx.har', '--entry', String(entry)]);
    expect(fromHar.exitCode).toBe(1);
    expect(fromHar.stdout).toContain('reproduced by NoSeparator');
  });
});

/** The inspector's routes: the page under a strict CSP, its assets and size budget, 404 when off, the opened entry, and listings that carry no secret. */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedFromJournalEntry, explainCapture, formatExplanation, type JournalEntryJson } from '@sigkit/signer/explain';
import { GUIDE_CREDENTIAL, INSPECTOR_CSP, inspectorAssetsFrom, type EntryView } from '../src/index.js';
import { loadInspectorAssets } from '../src/node/index.js';
import { send, sign, testServer } from './helpers.js';
import { kxServer, login, sendSigned, signCall } from './kxHelpers.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/build-inspector.mjs', import.meta.url));
/** The budget for the page and its assets, gzipped. */
const BUDGET_BYTES = 150 * 1024;

let built: string;
beforeAll(async () => {
  // A fresh build of the page into a folder of the test's own: the budget is checked on what the build makes now.
  built = mkdtempSync(join(tmpdir(), 'sigkit-ui-'));
  const { buildInspector } = (await import(pathToFileURL(BUILD_SCRIPT).href)) as { buildInspector(out: string): Promise<Record<string, number>> };
  await buildInspector(built);
});
afterAll(() => rmSync(built, { recursive: true, force: true }));

const assets = () => loadInspectorAssets(pathToFileURL(`${built}/`));

describe('GET /__sigkit/ui', () => {
  it('serves the page with the strict CSP, and every asset it names', async () => {
    const server = testServer({ ui: assets() });
    const page = await request(server.app).get('/__sigkit/ui');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(INSPECTOR_CSP);
    expect(INSPECTOR_CSP).toBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
    const html = page.text;
    // No inline script or style, nothing from another origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style=/);
    expect(html).not.toMatch(/https?:\/\//);
    // The empty data: icon keeps the browser from asking the mock for /favicon.ico (a journaled 404).
    const names = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((name) => name !== 'data:,');
    expect(names).toEqual(['/__sigkit/ui/assets/app.css', '/__sigkit/ui/assets/app.js']);
    for (const name of names) {
      const asset = await request(server.app).get(name);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-security-policy']).toBe(INSPECTOR_CSP);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      expect(asset.headers['content-type']).toMatch(name.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    }
    const js = (await request(server.app).get('/__sigkit/ui/assets/app.js').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    })).body as Buffer;
    // The bundle loads nothing from elsewhere: no CDN, works offline.
    expect(js.toString('utf8')).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('stays within 150 KiB gzipped, page and assets together', () => {
    const total = ['index.html', 'assets/app.js', 'assets/app.css'].reduce((sum, name) => sum + gzipSync(readFileSync(join(built, name)), { level: 9 }).length, 0);
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('answers 404 when off (ui: false, sigkit mock --no-ui), and for a file it does not have', async () => {
    const off = testServer({ ui: false });
    const answer = await request(off.app).get('/__sigkit/ui');
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/inspector is off/);
    expect((await request(off.app).get('/__sigkit/ui/assets/app.js')).status).toBe(404);
    const on = testServer({ ui: inspectorAssetsFrom({ 'index.html': '<!doctype html>' }) });
    expect((await request(on.app).get('/__sigkit/ui')).status).toBe(200);
    expect((await request(on.app).get('/__sigkit/ui/assets/app.js')).status).toBe(404);
    expect((await request(on.app).get('/__sigkit/ui/assets/..%2Fsecret')).status).toBe(404);
  });

  it('is on by default in the Node servers, with the files the package ships', async () => {
    const server = testServer();
    const answer = await request(server.app).get('/__sigkit/ui');
    // dist/ui exists once the package is built (pnpm test builds first); a checkout not yet built says so.
    if (answer.status === 404) expect(answer.body.message).toMatch(/prebuilt page is missing/);
    else expect(answer.headers['content-security-policy']).toBe(INSPECTOR_CSP);
  });
});

describe('GET /__sigkit/ui/api/entries/{id}', () => {
  it('opens a CRLF-broken xConnect request: the named mistake, the \\r in the sent canonical request, curl and the explanation', async () => {
    const server = testServer({ ui: false });
    await send(server, sign({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=2&_page=0' }, ['CrlfQueryLines']));
    const id = server.core.journal.list({ limit: 1 }).entries[0]!.id;
    const view = (await request(server.app).get(`/__sigkit/ui/api/entries/${id}`)).body as EntryView;
    expect(view.check).toMatchObject({ code: 'signature_mismatch', ok: false });
    expect(view.mistakes).toEqual([{ name: 'CrlfQueryLines', bugType: 'CANONICALIZATION', description: expect.stringContaining('\\r\\n'), fix: expect.stringMatching(/\\n/) }]);
    const canonical = view.compared.find((c) => c.label === 'canonical request')!;
    expect(canonical.expected).toBe(canonical.expected.replace(/\r/g, ''));
    expect(canonical.sent).toContain('_page=0\r\n_size=2\r\n');
    expect(view.compared.find((c) => c.label === 'string to sign')!.sent).not.toBeNull();
    expect(view.keyChain).toHaveLength(3);
    expect(view.signatures.sent).not.toBe(view.signatures.expected);
    expect(view.curl).toMatch(/^curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/kronos\/devices\?_size=2&_page=0' -H 'x-arrow-apikey: /);
    expect(view.explain).toContain(`sigkit explain · xconnect · journal entry ${id}`);
    // The text of sigkit explain --journal: the CLI's path (the journal entry, explained here with the
    // guide's secret) gives the same text, step table and canonical diff with the \r shown.
    const entry = (await request(server.app).get(`/__sigkit/journal/${id}`)).body as JournalEntryJson;
    const local = formatExplanation(explainCapture(capturedFromJournalEntry(entry, id), { secretKey: GUIDE_CREDENTIAL.secretKey! }));
    expect(view.explain).toBe(local);
    expect(view.explain).toContain('reproduced by CrlfQueryLines [CANONICALIZATION]: Ends each canonical query line with "\\r\\n" instead of "\\n".\n');
    expect(view.explain).toContain('first differing step: query lines');
    expect(view.explain).toContain('canonicalRequest (- expected, + provided):\n    GET\n    /api/v1/kronos/devices\n  - _page=0\n  - _size=2\n  + _page=0\\r\n');
    // The admin API answers the same explanation.
    const explained = (await request(server.app).get(`/__sigkit/journal/${id}/explain`)).body as { text: string; explanation: { signatureMatches: boolean } };
    expect(explained.text).toBe(view.explain);
    expect(explained.explanation.signatureMatches).toBe(false);
    expect(view.explain).not.toContain(GUIDE_CREDENTIAL.secretKey!);
    // Nor the chain's first link, which signs any request of the pair: cut to 8 hex digits.
    const k1 = createHmac('sha256', GUIDE_CREDENTIAL.apiKey!).update(GUIDE_CREDENTIAL.secretKey!).digest('hex');
    expect(view.explain).not.toContain(k1);
    expect(view.explain).toContain(`${k1.slice(0, 8)}…(first link, cut)`);
  });

  it('opens a KX call signed with no separator: the sent string to sign is the parts unjoined, the session id masked', async () => {
    const server = kxServer({ ui: false });
    const session = await login(server);
    await sendSigned(server, signCall(session, { method: 'getMem' }, ['NoSeparator']));
    const id = server.core.journal.list({ limit: 1 }).entries[0]!.id;
    const answer = await request(server.app).get(`/__sigkit/ui/api/entries/${id}`);
    const view = answer.body as EntryView;
    expect(view.mistakes.map((m) => m.name)).toEqual(['NoSeparator']);
    expect(view.mistakes[0]!.fix).toMatch(/joiner "newline"/);
    const compared = view.compared[0]!;
    expect(compared.expected.split('\n')).toHaveLength(7);
    expect(compared.sent).toBe(compared.expected.split('\n').join(''));
    expect(answer.text).not.toContain(session.sessionId);
  });

  it('answers 404 for an entry that is gone or never was', async () => {
    const server = testServer({ ui: false, journalSize: 1 });
    await send(server, sign({ method: 'GET', path: '/api/v1/kronos/devices' }));
    await send(server, sign({ method: 'GET', path: '/api/v1/kronos/devices' }));
    expect((await request(server.app).get('/__sigkit/ui/api/entries/1')).body.message).toMatch(/gone/);
    expect((await request(server.app).get('/__sigkit/ui/api/entries/99')).status).toBe(404);
  });
});

describe('the listings the page reads', () => {
  it('lists and adds credentials without any secret key or auth token', async () => {
    const server = testServer({ ui: false, credentials: [{ apiKey: 'legacy', secretKey: 'legacy-secret', authToken: 'legacy-token' }] });
    const listed = await request(server.app).get('/__sigkit/ui/api/credentials');
    expect(listed.body.credentials.map((c: { apiKey: string }) => c.apiKey)).toContain('legacy');
    const added = await request(server.app).post('/__sigkit/ui/api/credentials').set('content-type', 'application/json').send(JSON.stringify({ label: 'from the page' }));
    expect(added.status).toBe(201);
    const secrets = server.core.credentials.list().flatMap((c) => [c.secretKey, c.authToken].filter((s): s is string => s !== null));
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const text of [listed.text, added.text, (await request(server.app).get('/__sigkit/ui/api/credentials')).text]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/secretKey|authToken"/);
    }
    // What the page shows instead: each secret's fingerprint, for the key it created too.
    expect(added.body.credential.secretFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(listed.body.credentials.find((c: { apiKey: string }) => c.apiKey === 'legacy')).toMatchObject({ secretFingerprint: expect.stringMatching(/^sha256:/), authTokenFingerprint: expect.stringMatching(/^sha256:/) });
  });

  it('lists KX sessions by reference with masked ids, and expires one by its reference', async () => {
    const server = kxServer({ ui: false });
    const session = await login(server);
    const listed = await request(server.app).get('/__sigkit/ui/api/sessions');
    expect(listed.text).not.toContain(session.sessionId);
    const [one] = listed.body.sessions;
    expect(one).toMatchObject({ username: 'kxSupport', expired: false, session: `[redacted sessionId …${session.sessionId.slice(-5)}]` });
    expect((await request(server.app).post(`/__sigkit/ui/api/sessions/${one.ref}/expire`)).status).toBe(200);
    expect(server.core.kx.sessions.list()[0]!.expired).toBe(true);
    expect((await request(server.app).post('/__sigkit/ui/api/sessions/s99/expire')).status).toBe(404);
  });
});

describe('copy as curl', () => {
  it('keeps control characters exact with $\'…\' and sends a binary body through base64', async () => {
    const { curlCommand } = await import('../src/core/ui/entryView.js');
    const base = { id: 1, time: '', durationMs: 0, remoteAddress: null, method: 'POST', path: '/p', platform: null, route: null, verdict: null, fault: null, response: { status: 200, destroyed: false, headers: {}, body: null }, error: null };
    const text = curlCommand({ ...base, target: '/p?a=1', headers: { host: 'h', 'x-note': "it's\r" }, body: { size: 3, truncated: false, encoding: 'utf8', data: 'a\tb', redacted: false } }, 'http://h');
    expect(text).toBe("curl -sS -X POST 'http://h/p?a=1' -H $'x-note: it\\'s\\x0d' --data-binary $'a\\x09b'");
    const binary = curlCommand({ ...base, target: '/p', headers: {}, body: { size: 2, truncated: false, encoding: 'base64', data: '//8=', redacted: false } }, 'http://h');
    expect(binary).toBe("curl -sS -X POST http://h/p --data-binary @<(printf %s //8= | base64 -d)");
  });
});

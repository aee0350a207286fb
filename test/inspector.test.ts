/**
 * The inspector in a real browser: Debian's headless Chromium (playwright-core, never a downloaded
 * browser) opens `sigkit mock`'s /__sigkit/ui, sees a valid and a CRLF-broken xConnect request and a
 * broken KX call arrive live, opens the broken one (the named mistake, the highlighted `\r`, the
 * copy-as-curl text), adds a fault from the page and sees the next request fail with it; with no CSP
 * violation, no secret in anything the page received, and a tidy layout at 1280×800 and 390 px wide.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kxLoginRequest, signKxRequestAs, signXConnectRequest, signXConnectRequestWithDeviations } from '@sigkit/signer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_BIN = join(ROOT, 'packages/cli/dist/bin.js');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const GUIDE = {
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
};
const KX_USER = { username: 'kxSupport', password: '12345678' };
// A secret typed into the page's key form: it goes to the mock, and no answer brings it back.
const PAGE_GIVEN_SECRET = 'page-given-secret-0f9e8d7c6b5a';
const fingerprint = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;

let mock: { child: ChildProcess; url: string; lines: string[]; output: () => string } | undefined;
let folder: string | undefined;
let context: BrowserContext | undefined;
let page: Page;
/** Everything the page received: bodies of its fetches and the messages of its event stream. */
const received: string[] = [];
const violations: string[] = [];
let sessionId = '';

/** A journal this small, so that the test sees the ring evict. */
const JOURNAL_SIZE = 1000;

function startMock(args: string[] = [], lineCount = 2): Promise<{ child: ChildProcess; url: string; lines: string[]; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_BIN, 'mock', '--port', '0', ...args], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sigkit mock did not start within 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const lines = output.split('\n');
      if (lines.length > lineCount) {
        clearTimeout(timer);
        resolve({ child, url: /^sigkit mock listening on (\S+)$/.exec(lines[0]!)?.[1] ?? '', lines: lines.slice(0, lineCount), output: () => output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
  });
}

async function sendXConnect(deviations: Parameters<typeof signXConnectRequestWithDeviations>[1] = []) {
  const input = { method: 'GET', path: '/api/v1/kronos/devices', query: '_size=2&_page=0', ...GUIDE };
  const signed = deviations.length ? signXConnectRequestWithDeviations(input, deviations) : signXConnectRequest(input);
  return fetch(`${mock!.url}${signed.target}`, { headers: signed.headers as unknown as Record<string, string> });
}

async function sendKxBroken() {
  const login = kxLoginRequest(KX_USER.username, KX_USER.password);
  const answer = await fetch(`${mock!.url}${login.path}`, { method: 'POST', headers: login.headers as Record<string, string>, body: login.body });
  sessionId = ((await answer.json()) as { msg: [{ sessionId: string }] }).msg[0].sessionId;
  const call = signKxRequestAs({ group: 'monPublic', method: 'getMem', username: KX_USER.username, sessionId }, ['NoSeparator']);
  return fetch(`${mock!.url}${call.path}`, { method: 'POST', headers: call.headers as Record<string, string>, body: call.body });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: this test drives Debian's Chromium (never a downloaded browser); run .ci/run, or apt-get install -y chromium`);
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run the README's install, which builds it`);
  folder = mkdtempSync(join(tmpdir(), 'sigkit-inspector-'));
  writeFileSync(join(folder, 'sigkit.config.json'), JSON.stringify({ journalSize: JOURNAL_SIZE }));
  mock = await startMock(['-c', 'sigkit.config.json']);
  context = await chromium.launchPersistentContext(join(folder, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  // The root project type-checks without the DOM library: the page's globals are read from globalThis.
  await page.addInitScript(() => {
    const page = globalThis as unknown as { sigkitViolations: string[]; document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void } };
    page.sigkitViolations = [];
    page.document.addEventListener('securitypolicyviolation', (event) => page.sigkitViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on('response', async (response) => {
    if ((response.headers()['content-type'] ?? '').startsWith('text/event-stream')) return;
    try {
      received.push(await response.text());
    } catch {
      // A response the page dropped (navigation) has no body to read.
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (event: { data: string }) => received.push(event.data));
  await page.goto(`${mock.url}/__sigkit/ui`);
});

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  await context?.close();
  await stop(mock?.child);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the inspector at /__sigkit/ui', () => {
  it('is announced on the second start line', () => {
    expect(mock!.lines[0]).toMatch(/^sigkit mock listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock!.lines[1]).toBe(`sigkit inspector on ${mock!.url}/__sigkit/ui`);
  });

  it('shows requests live, opens the broken one with its mistake, the marked \\r and curl, and adds a fault that the next request meets', async () => {
    await page.getByText('● live').waitFor();
    expect((await sendXConnect()).status).toBe(200);
    expect((await sendXConnect(['CrlfQueryLines'])).status).toBe(401);
    expect((await sendKxBroken()).status).toBe(401);
    const rows = page.locator('.log .row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    // Newest first: the broken KX call, the login, the CRLF request, the good one.
    expect(await page.locator('.log .row .c-code').allTextContents()).toEqual(['signature_mismatch', 'login', 'signature_mismatch', 'ok']);
    expect(await page.locator('.log .row .c-mistake').allTextContents()).toEqual(['NoSeparator', '', 'CrlfQueryLines', '']);

    // Keyboard: the log takes focus, arrows move through it and open the request under the cursor.
    await page.locator('.log').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: /Named mistake: NoSeparator/ }).waitFor();
    // The login: its answer carried the session id, which must reach the page masked.
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: /Passed: login/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: /Named mistake: CrlfQueryLines/ }).waitFor();
    await expect.poll(() => page.locator('.details').textContent()).toContain('Ends each canonical query line with "\\r\\n" instead of "\\n".');
    const marked = await page.locator('.compare .diff.invisible').allTextContents();
    expect(marked).toContain('\\r');
    await page.screenshot({ path: join(folder!, 'inspector-1280.png') });
    // The README's picture (docs/images/inspector.png) comes from here: SIGKIT_KEEP_SCREENSHOTS=<folder>.
    if (process.env.SIGKIT_KEEP_SCREENSHOTS) await page.screenshot({ path: join(process.env.SIGKIT_KEEP_SCREENSHOTS, 'inspector.png') });
    await page.getByRole('button', { name: 'Copy as curl' }).click();
    expect(await page.getByLabel('curl command').textContent()).toMatch(/^curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/kronos\/devices\?_size=2&_page=0' -H 'x-arrow-apikey: /);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download HAR' }).click()]);
    const har = JSON.parse(readFileSync(await download.path(), 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
    expect(har.log.entries.map((e) => e.request.url)).toEqual([`${mock!.url}/api/v1/kronos/devices?_size=2&_page=0`]);
    await page.getByRole('button', { name: 'Explain' }).click();
    const shownExplanation = await page.getByLabel('explanation').textContent();
    expect(shownExplanation).toContain('reproduced by CrlfQueryLines [CANONICALIZATION]');
    // The same text as the built CLI's sigkit explain --journal N, step table and all.
    const { entries } = (await (await fetch(`${mock!.url}/__sigkit/journal?code=signature_mismatch&path=/api/v1/kronos/devices&limit=1`)).json()) as { entries: Array<{ id: number }> };
    const cli = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [BUILT_BIN, 'explain', '--journal', String(entries[0]!.id), '--mock-url', mock!.url], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) =>
        error && (error as { code?: unknown }).code !== 1 ? reject(error) : resolve(stdout),
      );
    });
    expect(cli).toContain('first differing step: query lines');
    expect(shownExplanation).toBe(cli);
    await page.screenshot({ path: join(folder!, 'inspector-explained.png') });

    await page.getByRole('tab', { name: 'Control' }).click();
    const faults = page.getByRole('form', { name: 'add a fault' });
    await faults.getByLabel('Path').fill('/api/v1/kronos/devices');
    await faults.getByLabel('Answer status').fill('503');
    await faults.getByLabel('Times').fill('1');
    await faults.getByLabel('Label').fill('from-the-page');
    await faults.getByRole('button', { name: 'Add fault' }).click();
    await page.getByText(/from-the-page: \* \/api\/v1\/kronos\/devices → 503/).waitFor();
    // The KX session, its id masked, expired from the page.
    await page.getByRole('button', { name: /^expire the session of kxSupport \[redacted sessionId …\w{5}\]$/ }).click();
    await page.getByText(/^kxSupport \[redacted sessionId …\w{5}\] · expired$/).waitFor();
    // Keys are listed with the fingerprints of their secrets (issue #18), and one added from the page
    // is answered with its fingerprint only, a given secret as a generated one.
    await page.getByText(`signing guide example: ${GUIDE.apiKey.slice(0, 12)}…${GUIDE.apiKey.slice(-8)} · secret ${fingerprint(GUIDE.secretKey)}`, { exact: true }).waitFor();
    const keys = page.getByRole('form', { name: 'add an xConnect key' });
    await keys.getByLabel('Secret key').fill(PAGE_GIVEN_SECRET);
    await keys.getByLabel('Label').fill('typed on the page');
    await keys.getByRole('button', { name: 'Add key' }).click();
    await page.getByText(`key added (${fingerprint(PAGE_GIVEN_SECRET)}: the fingerprint of the secret you gave)`).waitFor();
    await keys.getByLabel('Label').fill('generated on the page');
    await keys.getByRole('button', { name: 'Add key' }).click();
    await page.getByText(/^key added with a generated secret \(sha256:[0-9a-f]{16}\), which no page or listing shows/).waitFor();
    await page.getByText(new RegExp(`^typed on the page: .* · secret ${fingerprint(PAGE_GIVEN_SECRET)}$`)).waitFor();
    await page.screenshot({ path: join(folder!, 'inspector-control.png') });
    if (process.env.SIGKIT_KEEP_SCREENSHOTS) await page.screenshot({ path: join(process.env.SIGKIT_KEEP_SCREENSHOTS, 'inspector-control.png') });
    expect((await sendXConnect()).status).toBe(503);
    await page.getByRole('tab', { name: 'Requests' }).click();
    await expect.poll(() => page.locator('.log .row .c-mistake').first().textContent(), { timeout: 10_000 }).toContain('from-the-page');

    // Pause holds new rows back; resume shows them.
    await page.getByRole('button', { name: 'Pause' }).click();
    const newest = await page.locator('.log .row .c-id').first().textContent();
    expect((await sendXConnect()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await page.locator('.log .row .c-id').first().textContent()).toBe(newest);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.locator('.log .row .c-id').first().textContent()).not.toBe(newest);
  });

  it('looks right at 390 px wide', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('.log .row').first().click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(folder!, 'inspector-390.png'), fullPage: true });
    if (process.env.SIGKIT_KEEP_SCREENSHOTS) await page.screenshot({ path: join(process.env.SIGKIT_KEEP_SCREENSHOTS, 'inspector-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('reported no CSP violation and received no secret key, password or full session id', async () => {
    expect(violations).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { sigkitViolations?: string[] }).sigkitViolations ?? [])).toEqual([]);
    received.push(await page.content());
    const everything = received.join('\n');
    expect(everything).toContain('CrlfQueryLines');
    expect(sessionId).toMatch(/^\w{20,}$/);
    // The page did see the login and the session, masked: the search below looked where the secrets would be.
    expect(everything).toContain(`[redacted sessionId …${sessionId.slice(-5)}]`);
    // (the login body is JSON inside the entry's JSON, its quotes escaped)
    expect(/password\\*":\\*"\[redacted\]/.test(everything)).toBe(true);
    // Nor the first link of the key chain, which signs any request as the secret key does.
    const firstLinks = [createHmac('sha256', GUIDE.apiKey).update(GUIDE.secretKey).digest('hex'), createHmac('sha256', GUIDE.secretKey).update(GUIDE.apiKey).digest('hex')];
    expect(everything).toContain(fingerprint(PAGE_GIVEN_SECRET));
    for (const secret of [GUIDE.secretKey, `"${KX_USER.password}"`, sessionId, PAGE_GIVEN_SECRET, ...firstLinks]) expect(everything).not.toContain(secret);
  });

  it('stays fast with thousands of entries, draws only the rows in view, and shows the ring evicting', async () => {
    const before = await page.locator('.log .row').count();
    const total = 2500;
    // Unsigned requests: answered 401 at once, each one journaled and streamed.
    for (let sent = 0; sent < total; sent += 100) {
      await Promise.all(Array.from({ length: 100 }, () => fetch(`${mock!.url}/api/v1/kronos/gateways`).then((r) => r.arrayBuffer())));
    }
    const status = page.locator('.log-pane .status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`${JOURNAL_SIZE} shown of ${JOURNAL_SIZE}`));
    expect(await status.textContent()).toMatch(/\d+ evicted \(up to #\d+\)/);
    expect(before).toBeGreaterThan(0);
    // However long the log, only a window of rows is in the page.
    expect(await page.locator('.log .row').count()).toBeLessThan(80);
    const started = Date.now();
    await page.locator('.log').evaluate((element) => ((element as unknown as { scrollTop: number }).scrollTop = 1e9));
    await expect.poll(() => page.locator('.log .row .c-id').last().textContent()).toMatch(/^#\d+$/);
    await page.getByLabel('Text').fill('gateways');
    await expect.poll(() => status.textContent()).toMatch(/\d+ shown of/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('resets the mock from the page, after asking, and the log empties as the journal does', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('tab', { name: 'Control' }).click();
    await page.getByRole('button', { name: 'Reset the mock' }).click();
    await page.getByText('reset done').waitFor();
    expect(await (await fetch(`${mock!.url}/__sigkit/faults`)).json()).toEqual({ faults: [] });
    await page.getByRole('tab', { name: 'Requests' }).click();
    await page.getByLabel('Text').fill('');
    await expect.poll(() => page.locator('.log .row').count()).toBe(0);
    expect((await sendXConnect()).status).toBe(200);
    await expect.poll(() => page.locator('.log .row').count()).toBe(1);
  });

  it('is off with --no-ui: one start line, and /__sigkit/ui answers 404', async () => {
    const off = await startMock(['--no-ui'], 1);
    try {
      expect(off.lines).toEqual([`sigkit mock listening on ${off.url}`]);
      expect((await fetch(`${off.url}/__sigkit/ui`)).status).toBe(404);
      // Nothing printed after the ready line.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(off.output()).toBe(`sigkit mock listening on ${off.url}\n`);
    } finally {
      await stop(off.child);
    }
  });
});

/**
 * A browser client: headless Chromium (Debian's, driven by playwright-core; never a downloaded
 * browser) loads a page from one origin that signs an xConnect request with Web Crypto and calls
 * `sigkit mock --cors` on another origin. Without `--cors` the same call is a CORS error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_BIN = join(ROOT, 'packages/cli/dist/bin.js');
const PAGE_HTML = readFileSync(join(ROOT, 'test/browser/page.html'));
const CHROMIUM = '/usr/bin/chromium';
/** The flags a test browser needs: no sandbox (CI containers run as root), and no traffic of its own. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const GUIDE = {
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
};

interface RunningMock {
  url: string;
  child: ChildProcess;
}

interface PageResult {
  status?: number;
  journalId?: string | null;
  totalSize?: number | null;
  error?: string;
}

/** Starts the built CLI's mock on a free port and resolves with its URL once it prints the ready line. */
function startMock(args: string[]): Promise<RunningMock> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_BIN, 'mock', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sigkit mock did not start within 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /listening on (http:\/\/\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1]!, child });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
  });
}

function stopMock(mock: RunningMock | undefined): Promise<void> {
  if (!mock || mock.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    mock.child.once('exit', () => resolve());
    mock.child.kill('SIGTERM');
  });
}

let profileDir: string | undefined;
let pageServer: Server | undefined;
let pageOrigin: string;
let context: BrowserContext | undefined;
let page: Page;
let withCors: RunningMock | undefined;
let withoutCors: RunningMock | undefined;
let otherOrigins: RunningMock | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: this test drives Debian's Chromium (never a downloaded browser); run .ci/run, which installs it, or apt-get install -y chromium`);
  }
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run the README's install (npx --yes pnpm@10.34.9 install --frozen-lockfile), which builds it`);
  // The page's own origin: another port than the mock's, so every call is really cross-origin.
  pageServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML));
  await new Promise<void>((resolve) => pageServer!.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  [withCors, withoutCors, otherOrigins] = await Promise.all([startMock(['--cors']), startMock([]), startMock(['--cors', `http://localhost:1,${pageOrigin}`])]);
  profileDir = mkdtempSync(join(tmpdir(), 'sigkit-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${pageOrigin}/`);
});

afterAll(async () => {
  await context?.close();
  await Promise.all([stopMock(withCors), stopMock(withoutCors), stopMock(otherOrigins)]);
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

function callFromPage(baseUrl: string): Promise<PageResult> {
  return page.evaluate(
    (input) => (globalThis as unknown as { callMock(i: typeof input): Promise<PageResult> }).callMock(input),
    { baseUrl, path: '/api/v1/kronos/devices', query: '_size=2&_page=0', ...GUIDE },
  );
}

async function journal(mock: RunningMock): Promise<Array<{ method: string; route: string | null; verdict: { code: string } | null; response: { status: number } }>> {
  const response = await fetch(`${mock.url}/__sigkit/journal?order=asc`);
  return ((await response.json()) as { entries: never[] }).entries;
}

describe('a browser page calling sigkit mock', () => {
  it('signs with Web Crypto and is accepted cross-origin with --cors: the preflight is answered and journaled, the call verified', async () => {
    const result = await callFromPage(withCors!.url);
    expect(result, 'the page saw this').toEqual({ status: 200, journalId: expect.stringMatching(/^\d+$/), totalSize: 240 });
    const entries = await journal(withCors!);
    expect(entries.map((e) => [e.method, e.route, e.verdict?.code ?? null, e.response.status])).toEqual([
      ['OPTIONS', 'OPTIONS (CORS preflight)', null, 204],
      ['GET', 'GET /api/v1/kronos/devices', 'ok', 200],
    ]);
    expect(String(entries.length)).toBe(result.journalId);
  });

  it('is accepted when --cors lists the page\'s origin among others', async () => {
    expect(await callFromPage(otherOrigins!.url)).toEqual({ status: 200, journalId: '2', totalSize: 240 });
  });

  it('fails in the browser as a CORS error without --cors: the preflight gets no Access-Control headers and the call never leaves the page', async () => {
    const result = await callFromPage(withoutCors!.url);
    expect(result).toEqual({ error: 'TypeError: Failed to fetch' });
    const entries = await journal(withoutCors!);
    expect(entries.map((e) => e.method)).toEqual(['OPTIONS']);
  });
});

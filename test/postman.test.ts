/**
 * Issue 15, item 1: the Postman collection. Its signing scripts are checked against the test vectors
 * in a stand-in for Postman's sandbox, then the whole collection is run by newman (Postman's own
 * runner, with the same sandbox) against the mock over real HTTP: once as shipped, once with the
 * query lines left unsorted, to show the mock's diagnosis in newman's results.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import CryptoJS from 'crypto-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The workspace root does not depend on @sigkit/cli: its program is taken from the sources, as the CLI's own tests do.
import { runSigkit } from '../packages/cli/src/program.js';
import { createMockServer } from '@sigkit/mock-server';
import { signXConnectRequest } from '@sigkit/signer';

const ROOT = join(import.meta.dirname, '..');
const ASSETS = join(ROOT, 'packages', 'cli', 'assets', 'postman');
const EXAMPLES = join(ROOT, 'examples', 'postman');
// The signing guide's example keys (docs/spec/xconnect.md §1), which the mock accepts.
const GUIDE_API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const GUIDE_SECRET_KEY = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const COLLECTION_FILE = 'sigkit.postman_collection.json';
const ENVIRONMENT_FILE = 'sigkit.postman_environment.json';

interface PostmanScriptEvent {
  listen: 'prerequest' | 'test';
  script: { exec: string[] };
}
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  event?: PostmanScriptEvent[];
}
interface PostmanCollection extends PostmanItem {
  item: PostmanItem[];
  event: PostmanScriptEvent[];
  variable: { key: string; value: string }[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const collection = readJson<PostmanCollection>(join(ASSETS, COLLECTION_FILE));
const environment = readJson<unknown>(join(ASSETS, ENVIRONMENT_FILE));

/** The source of one script event of an item. */
function scriptOf(item: PostmanItem, listen: PostmanScriptEvent['listen']): string {
  const event = item.event?.find((candidate) => candidate.listen === listen);
  if (event === undefined) throw new Error(`${item.name} has no ${listen} script`);
  return event.script.exec.join('\n');
}
const kxFolder = collection.item.find((item) => item.name === 'KX Connect')!;

describe('the shipped files', () => {
  it('examples/postman holds the very files the sigkit postman command ships', () => {
    // One canonical copy (packages/cli/assets/postman); after changing it: cp packages/cli/assets/postman/*.json examples/postman/
    for (const file of [COLLECTION_FILE, ENVIRONMENT_FILE]) {
      expect(readFileSync(join(EXAMPLES, file), 'utf8'), `examples/postman/${file}`).toBe(readFileSync(join(ASSETS, file), 'utf8'));
    }
  });

  it('are a Postman v2.1 collection and an environment with the mock\'s defaults', () => {
    expect(collection).toMatchObject({ info: { schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' } });
    expect(environment).toMatchObject({ _postman_variable_scope: 'environment', values: expect.arrayContaining([{ key: 'baseUrl', value: 'http://127.0.0.1:8080', type: 'default', enabled: true }]) });
  });
});

/** What a signing script did to the request, in the stand-in sandbox. */
interface ScriptEffects {
  headers: Record<string, string>;
  url?: string;
  body: string;
}

/**
 * Runs a pre-request script in a fresh V8 context holding only what Postman's sandbox offers the
 * script (`pm`, `console`, `require('crypto-js')`), at a fixed time. Every variable is already
 * resolved here; the resolution itself is exercised by the newman runs below.
 */
function runPreRequest(
  source: string,
  request: { method: string; url: string; body: string; headers?: Record<string, string> },
  variables: Record<string, string>,
  now: string,
): ScriptEffects {
  const effects: ScriptEffects = { headers: {}, body: request.body };
  const body = {
    mode: 'raw',
    disabled: false,
    get raw() {
      return effects.body;
    },
    set raw(value: string) {
      effects.body = value;
    },
    isEmpty: () => effects.body === '',
  };
  const pm = {
    variables: {
      get: (key: string) => variables[key],
      set: (key: string, value: string) => {
        variables[key] = value;
      },
      replaceIn: (text: string) => text,
    },
    request: {
      method: request.method,
      url: { toString: () => request.url, update: (url: string) => (effects.url = url) },
      body,
      headers: {
        get: (name: string) => request.headers?.[name],
        upsert: ({ key, value }: { key: string; value: string }) => (effects.headers[key] = value),
      },
    },
  };
  const RealDate = Date;
  const FixedDate = class extends RealDate {
    constructor(...args: [] | [number | string]) {
      super(...((args.length === 0 ? [now] : args) as [string]));
    }
  };
  const sandboxRequire = (name: string) => {
    if (name === 'crypto-js') return CryptoJS;
    throw new Error(`Postman's sandbox has no module ${name}`);
  };
  runInNewContext(source, { pm, console, require: sandboxRequire, Date: FixedDate });
  return effects;
}

interface XConnectVectorFile {
  testGroups: {
    apiKey: string;
    secretKey: string;
    tests: { tcId: number; result: string; request: { timestamp: string }; wire: { method: string; target: string; headers: Record<string, string>; body?: string } }[];
  }[];
}

interface KxVectorFile {
  testGroups: {
    tests: { tcId: number; result: string; request: { username: string; sessionId: string; body: string }; wire: { method: string; target: string; headers: Record<string, string>; body: string } }[];
  }[];
}

describe('the signing scripts, against the test vectors', () => {
  const xconnect = readJson<XConnectVectorFile>(join(ROOT, 'vectors', 'xconnect', 'v1_canonicalization.json'));
  const xconnectCases = xconnect.testGroups.flatMap((group) =>
    // A body that is not text (a base64 one) cannot be a raw body in Postman, and the script sends
    // the time as Date.toISOString() writes it, so vectors of other timestamp forms do not apply.
    group.tests
      .filter((test) => test.result === 'valid' && typeof test.wire.body === 'string' && new Date(test.request.timestamp).toISOString() === test.request.timestamp)
      .map((test) => ({ group, test })),
  );

  it('covers the vectors of every canonicalisation rule', () => {
    expect(xconnectCases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(xconnectCases.map(({ group, test }) => [test.tcId, group, test] as const))(
    'the collection script signs xConnect v1 vector %i as the vector does',
    (_tcId, group, test) => {
      const url = `http://mock.test${test.wire.target}`;
      const effects = runPreRequest(
        scriptOf(collection, 'prerequest'),
        { method: test.wire.method, url, body: test.wire.body! },
        { xconnectApiKey: group.apiKey, xconnectSecretKey: group.secretKey },
        test.request.timestamp,
      );
      expect(effects.headers).toEqual(test.wire.headers);
      expect(effects.url).toBe(url);
    },
  );

  it('the collection script signs the path as Postman percent-encodes it, and the query as the server decodes it', () => {
    // What newman sent for this URL (its postman-url-encoder), which the mock accepted: a space, a
    // non-ASCII letter, braces and a backtick are encoded in the path; the query goes as typed, but
    // for a space and a quote, and the server decodes it anyway.
    const typed = "http://mock.test/api/v1/kronos/devices/a b/é{x}`?q=1+2&Z=%C3%A9 &flag&x=a'b&e=";
    const wire = { path: '/api/v1/kronos/devices/a%20b/%C3%A9%7Bx%7D%60', query: 'q=1+2&Z=%C3%A9%20&flag&x=a%27b&e=' };
    const timestamp = '2025-03-14T15:09:26.535Z';
    const keys = { apiKey: GUIDE_API_KEY, secretKey: GUIDE_SECRET_KEY };
    const effects = runPreRequest(scriptOf(collection, 'prerequest'), { method: 'GET', url: typed, body: '' }, { xconnectApiKey: keys.apiKey, xconnectSecretKey: keys.secretKey }, timestamp);
    expect(effects.headers).toEqual(signXConnectRequest({ method: 'GET', ...wire, ...keys, timestamp }).headers);
  });

  it('the collection script leaves KX Connect calls to their folder', () => {
    const effects = runPreRequest(scriptOf(collection, 'prerequest'), { method: 'POST', url: 'http://mock.test/connect/api/monPublic/getMem', body: '{}' }, {}, '2025-03-14T15:09:26.535Z');
    expect(effects).toEqual({ headers: {}, body: '{}' });
  });

  const kx = readJson<KxVectorFile>(join(ROOT, 'vectors', 'kx', 'default_profile.json'));
  const kxCases = kx.testGroups.flatMap((group) => group.tests.filter((test) => test.result === 'valid'));

  it.each(kxCases.map((test) => [test.tcId, test] as const))('the KX folder script signs KX vector %i as the vector does', (_tcId, test) => {
    const effects = runPreRequest(
      scriptOf(kxFolder, 'prerequest'),
      { method: test.wire.method, url: `http://mock.test${test.wire.target}`, body: test.wire.body, headers: { 'Content-Type': test.wire.headers['Content-Type']! } },
      { kxUser: test.request.username, kxSessionId: test.request.sessionId },
      '2019-07-26T16:59:00.000Z',
    );
    expect(effects.headers).toEqual({ Authorization: test.wire.headers['Authorization'] });
    expect(effects.body).toBe(test.wire.body);
  });
});

/** The little of newman's Node API and run summary this test reads (newman ships no types). */
interface NewmanRunSummary {
  error?: Error;
  run: {
    stats: Record<'requests' | 'assertions' | 'prerequestScripts' | 'testScripts', { total: number; failed: number }>;
    failures: { error: { message: string; test?: string }; source?: { name?: string } }[];
    executions: { item: { name: string }; response?: { code: number; stream?: Uint8Array } }[];
  };
}
interface Newman {
  run(
    options: Record<string, unknown>,
    callback: (error: Error | null, summary: NewmanRunSummary) => void,
  ): { on(event: 'console', listener: (error: Error | null, args: { level: string; messages: unknown[] }) => void): unknown };
}
const newman = createRequire(import.meta.url)('newman') as Newman;

/** One newman run of a collection against the mock, with what its scripts logged. */
function runNewman(target: unknown, baseUrl: string, options: Record<string, unknown> = {}): Promise<{ summary: NewmanRunSummary; logged: string[] }> {
  return new Promise((resolve, reject) => {
    const logged: string[] = [];
    newman
      .run({ collection: target, environment, envVar: [{ key: 'baseUrl', value: baseUrl }], reporters: [], timeoutRequest: 30_000, ...options }, (error, summary) =>
        error ? reject(error) : resolve({ summary, logged }),
      )
      .on('console', (_error, args) => logged.push(args.messages.map(String).join(' ')));
  });
}

const failuresOf = (summary: NewmanRunSummary) => summary.run.failures.map((failure) => `${failure.source?.name ?? '?'}: ${failure.error.message}`);
const bodyOf = (execution: NewmanRunSummary['run']['executions'][number]) => JSON.parse(Buffer.from(execution.response?.stream ?? []).toString('utf8')) as Record<string, unknown>;

interface JournalPage {
  total: number;
  entries: { method: string; path: string; platform: string; verdict: { ok: boolean; code: string; diagnosis?: { deviation?: { flags: string[] } } } | null; response: { status: number } }[];
}

describe('the collection, run by newman against the mock', () => {
  const mock = createMockServer({ seed: 42 });
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = (await mock.listen(0)).url;
  });
  afterAll(() => mock.close());

  const journal = async (): Promise<JournalPage> => {
    const response = await fetch(`${baseUrl}/__sigkit/journal?order=asc&limit=1000`);
    return (await response.json()) as JournalPage;
  };

  it('passes every test of every request, and the mock accepted every one', async () => {
    const { summary, logged } = await runNewman(collection, baseUrl);
    expect(summary.error).toBeUndefined();
    expect(failuresOf(summary)).toEqual([]);
    const { requests, assertions, prerequestScripts, testScripts } = summary.run.stats;
    expect({ requests, prerequestScripts, testScripts }).toMatchObject({
      requests: { total: 13, failed: 0 },
      prerequestScripts: { total: 18, failed: 0 },
      testScripts: { total: 26, failed: 0 },
    });
    expect(assertions).toMatchObject({ total: 26, failed: 0 });
    expect(summary.run.executions.map((execution) => execution.response?.code)).toEqual(Array(13).fill(200));
    // Nothing the sandbox complains about (such as the deprecated CryptoJS global).
    expect(logged).toEqual([]);

    const page = await journal();
    expect(page.total).toBe(13);
    expect(page.entries.map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f]{40}/g, '{hid}')}`)).toEqual([
      'GET /api/v1/kronos/gateways',
      'GET /api/v1/kronos/devices',
      'GET /api/v1/kronos/devices/{hid}',
      'POST /api/v1/kronos/devices',
      'POST /api/v1/kronos/telemetries/devices/{hid}',
      'GET /api/v1/kronos/telemetries/devices/{hid}/latest',
      'GET /api/v1/kronos/telemetries/devices/{hid}',
      'PUT /api/v1/kronos/gateways/{hid}/heartbeat',
      'POST /connect/api/auth/login',
      'POST /connect/api/monPublic/getMem',
      'POST /connect/api/monPublic/getMemBucket',
      'POST /connect/api/monPublic/getCPU',
      'POST /connect/api/auth/logout',
    ]);
    expect(page.entries.map((entry) => [entry.verdict?.ok, entry.response.status])).toEqual(Array(13).fill([true, 200]));
    expect(page.entries.map((entry) => entry.verdict?.code)).toEqual([...Array(8).fill('ok'), 'login', ...Array(4).fill('ok')]);
  });

  it('as sigkit postman writes it, with the mock\'s address and keys as its variables, runs with no environment', async () => {
    await fetch(`${baseUrl}/__sigkit/reset`, { method: 'POST' });
    const dir = mkdtempSync(join(tmpdir(), 'sigkit-postman-'));
    try {
      const file = join(dir, 'mine.postman_collection.json');
      expect(await runSigkit(['postman', '--base-url', baseUrl, '--out', file])).toBe(0);
      const { summary } = await runNewman(file, baseUrl, { environment: undefined, envVar: [] });
      expect(failuresOf(summary)).toEqual([]);
      expect(summary.run.stats.requests).toMatchObject({ total: 13, failed: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const page = await journal();
    expect(page.entries.map((entry) => entry.verdict?.ok)).toEqual(Array(13).fill(true));
  });

  it('with its query lines left unsorted, shows the mock\'s diagnosis in newman\'s results', async () => {
    await fetch(`${baseUrl}/__sigkit/reset`, { method: 'POST' });
    // The broken copy: the one line that sorts the query lines is taken out.
    const broken = structuredClone(collection);
    const exec = broken.event.find((event) => event.listen === 'prerequest')!.script.exec;
    const sortLines = exec.flatMap((line, index) => (line.trim() === 'lines.sort();' ? [index] : []));
    expect(sortLines).toHaveLength(1);
    exec[sortLines[0]!] = '  // lines.sort(); left out: the query lines go in request order';

    const { summary, logged } = await runNewman(broken, baseUrl, { folder: 'xConnect' });
    const byName = new Map(summary.run.executions.map((execution) => [execution.item.name, execution]));
    // Two parameters already in order still pass; four out of order are refused, and the mock says why.
    expect(byName.get('List gateways')?.response?.code).toBe(200);
    const devices = byName.get('List devices (query parameters)')!;
    expect(devices.response?.code).toBe(401);
    expect(bodyOf(devices)).toMatchObject({ status: 401, message: 'Not Authorized', sigkit: { code: 'signature_mismatch', deviation: { flags: ['UnsortedQuery'] } } });

    const diagnosis = failuresOf(summary).find((failure) => failure.startsWith('List devices (query parameters): sigkit mock:'));
    expect(diagnosis).toMatch(/^List devices \(query parameters\): sigkit mock: signature_mismatch \[UnsortedQuery\]: .*request order.* \(journal entry \d+\)$/);
    expect(logged).toContain(diagnosis!.slice('List devices (query parameters): '.length));

    const rejected = (await journal()).entries.find((entry) => entry.path === '/api/v1/kronos/devices' && entry.method === 'GET')!;
    expect(rejected.verdict).toMatchObject({ ok: false, code: 'signature_mismatch', diagnosis: { deviation: { flags: ['UnsortedQuery'] } } });
  });
});

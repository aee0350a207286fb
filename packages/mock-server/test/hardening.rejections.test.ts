/** Issue #18, cost of a rejection: the search for a client's mistake is bounded in time per second, and what it leaves is done when the journal entry is read. */
import { describe, expect, it } from 'vitest';
import { createMockCore, type MockRequest } from '../src/core/index.js';
import { createExplainBudget } from '../src/core/platform/explainBudget.js';
import { DEFERRED_SEARCH_NOTE } from '../src/core/xconnect/verifyRequest.js';
import { KX_DEFERRED_SEARCH_NOTE } from '../src/core/kx/verify/verifyKxCall.js';
import { kxLoginRequest } from '@sigkit/signer';
import { API, NOW, sign } from './helpers.js';
import { KX_SUPPORT, NOW as KX_NOW, signCall } from './kxHelpers.js';

function crlfRequest(): MockRequest {
  // A client ending canonical query lines with \r\n: a mistake the search names.
  const wire = sign({ method: 'GET', path: `${API}/devices`, query: '_page=0&_size=5' }, ['CrlfQueryLines']);
  return { method: wire.method, target: wire.target, headers: wire.headers as MockRequest['headers'], body: new Uint8Array() };
}

async function body(core: ReturnType<typeof createMockCore>, request: MockRequest) {
  const answer = await core.handle(request);
  if (answer.kind !== 'response') throw new Error('dropped');
  return { status: answer.status, journalId: Number(answer.headers['x-sigkit-journal-id']), sigkit: (answer.body as { sigkit: { message: string; deviation: { flags: string[] } | null } }).sigkit };
}

describe('explain budget', () => {
  it('allows searches until the second\'s milliseconds are spent, then again in the next second', () => {
    let now = 0;
    const budget = createExplainBudget(10, () => now);
    expect(budget.allow()).toBe(true);
    budget.spent(6);
    expect(budget.allow()).toBe(true);
    budget.spent(6);
    expect(budget.allow()).toBe(false);
    now = 999;
    expect(budget.allow()).toBe(false);
    now = 1000;
    expect(budget.allow()).toBe(true);
  });
});

describe('rejections in a flood', () => {
  it('name the mistake in the 401 while within budget, answer without the search beyond it, and the journal names it when read', async () => {
    const core = createMockCore({ now: () => NOW });
    const request = crlfRequest();
    const first = await body(core, request);
    expect(first.status).toBe(401);
    expect(first.sigkit.deviation?.flags).toEqual(['CrlfQueryLines']);
    // Each search costs about a millisecond; the default budget is 100 ms a second, so a flood
    // reaches a rejection answered without it well before this bound (which only stops a broken loop).
    let deferred: Awaited<ReturnType<typeof body>> | undefined;
    for (let i = 0; i < 20_000 && !deferred; i += 1) {
      const answer = await body(core, request);
      expect(answer.status).toBe(401);
      if (answer.sigkit.message.endsWith(DEFERRED_SEARCH_NOTE)) deferred = answer;
    }
    expect(deferred).toBeDefined();
    expect(deferred!.sigkit.deviation).toBeNull();
    const entry = JSON.parse(JSON.stringify(core.journal.get(deferred!.journalId)));
    expect(entry.verdict.diagnosis.deviation.flags).toEqual(['CrlfQueryLines']);
    expect(entry.verdict.diagnosis.message).toContain('(CrlfQueryLines)');
    expect(entry.verdict.diagnosis.message).not.toContain(DEFERRED_SEARCH_NOTE);
  });
});

describe('KX rejections in a flood', () => {
  it('name the deviation in the 401 while within budget, and in the journal entry when read beyond it', async () => {
    const core = createMockCore({ now: () => KX_NOW });
    const login = kxLoginRequest(KX_SUPPORT.username, KX_SUPPORT.password, { date: new Date(KX_NOW) });
    const loggedIn = await core.handle({ method: 'POST', target: login.path, headers: login.headers as MockRequest['headers'], body: new TextEncoder().encode(login.body) });
    const sessionId = loggedIn.kind === 'response' ? (loggedIn.body as { msg: { sessionId: string }[] }).msg[0]!.sessionId : '';
    const signed = signCall({ username: KX_SUPPORT.username, sessionId }, { params: { startTime: '2025-03-14T15:00:00.000Z', endTime: '2025-03-14T15:05:00.000Z' } }, ['Md5UpperHex']);
    const request: MockRequest = { method: 'POST', target: signed.path, headers: signed.headers as MockRequest['headers'], body: new TextEncoder().encode(signed.body) };
    const read = async () => {
      const answer = await core.handle(request);
      if (answer.kind !== 'response') throw new Error('dropped');
      return { status: answer.status, journalId: Number(answer.headers['x-sigkit-journal-id']), sigkit: (answer.body as { sigkit: { message: string; deviation: { flags: string[] } | null } }).sigkit };
    };
    const first = await read();
    expect(first.status).toBe(401);
    expect(first.sigkit.deviation?.flags).toEqual(['Md5UpperHex']);
    let deferred: Awaited<ReturnType<typeof read>> | undefined;
    for (let i = 0; i < 50_000 && !deferred; i += 1) {
      const answer = await read();
      if (answer.sigkit.message.endsWith(KX_DEFERRED_SEARCH_NOTE)) deferred = answer;
    }
    expect(deferred).toBeDefined();
    expect(deferred!.sigkit.deviation).toBeNull();
    const entry = JSON.parse(JSON.stringify(core.journal.get(deferred!.journalId)));
    expect(entry.verdict.diagnosis.deviation.flags).toEqual(['Md5UpperHex']);
    expect(entry.verdict.diagnosis.message).not.toContain(KX_DEFERRED_SEARCH_NOTE);
  });
});

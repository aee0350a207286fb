import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtocolRequest, Reply } from '../protocol/types.js';
import { startAdapter, type AdapterProcess } from './startAdapter.js';

const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'scripted_adapter.mjs');
const command = (arg = '') => `node ${JSON.stringify(fixture)} ${arg}`;
// Only `id` and `path` matter to the scripted adapter.
const request = (id: string, path: string) => ({ id, path }) as unknown as ProtocolRequest;
const seen = (reply: Reply) => (reply.kind === 'signed' ? reply.wire.headers['seen'] : reply.kind === 'problem' ? reply.problem : reply.kind);

let adapter: AdapterProcess | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

describe('startAdapter', () => {
  it('pipelines requests through one process and matches answers by id, in any order', async () => {
    adapter = startAdapter({ command: command(), role: 'signer' });
    const replies = await Promise.all([adapter.exchange(request('a', '/late')), adapter.exchange(request('b', '/ok')), adapter.exchange(request('c', '/two'))]);
    expect(replies.map(seen)).toEqual(['/late', '/ok', '/two']);
    expect(adapter.stats()).toMatchObject({ started: 1, answers: 3, crashes: 0 });
  });

  it('reads an answer line that arrives in pieces, ends in CRLF and shares a write with the next answer', async () => {
    adapter = startAdapter({ command: command(), role: 'signer' });
    const [held, split] = await Promise.all([adapter.exchange(request('a', '/late')), adapter.exchange(request('b', '/split'))]);
    expect(seen(held)).toBe('/late');
    expect(seen(split)).toBe('/split');
    expect(split.kind === 'signed' && split.wire.body.length).toBe(200_000);
    expect(adapter.stats()).toMatchObject({ answers: 2, protocolErrors: 0 });
  });

  it('fails the case the adapter died on, restarts it, and still answers the cases after it', async () => {
    adapter = startAdapter({ command: command(), role: 'signer' });
    expect(seen(await adapter.exchange(request('warm', '/ok')))).toBe('/ok');
    const [crashed, after] = await Promise.all([adapter.exchange(request('x', '/crash')), adapter.exchange(request('y', '/after'))]);
    expect(crashed).toMatchObject({ kind: 'problem', problem: 'crash' });
    expect((crashed as { message: string }).message).toContain('exited with code 3');
    expect((crashed as { message: string }).message).toContain('boom: cannot handle /crash');
    expect(seen(after)).toBe('/after');
    expect(adapter.stats()).toMatchObject({ started: 2, crashes: 1 });
  });

  it('treats a line that is not JSON as a protocol failure of the case, not a hang', async () => {
    adapter = startAdapter({ command: command(), role: 'signer' });
    expect(seen(await adapter.exchange(request('warm', '/ok')))).toBe('/ok');
    const reply = await adapter.exchange(request('g', '/garbage'));
    expect(reply).toMatchObject({ kind: 'problem', problem: 'protocol' });
    expect((reply as { message: string }).message).toContain('"this is not json"');
    expect(seen(await adapter.exchange(request('next', '/ok')))).toBe('/ok');
  });

  it('times a silent adapter out and goes on with a fresh one', async () => {
    adapter = startAdapter({ command: command(), role: 'signer', stallTimeoutMs: 300 });
    expect(seen(await adapter.exchange(request('warm', '/ok')))).toBe('/ok');
    const [hung, after] = await Promise.all([adapter.exchange(request('h', '/hang')), adapter.exchange(request('z', '/after'))]);
    expect(hung).toMatchObject({ kind: 'problem', problem: 'timeout' });
    expect(seen(after)).toBe('/after');
    expect(adapter.stats().timeouts).toBe(1);
  });

  it('reports an adapter that cannot start as unavailable, with its stderr, for every request', async () => {
    adapter = startAdapter({ command: 'sigkit-no-such-command-xyz', role: 'signer' });
    const replies = await Promise.all([adapter.exchange(request('a', '/ok')), adapter.exchange(request('b', '/ok'))]);
    for (const reply of replies) expect(reply).toMatchObject({ kind: 'problem', problem: 'unavailable' });
    expect((replies[0] as { message: string }).message).toMatch(/before answering any request.*not found/s);
    expect(await adapter.exchange(request('c', '/ok'))).toMatchObject({ kind: 'problem', problem: 'unavailable' });
  });

  it('reports a start-up banner on stdout as a protocol breach, naming the line', async () => {
    adapter = startAdapter({ command: command('banner'), role: 'signer' });
    const reply = await adapter.exchange(request('a', '/ok'));
    expect(reply).toMatchObject({ kind: 'problem', problem: 'unavailable' });
    expect((reply as { message: string }).message).toContain('"adapter ready"');
  });

  it('refuses an empty command', () => {
    expect(() => startAdapter({ command: '  ', role: 'signer' })).toThrow(/command is empty/);
  });
});

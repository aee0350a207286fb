/** The journal's live stream (`GET /__sigkit/events`): a snapshot, then one event per entry as it is recorded, evicted or cleared; no polling. */
import { get, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createMockCore, type EntrySummary, type MockCore } from '../src/index.js';
import { createNodeMockServer } from '../src/node/index.js';
import { NOW, sign } from './helpers.js';

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

function parseEvents(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => /^(id|event): /m.test(block))
    .map((block) => {
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1];
      const id = field('id');
      return { event: field('event')!, ...(id !== undefined && { id }), data: JSON.parse(field('data')!) as unknown };
    });
}

async function signedGet(core: MockCore, deviations?: Parameters<typeof sign>[1]) {
  const wire = sign({ method: 'GET', path: '/api/v1/kronos/devices', query: '_size=1&_page=0' }, deviations);
  return core.handle({ method: 'GET', target: wire.target, headers: { ...wire.headers, host: 'mock.test' }, body: new Uint8Array() });
}

function open(core: MockCore) {
  const chunks: string[] = [];
  return core.handle({ method: 'GET', target: '/__sigkit/events', headers: {}, body: new Uint8Array() }).then((response) => {
    if (response.kind !== 'response' || !response.stream) throw new Error('no stream');
    const stop = response.stream.open((chunk) => chunks.push(chunk));
    return { response, stop, events: () => parseEvents(chunks.join('')) };
  });
}

describe('GET /__sigkit/events', () => {
  it('sends the journal so far, then every entry as it is recorded, with the named mistake', async () => {
    const core = createMockCore({ now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 2 } });
    await signedGet(core);
    const stream = await open(core);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.events().map((e) => e.event)).toEqual(['hello', 'entry']);
    expect(stream.events()[0]!.data).toMatchObject({ size: 1, capacity: 10_000, evicted: 0 });
    await signedGet(core, ['CrlfQueryLines']);
    const last = stream.events().at(-1)!;
    expect(last.event).toBe('entry');
    expect(last.id).toBe('2');
    expect(last.data).toMatchObject<Partial<EntrySummary>>({
      id: 2, scheme: 'xconnect', method: 'GET', path: '/api/v1/kronos/devices', status: 401, ok: false, code: 'signature_mismatch', mistakes: ['CrlfQueryLines'], fault: null,
    });
    stream.stop();
    await signedGet(core);
    expect(stream.events()).toHaveLength(3);
  });

  it('says when the ring evicts an entry and when the journal is cleared or reset', async () => {
    const core = createMockCore({ now: () => NOW, journalSize: 2, dataset: { gateways: 1, devicesPerGateway: 2 } });
    const stream = await open(core);
    for (let i = 0; i < 3; i += 1) await signedGet(core);
    const names = stream.events().map((e) => `${e.event}${e.event === 'evicted' ? (e.data as { id: number }).id : ''}`);
    expect(names).toEqual(['hello', 'entry', 'entry', 'evicted1', 'entry']);
    await core.handle({ method: 'DELETE', target: '/__sigkit/journal', headers: {}, body: new Uint8Array() });
    await core.handle({ method: 'POST', target: '/__sigkit/reset', headers: {}, body: new Uint8Array() });
    expect(stream.events().slice(-2).map((e) => [e.event, (e.data as { reason: string }).reason])).toEqual([['cleared', 'clear'], ['cleared', 'reset']]);
    stream.stop();
  });

  it('streams over HTTP as the request arrives, and ends when the server closes', async () => {
    const server = createNodeMockServer({ now: () => NOW, dataset: { gateways: 1, devicesPerGateway: 2 } });
    const { url } = await server.listen(0);
    try {
      const response = await new Promise<IncomingMessage>((resolve, reject) => get(`${url}/__sigkit/events`, resolve).on('error', reject));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(response.headers['content-length']).toBeUndefined();
      let text = '';
      const arrived = new Promise<void>((resolve) => {
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (/event: entry/.test(text)) resolve();
        });
      });
      const ended = new Promise<void>((resolve) => response.on('close', () => resolve()));
      const wire = sign({ method: 'GET', path: '/api/v1/kronos/devices' });
      const answer = await fetch(`${url}${wire.target}`, { headers: wire.headers as unknown as Record<string, string> });
      expect(answer.status).toBe(200);
      await arrived;
      expect(parseEvents(text).find((e) => e.event === 'entry')!.data).toMatchObject({ id: 1, ok: true, code: 'ok', status: 200 });
      await server.close();
      await ended;
    } finally {
      await server.close();
    }
  });
});

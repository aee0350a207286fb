/** Shared pieces of the reliability campaigns: sizes, seeds, seeded randomness, a mock on 127.0.0.1, and the summary line. */
import { createMockServer, type MockServer, type MockServerOptions } from '../../src/index.js';

/** `SIGKIT_FULL=1` runs every campaign at full size; otherwise at the size CI can afford on every push. */
export const FULL = process.env.SIGKIT_FULL === '1';

/** The campaigns' seed; `SIGKIT_CAMPAIGN_SEED=<n>` replays a run that failed (every failure message names it). */
export const CAMPAIGN_SEED = readSeed(process.env.SIGKIT_CAMPAIGN_SEED);

function readSeed(text: string | undefined): number {
  if (text === undefined || text === '') return 20_250_314;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`SIGKIT_CAMPAIGN_SEED must be an integer, got "${text}"`);
  return seed;
}

/** The mock's fixed clock in the campaigns: a whole second, since KX Connect dates (RFC 1123) carry no milliseconds. */
export const NOW = Date.UTC(2025, 2, 14, 15, 9, 26);

/** The guide's example keys (docs/spec/xconnect.md §1), which the mock accepts by default. */
export const API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
export const SECRET_KEY = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
export const API = '/api/v1/kronos';

/** How long one campaign test may run: the CI sizes take seconds, the full sizes minutes. */
export const CAMPAIGN_TIMEOUT_MS = FULL ? 900_000 : 60_000;

/** A request that gets no answer in this time fails the campaign instead of hanging it. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** A small seeded generator (mulberry32): the same seed draws the same requests and mutations. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

/** A generator of its own for request `index` of a campaign, so one failing request can be replayed alone. */
export function randomFor(campaign: string, index: number): Random {
  let hash = CAMPAIGN_SEED >>> 0;
  for (const ch of `${campaign}#${index}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return seededRandom(hash);
}

/** A mock listening on 127.0.0.1 (never another address) on a free port. */
export interface RunningMock {
  server: MockServer;
  core: MockServer['core'];
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const server = createMockServer({ now: () => NOW, dataset: { gateways: 3, devicesPerGateway: 6 }, journalSize: 200_000, ...options });
  const { url, port } = await server.listen(0, '127.0.0.1');
  return { server, core: server.core, url, port, close: () => server.close() };
}

/**
 * Runs `task` over `items` with at most `concurrency` in flight, in order of start. The loop is
 * bounded in count (the items) and in time: it fails as soon as `budgetMs` has passed.
 */
export async function runBounded<T, R>(items: readonly T[], concurrency: number, budgetMs: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const deadline = performance.now() + budgetMs;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      if (performance.now() > deadline) throw new Error(`the campaign ran out of its ${budgetMs} ms budget after ${index} of ${items.length} requests`);
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The figures one campaign reports. */
export interface CampaignFigures {
  campaign: string;
  full: boolean;
  seed: number;
  requests: number;
  accepted: number;
  rejected: number;
  status5xx: number;
  journalEntries: number;
  durationMs: number;
  [more: string]: unknown;
}

/** Prints the campaign's one summary line: a JSON object prefixed by `sigkit-campaign`, which docs/BENCHMARKS.md quotes. */
export function reportCampaign(figures: CampaignFigures): void {
  console.log(`sigkit-campaign ${JSON.stringify({ ...figures, durationMs: Math.round(figures.durationMs) })}`);
}

/** Says which seed and request to replay in a failure message. */
export function replay(campaign: string, index: number): string {
  return `${campaign} request #${index} (replay: SIGKIT_CAMPAIGN_SEED=${CAMPAIGN_SEED}${FULL ? ' SIGKIT_FULL=1' : ''})`;
}

// Characters random text is drawn from: plain ASCII, the characters query encoding and trimming
// care about, Latin-1, CJK, astral emoji (surrogate pairs) and a combining mark.
const TEXT_POOLS: readonly string[][] = [
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
  [...' &=+%#?/;:,.!*\'()~_-[]{}"\\<>|^`@$'],
  [...'\t\u0001\u001f\u007f\u00a0'],
  [...'éÉßøÅçñü€£'],
  [...'日本語中文한국'],
  ['😀', '🚀', '𝔘', '👩‍💻'],
  ['\u0301'],
];

/** Random well-formed Unicode text of `min`–`max` code points, biased towards characters that encoding and trimming treat specially. */
export function randomText(r: Random, min: number, max: number): string {
  const length = min + r.int(max - min + 1);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const pool = r.chance(0.55) ? TEXT_POOLS[0]! : r.pick(TEXT_POOLS);
    text += r.pick(pool);
  }
  return text;
}

/** Replaces the character at `index` of `text` with one of `alphabet` that differs from it. */
export function replaceChar(r: Random, text: string, index: number, alphabet: string): string {
  const choices = [...alphabet].filter((c) => c !== text[index]);
  return text.slice(0, index) + r.pick(choices) + text.slice(index + 1);
}

/** Answers with a 5xx status in a `byStatus` count (whose keys also include `destroyed`). */
export function count5xx(byStatus: Readonly<Record<string, number>>): number {
  return Object.entries(byStatus)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
}

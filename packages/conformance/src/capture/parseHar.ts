/** Reads one entry of a HAR file (a browser's or proxy's recording) into a CapturedRequest. */
import { ConformanceError } from '../errors.js';
import { originForm } from './originForm.js';
import type { CapturedRequest, RecordedExchange } from './types.js';

interface HarEntryLike {
  request?: HarRequest;
  response?: { status?: unknown };
  _sigkit?: { journalId?: unknown; platform?: unknown; route?: unknown; verdict?: unknown };
}

interface HarRequest {
  method?: unknown;
  url?: unknown;
  headers?: { name?: unknown; value?: unknown }[];
  postData?: { text?: unknown; encoding?: unknown };
}

/**
 * Parses a HAR document (`{ log: { entries: [ { request } ] } }`), a single entry, or a bare
 * request object, and returns the request of entry `index`. Without an index: the only entry, or
 * the first one carrying a signature (`x-arrow-signature` or `Authorization`). HTTP/2 pseudo
 * headers (`:authority`…) are dropped; `postData.encoding: "base64"` is decoded.
 *
 * @example
 * ```ts
 * parseHar(readFileSync('session.har', 'utf8'), 3).target; // '/api/v1/kronos/devices?_page=0'
 * ```
 */
export function parseHar(text: string, index?: number): CapturedRequest {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConformanceError('CAPTURE_UNREADABLE', `the HAR is not JSON: ${(error as Error).message}`, { expected: 'a HAR file ({"log":{"entries":[…]}})' });
  }
  const all = harEntries(document);
  const entries = all.map((e) => e.request ?? {});
  let chosen: number;
  if (index !== undefined) {
    if (!Number.isInteger(index) || index < 0 || index >= entries.length) {
      throw new ConformanceError('CAPTURE_UNREADABLE', `HAR entry ${index} does not exist; the file has ${entries.length} (numbered from 0)`, { expected: `an index from 0 to ${entries.length - 1}` });
    }
    chosen = index;
  } else if (entries.length === 1) chosen = 0;
  else {
    chosen = entries.findIndex((r) => (r.headers ?? []).some((h) => typeof h.name === 'string' && /^(x-arrow-signature|authorization)$/i.test(h.name)));
    if (chosen < 0) {
      throw new ConformanceError('CAPTURE_UNREADABLE', `the HAR has ${entries.length} entries and none carries a signature`, { expected: 'choose one with --entry <index>' });
    }
  }
  const request = entries[chosen]!;
  if (typeof request.method !== 'string' || typeof request.url !== 'string') {
    throw new ConformanceError('CAPTURE_UNREADABLE', `HAR entry ${chosen} has no method or url`, { expected: 'request.method and request.url' });
  }
  const headers: Record<string, string> = {};
  for (const h of request.headers ?? []) {
    if (typeof h.name !== 'string' || typeof h.value !== 'string' || h.name.startsWith(':')) continue;
    if (!Object.keys(headers).some((k) => k.toLowerCase() === (h.name as string).toLowerCase())) headers[h.name] = h.value;
  }
  const postText = request.postData?.text;
  const body = typeof postText !== 'string' ? Buffer.alloc(0) : request.postData?.encoding === 'base64' ? Buffer.from(postText, 'base64') : Buffer.from(postText, 'utf8');
  const captured: CapturedRequest = { method: request.method, target: originForm(request.url), headers, body: new Uint8Array(body), source: `HAR entry ${chosen}` };
  const sigkit = all[chosen]!._sigkit;
  // A HAR the sigkit mock's journal exported carries its verdict (GET /__sigkit/journal?format=har).
  if (sigkit && typeof sigkit === 'object') {
    const status = all[chosen]!.response?.status;
    captured.recorded = {
      platform: typeof sigkit.platform === 'string' ? sigkit.platform : null,
      route: typeof sigkit.route === 'string' ? sigkit.route : null,
      verdict: sigkit.verdict && typeof sigkit.verdict === 'object' ? (sigkit.verdict as NonNullable<RecordedExchange['verdict']>) : null,
      status: typeof status === 'number' && status > 0 ? status : null,
    };
    if (typeof sigkit.journalId === 'number') captured.recorded.journalId = sigkit.journalId;
  }
  return captured;
}

function harEntries(document: unknown): HarEntryLike[] {
  const d = document as { log?: { entries?: unknown }; request?: unknown; method?: unknown };
  if (d && typeof d === 'object') {
    if (d.log && Array.isArray(d.log.entries)) return d.log.entries.map((e: HarEntryLike | null) => (e && typeof e === 'object' ? e : {}));
    if (d.request && typeof d.request === 'object') return [d as HarEntryLike];
    if (typeof d.method === 'string') return [{ request: d as HarRequest }];
  }
  throw new ConformanceError('CAPTURE_UNREADABLE', 'the JSON is not a HAR file, entry or request', { expected: '{"log":{"entries":[{"request":{…}}]}}' });
}

/** Fetches a request recorded by a running sigkit mock from its journal. */
import { ConformanceError } from '../errors.js';
import type { CapturedRequest } from './types.js';

/** The mock's default address (`sigkit mock`). */
export const DEFAULT_MOCK_URL = 'http://127.0.0.1:8080';

interface JournalBody {
  encoding?: unknown;
  data?: unknown;
  truncated?: unknown;
  size?: unknown;
}

/**
 * Gets `GET <mockUrl>/__sigkit/journal/<id>` and returns the request it recorded. Refuses entries
 * the mock could not keep whole: a truncated body, or a credential header it redacted (then the
 * journal entry's own verdict carries the mock's diagnosis).
 *
 * @example
 * ```ts
 * const captured = await fetchJournalEntry(17);            // from http://127.0.0.1:8080
 * const other = await fetchJournalEntry('17', 'http://127.0.0.1:9000');
 * ```
 */
export async function fetchJournalEntry(id: number | string, mockUrl: string = DEFAULT_MOCK_URL, fetchImpl: typeof fetch = fetch): Promise<CapturedRequest> {
  const url = `${mockUrl.replace(/\/+$/, '')}/__sigkit/journal/${encodeURIComponent(String(id))}`;
  let response: Response;
  try {
    // A mock that requires an admin token (one bound beyond loopback, or started with --admin-token) gets it from SIGKIT_ADMIN_TOKEN.
    const token = process.env.SIGKIT_ADMIN_TOKEN;
    response = await fetchImpl(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new ConformanceError('JOURNAL_UNREACHABLE', `cannot reach the mock at ${mockUrl}: ${(error as Error).message}`, { expected: 'a running `sigkit mock`; pass --mock-url if it is elsewhere' });
  }
  if (response.status === 404) throw new ConformanceError('JOURNAL_ENTRY_NOT_FOUND', `the mock's journal has no entry ${id} (never recorded, or evicted)`, { expected: 'an id from GET /__sigkit/journal' });
  if (!response.ok) throw new ConformanceError('JOURNAL_UNREACHABLE', `the mock answered ${response.status} for ${url}`, { expected: '200 with the journal entry' });
  const json = (await response.json()) as { entry?: unknown } & Record<string, unknown>;
  const entry = (json.entry && typeof json.entry === 'object' ? json.entry : json) as { method?: unknown; target?: unknown; headers?: unknown; body?: JournalBody };
  if (typeof entry.method !== 'string' || typeof entry.target !== 'string' || typeof entry.headers !== 'object' || entry.headers === null) {
    throw new ConformanceError('JOURNAL_ENTRY_UNREADABLE', `journal entry ${id} has no method, target and headers`, { expected: 'a journal entry of @sigkit/mock-server' });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.headers as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') continue;
    if (first === '[redacted]') {
      throw new ConformanceError('JOURNAL_ENTRY_REDACTED', `the mock redacted the ${name} header of entry ${id}, so its signature cannot be recomputed here`, {
        expected: "the mock's own diagnosis (its journal entry's verdict), or a capture of the request made elsewhere (curl, HAR, raw HTTP)",
      });
    }
    headers[name] = first;
  }
  const body = entry.body ?? {};
  if (body.truncated === true) {
    throw new ConformanceError('JOURNAL_ENTRY_TRUNCATED', `the mock kept only part of the ${String(body.size)}-byte body of entry ${id}`, { expected: 'a whole body: raise the journal body limit of the mock' });
  }
  const data = typeof body.data === 'string' ? body.data : '';
  const bytes = body.encoding === 'base64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  return { method: entry.method, target: entry.target, headers, body: new Uint8Array(bytes), source: `journal entry ${id}` };
}

/** Fetches a request recorded by a running sigkit mock from its journal. */
import { ConformanceError } from '../errors.js';
import type { CapturedRequest, RecordedExchange } from './types.js';

/** The mock's default address (`sigkit mock`). */
export const DEFAULT_MOCK_URL = 'http://127.0.0.1:8080';

interface JournalBody {
  encoding?: unknown;
  data?: unknown;
  truncated?: unknown;
  size?: unknown;
}

/** A journal entry as `GET /__sigkit/journal/{id}` answers it (the fields sigkit reads). */
export interface JournalEntryJson {
  id?: number;
  method: string;
  target: string;
  headers: Record<string, string | string[]>;
  body?: JournalBody;
  platform?: string | null;
  route?: string | null;
  verdict?: RecordedExchange['verdict'];
  response?: { status?: number | null; body?: JournalBody | null };
}

/**
 * Gets `GET <mockUrl>/__sigkit/journal/<id>` and returns the entry as the mock keeps it.
 *
 * @example
 * ```ts
 * const entry = await fetchJournalRecord(17);
 * entry.verdict?.code; // 'signature_mismatch'
 * ```
 */
export async function fetchJournalRecord(id: number | string, mockUrl: string = DEFAULT_MOCK_URL, fetchImpl: typeof fetch = fetch): Promise<JournalEntryJson> {
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
  const entry = (json.entry && typeof json.entry === 'object' ? json.entry : json) as Partial<JournalEntryJson>;
  if (typeof entry.method !== 'string' || typeof entry.target !== 'string' || typeof entry.headers !== 'object' || entry.headers === null) {
    throw new ConformanceError('JOURNAL_ENTRY_UNREADABLE', `journal entry ${id} has no method, target and headers`, { expected: 'a journal entry of @sigkit/mock-server' });
  }
  return entry as JournalEntryJson;
}

/**
 * The request a journal entry recorded, with the mock's verdict as `recorded`. Headers the journal
 * redacted keep their `[redacted]` value: an xConnect signature covers none of them, and a KX
 * call is explained from the recorded verdict. Refuses a body the journal kept only in part.
 *
 * @example
 * ```ts
 * const captured = capturedFromJournalEntry(await fetchJournalRecord(17), 17);
 * captured.recorded?.verdict?.code; // 'signature_mismatch'
 * ```
 */
export function capturedFromJournalEntry(entry: JournalEntryJson, id: number | string = entry.id ?? '?'): CapturedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') headers[name] = first;
  }
  const body = entry.body ?? {};
  if (body.truncated === true) {
    throw new ConformanceError('JOURNAL_ENTRY_TRUNCATED', `the mock kept only part of the ${String(body.size)}-byte body of entry ${id}`, { expected: 'a whole body: raise the journal body limit of the mock' });
  }
  const data = typeof body.data === 'string' ? body.data : '';
  const bytes = body.encoding === 'base64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  const recorded: RecordedExchange = { platform: entry.platform ?? null, route: entry.route ?? null, verdict: entry.verdict ?? null, status: entry.response?.status ?? null };
  if (typeof entry.id === 'number') recorded.journalId = entry.id;
  return { method: entry.method, target: entry.target, headers, body: new Uint8Array(bytes), source: `journal entry ${id}`, recorded };
}

/**
 * Gets `GET <mockUrl>/__sigkit/journal/<id>` and returns the request it recorded, with the mock's
 * verdict (see {@link capturedFromJournalEntry}). Refuses an entry whose body was truncated.
 *
 * @example
 * ```ts
 * const captured = await fetchJournalEntry(17);            // from http://127.0.0.1:8080
 * const other = await fetchJournalEntry('17', 'http://127.0.0.1:9000');
 * ```
 */
export async function fetchJournalEntry(id: number | string, mockUrl: string = DEFAULT_MOCK_URL, fetchImpl: typeof fetch = fetch): Promise<CapturedRequest> {
  return capturedFromJournalEntry(await fetchJournalRecord(id, mockUrl, fetchImpl), id);
}

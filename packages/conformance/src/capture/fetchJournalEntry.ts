/** Fetches a request recorded by a running sigkit mock from its journal. */
import { ConformanceError } from '../errors.js';
import { capturedFromJournalEntry, type CaptureExplanation, type CapturedRequest, type JournalEntryJson } from '@sigkit/signer/explain';

export { capturedFromJournalEntry, type JournalEntryJson };

/** The mock's default address (`sigkit mock`). */
export const DEFAULT_MOCK_URL = 'http://127.0.0.1:8080';

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
  const response = await getFromMock(`/__sigkit/journal/${encodeURIComponent(String(id))}`, id, mockUrl, fetchImpl);
  const json = (await response.json()) as { entry?: unknown } & Record<string, unknown>;
  const entry = (json.entry && typeof json.entry === 'object' ? json.entry : json) as Partial<JournalEntryJson>;
  if (typeof entry.method !== 'string' || typeof entry.target !== 'string' || typeof entry.headers !== 'object' || entry.headers === null) {
    throw new ConformanceError('JOURNAL_ENTRY_UNREADABLE', `journal entry ${id} has no method, target and headers`, { expected: 'a journal entry of @sigkit/mock-server' });
  }
  return entry as JournalEntryJson;
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

/** GETs an admin path of the mock about journal entry `id`, mapping an unreachable mock, a missing entry and an error answer to {@link ConformanceError}s. */
async function getFromMock(path: string, id: number | string, mockUrl: string, fetchImpl: typeof fetch): Promise<Response> {
  const url = `${mockUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    // A mock that requires an admin token (one bound beyond loopback, or started with --admin-token) gets it from SIGKIT_ADMIN_TOKEN.
    const token = process.env.SIGKIT_ADMIN_TOKEN;
    response = await fetchImpl(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new ConformanceError('JOURNAL_UNREACHABLE', `cannot reach the mock at ${mockUrl}: ${(error as Error).message}`, { expected: 'a running `sigkit mock`; pass --mock-url if it is elsewhere' });
  }
  if (response.status === 404) throw new ConformanceError('JOURNAL_ENTRY_NOT_FOUND', `the mock's journal has no entry ${id} (never recorded, or evicted)`, { expected: 'an id from GET /__sigkit/journal' });
  if (response.status === 422) {
    const { message } = (await response.json().catch(() => ({}))) as { message?: unknown };
    throw new ConformanceError('JOURNAL_ENTRY_UNEXPLAINABLE', `the mock cannot explain entry ${id}: ${typeof message === 'string' ? message : 'no reason given'}`, { expected: 'the keys as --secret-key (xConnect) or --session-id (KX), to explain it here' });
  }
  if (!response.ok) throw new ConformanceError('JOURNAL_UNREACHABLE', `the mock answered ${response.status} for ${url}`, { expected: '200 with the journal entry' });
  return response;
}

/**
 * Gets `GET <mockUrl>/__sigkit/journal/<id>/explain`: the entry explained by the mock itself, which
 * holds the secret of every key it accepts (its admin API never lists secrets). The explanation is
 * the one {@link explainCapture} gives with that secret; `formatExplanation` prints it as the mock's
 * inspector shows it.
 *
 * @example
 * ```ts
 * const why = await fetchJournalExplanation(17);
 * why.diagnosis.deviations[0]?.flags; // ['CrlfQueryLines']
 * ```
 */
export async function fetchJournalExplanation(id: number | string, mockUrl: string = DEFAULT_MOCK_URL, fetchImpl: typeof fetch = fetch): Promise<CaptureExplanation> {
  const response = await getFromMock(`/__sigkit/journal/${encodeURIComponent(String(id))}/explain`, id, mockUrl, fetchImpl);
  const json = (await response.json()) as { explanation?: CaptureExplanation };
  if (!json.explanation || typeof json.explanation !== 'object') {
    throw new ConformanceError('JOURNAL_ENTRY_UNREADABLE', `the mock's explanation of entry ${id} has no explanation object`, { expected: 'a sigkit mock of this version' });
  }
  return json.explanation;
}

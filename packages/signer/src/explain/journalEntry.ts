/** A request the sigkit mock's journal recorded, as a captured request the explainer reads. */
import { SigkitInputError } from '../errors.js';
import type { CapturedRequest, RecordedExchange } from './capture.js';

/** A body as the mock's journal keeps it. */
export interface JournalBody {
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
    throw new SigkitInputError('JOURNAL_ENTRY_TRUNCATED', `the mock kept only part of the ${String(body.size)}-byte body of entry ${id}`, { expected: 'a whole body: raise the journal body limit of the mock' });
  }
  const data = typeof body.data === 'string' ? body.data : '';
  const bytes = body.encoding === 'base64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  const recorded: RecordedExchange = { platform: entry.platform ?? null, route: entry.route ?? null, verdict: entry.verdict ?? null, status: entry.response?.status ?? null };
  if (typeof entry.id === 'number') recorded.journalId = entry.id;
  return { method: entry.method, target: entry.target, headers, body: new Uint8Array(bytes), source: `journal entry ${id}`, recorded };
}

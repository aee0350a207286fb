/** The admin API as the page calls it: same-origin JSON, errors as thrown messages. */

/** An entry summary as `GET /__sigkit/events` sends it: the server's own type. */
export type { EntrySummary } from '../../src/core/ui/entrySummary.js';

/** An entry opened, as `GET /__sigkit/ui/api/entries/{id}` answers. */
export interface EntryView {
  entry: {
    id: number;
    time: string;
    method: string;
    target: string;
    path: string;
    headers: Record<string, string | string[]>;
    body: { size: number; truncated: boolean; encoding: 'utf8' | 'base64'; data: string; redacted: boolean };
    response: { status: number | null; headers: Record<string, string> };
    fault: { id: string; label: string | null } | null;
  };
  check: { code: string; ok: boolean; message: string; serverMessage: string; firstDifference: string | null } | null;
  compared: { label: string; expected: string; sent: string | null }[];
  keyChain: string[];
  signatures: { expected: string | null; sent: string | null };
  mistakes: { name: string; description: string; fix: string }[];
  curl: string;
  explain: string;
}

/** Calls the admin API; a non-2xx answer throws its `message`. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  const response = await fetch(`/__sigkit${path}`, init);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const message = json && typeof json === 'object' && 'message' in json ? String((json as { message: unknown }).message) : `${response.status}`;
    throw new Error(message);
  }
  return json as T;
}

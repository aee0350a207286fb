/** Sends one request with the given fetch and returns its JSON answer, or throws a PlatformError. @internal */
import { PlatformError, PlatformUnreachableError } from './platformError.js';

/** The subset of the Fetch API the clients use, so tests and callers can pass their own. */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

/** Picks the caller's fetch or the global one, with a clear error when there is none. @internal */
export function resolveFetch(fetchImpl: FetchLike | undefined): FetchLike {
  const chosen = fetchImpl ?? (globalThis.fetch as unknown as FetchLike | undefined);
  if (typeof chosen !== 'function') throw new PlatformUnreachableError('NO_FETCH', 'no fetch implementation: pass { fetch } or use Node >= 18');
  return chosen;
}

/** @internal */
export async function sendRequest(
  fetchImpl: FetchLike,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array },
  label: string,
): Promise<unknown> {
  let response: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    response = await fetchImpl(url, init.body === undefined || init.body.length === 0 ? { method: init.method, headers: init.headers } : init);
    text = await response.text();
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new PlatformUnreachableError('UNREACHABLE', `${label}: cannot reach ${new URL(url).origin}: ${cause}`, { cause: error });
  }
  let body: unknown = text;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok) throw new PlatformUnreachableError('NOT_JSON', `${label} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
  } else body = null;
  if (!response.ok) throw new PlatformError(label, response.status, body);
  return body;
}

/** A request captured somewhere (a file, a curl command, a HAR, the mock's journal), ready to be explained. */

/** A captured request, exactly as it travelled. */
export interface CapturedRequest {
  method: string;
  /** Origin-form request-target: path plus `?query`, as sent (scheme and host removed, nothing re-encoded). */
  target: string;
  /** Header names as captured; a repeated header keeps its first value. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** Where it came from, for messages: `raw HTTP`, `curl`, `HAR entry 2`, `journal entry 17`. */
  source: string;
  /**
   * What the sigkit mock that recorded it decided, when it comes from the mock's journal (or a HAR
   * the journal exported, under `_sigkit`): its verdict with its diagnosis, computed when it
   * verified the request. A KX entry is explained from it, since the journal keeps neither the
   * Authorization header nor the sessionId.
   */
  recorded?: RecordedExchange;
}

/** The mock's own record of a request: what served it and how it was judged. */
export interface RecordedExchange {
  /** The journal id. */
  journalId?: number;
  /** The platform module that served it (`xconnect`, `kx`), or null. */
  platform: string | null;
  /** The route that served it (`POST /connect/api/auth/login`), or null. */
  route: string | null;
  /** The verdict as the journal keeps it; `diagnosis` is the mock's (its 401 `sigkit` object, secrets masked). */
  verdict: { scheme: string; ok: boolean; code: string; message: string; diagnosis?: unknown } | null;
  /** The answer's status, null when the connection was closed without one. */
  status: number | null;
}

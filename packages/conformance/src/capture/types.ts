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
}

/** A request captured somewhere (a file, a curl command, a HAR, the mock's journal), ready to be explained, and the body fields explanations carry. */
import { isUtf8 } from 'node:buffer';

/** The two signing schemes. */
export type Scheme = 'xconnect' | 'kx';

/**
 * A body inside a JSON message: `body` when the bytes are UTF-8 text, `bodyBase64` otherwise.
 * Neither means an empty body.
 */
export interface BodyFields {
  /** The body bytes as UTF-8 text. */
  body?: string;
  /** The body bytes in standard Base64, for bodies that are not UTF-8 text. */
  bodyBase64?: string;
}

/**
 * The JSON fields for a body: `{ body }` when the bytes are valid UTF-8 (so they read as text),
 * `{ bodyBase64 }` otherwise.
 *
 * @example
 * ```ts
 * bodyFields(new TextEncoder().encode('{"a":1}')); // { body: '{"a":1}' }
 * bodyFields(Uint8Array.of(0xff));                  // { bodyBase64: '/w==' }
 * ```
 */
export function bodyFields(bytes: Uint8Array): BodyFields {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // isUtf8 is the strict check of a fatal TextDecoder without the cost of a thrown error; a BOM is kept.
  return isUtf8(buffer) ? { body: buffer.toString('utf8') } : { bodyBase64: buffer.toString('base64') };
}

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

/** The JSON body a KX Connect server answers a refused request with. */
import type { KxVerdict } from './verify.js';

/** The 401 answer body of docs/spec/kx-connect.md §2. */
export interface KxErrorBody {
  /** The request type with `Req` turned into `Resp`; `null` when the body could not be read. */
  type: string | null;
  /** The request id echoed; `null` when the body could not be read. */
  id: string | null;
  /** Always false. */
  success: false;
  /** The reason, `verdict.serverMessage`. */
  error: string;
  /** Always empty. */
  msg: [];
}

/**
 * The answer type for a request type: `getMemReq` → `getMemResp` (docs/spec/kx-connect.md §2); a type
 * without the `Req` suffix just gains `Resp`.
 *
 * @example
 * ```ts
 * kxResponseType('LoginReq'); // 'LoginResp'
 * ```
 */
export function kxResponseType(requestType: string): string {
  return requestType.endsWith('Req') ? `${requestType.slice(0, -3)}Resp` : `${requestType}Resp`;
}

/**
 * The body a server sends with a refused verdict:
 * `{"type":<type Req→Resp>,"id":…,"success":false,"error":<serverMessage>,"msg":[]}`. When the
 * request's body could not be read, `type` and `id` are `null`, as JSON-RPC does for an unreadable id.
 *
 * @example
 * ```ts
 * if (!verdict.ok) res.status(verdict.status).json(kxErrorBody(verdict));
 * ```
 */
export function kxErrorBody(verdict: Pick<KxVerdict, 'serverMessage' | 'requestType' | 'id'>): KxErrorBody {
  return {
    type: verdict.requestType === undefined ? null : kxResponseType(verdict.requestType),
    id: verdict.id ?? null,
    success: false,
    error: verdict.serverMessage,
    msg: [],
  };
}

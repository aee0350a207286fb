/** The JSON envelope of every KX Connect answer (docs/spec/kx-connect.md §1–§2): success with rows, or failure with a reason. */
import { formatRfc1123, kxResponseType } from '@sigkit/signer';
import { knownJsonText } from '../../http/answerCache.js';
import { jsonResponse, jsonResponseWithText } from '../../http/responses.js';
import type { JsonObject, JsonValue, MockHttpResponse } from '../../http/types.js';
import { isJsonObject, readJsonBody } from '../../http/jsonBody.js';

/** The `type` and `id` a request carried, which every answer echoes (`type` with `Req` turned into `Resp`). */
export interface KxEcho {
  /** The answer type, e.g. `getMemResp`; null when the request had no readable `type`. */
  type: string | null;
  /** The request id; null when the request had no readable `id`. */
  id: string | null;
}

/**
 * Reads `type` and `id` from a request body, for the answer to echo. A body that is not a JSON
 * object, or lacks them, gives nulls, as `kxErrorBody` does; `fallbackType` (e.g. `LoginResp`) is
 * used when the request names no type.
 *
 * @example
 * ```ts
 * kxEcho(bytesOf('{"type":"getMemReq","id":"e1…"}')); // { type: 'getMemResp', id: 'e1…' }
 * ```
 */
export function kxEcho(body: Uint8Array, fallbackType: string | null = null): KxEcho {
  const parsed = readJsonBody(body);
  const object = parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
  const type = typeof object?.type === 'string' ? kxResponseType(object.type) : fallbackType;
  const id = typeof object?.id === 'string' ? object.id : null;
  return { type, id };
}

/**
 * A successful answer: `{"type","id","date","success":true,"msg":[rows…]}` with status 200.
 *
 * @example
 * ```ts
 * kxSuccess({ type: 'getMemResp', id }, [{ time: '…', sym: 'rdb_a', used: 1 }], Date.now());
 * ```
 */
export function kxSuccess(echo: KxEcho, msg: readonly JsonValue[], now: number): MockHttpResponse {
  const body = { type: echo.type, id: echo.id, date: formatRfc1123(new Date(now)), success: true, msg: [...msg] };
  const msgText = knownJsonText(msg);
  if (msgText === undefined) return jsonResponse(200, body);
  // Rows kept with their text (see getMem): the envelope around them is all that is serialised.
  const shell = JSON.stringify({ type: body.type, id: body.id, date: body.date, success: true, msg: 0 });
  return jsonResponseWithText(200, body, `${shell.slice(0, -2)}${msgText}}`);
}

/**
 * A failed answer in the shape of docs/spec/kx-connect.md §2 (`{"type","id","success":false,"error","msg":[]}`),
 * with any extra fields (the `sigkit` diagnosis) after it.
 *
 * @example
 * ```ts
 * kxFailure(404, { type: 'fooResp', id }, 'unknown analytic monPublic.foo');
 * ```
 */
export function kxFailure(status: number, echo: KxEcho, error: string, extra: JsonObject = {}, headers: Record<string, string> = {}): MockHttpResponse {
  return jsonResponse(status, { type: echo.type, id: echo.id, success: false, error, msg: [], ...extra }, headers);
}

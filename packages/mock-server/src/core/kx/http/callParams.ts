/** Reads the parameters dictionary of a signed call: `msg[0]` of its body (docs/spec/kx-connect.md §2–§3). */
import { isJsonObject, readJsonBody } from '../../http/jsonBody.js';
import type { JsonObject } from '../../http/types.js';
import { KxCallError } from './kxCallError.js';

/**
 * The parameters of a call: `msg[0]`, or `{}` when `msg` is absent or empty. Anything else in
 * `msg` (not an array, more than one entry, an entry that is not an object) is a 400 naming `msg`.
 *
 * @example
 * ```ts
 * readKxCallParams(bytesOf('{"type":"getMemReq","msg":[{"syms":["a"]}],"id":"…","date":"…"}')); // { syms: ['a'] }
 * ```
 */
export function readKxCallParams(body: Uint8Array): JsonObject {
  const parsed = readJsonBody(body);
  // Verification has already refused bodies that are not JSON objects; what is left is a body nested
  // deeper than the mock reads, or direct use.
  if (!parsed.ok) throw new KxCallError(400, parsed.message, 'msg');
  if (!isJsonObject(parsed.value)) throw new KxCallError(400, 'the body must be a JSON object {"type","msg":[{…}],"id","date"}', 'msg');
  const msg = parsed.value.msg;
  if (msg === undefined || msg === null) return {};
  if (!Array.isArray(msg)) throw new KxCallError(400, 'msg must be an array holding one parameters dictionary, e.g. [{"syms":["ds_rdb_ops_a"]}]', 'msg');
  if (msg.length === 0) return {};
  if (msg.length > 1) throw new KxCallError(400, `msg must hold one parameters dictionary, got ${msg.length} entries`, 'msg');
  const params = msg[0];
  if (params === null) return {};
  if (!isJsonObject(params)) throw new KxCallError(400, `msg[0] must be a parameters dictionary (a JSON object), got ${JSON.stringify(params)}`, 'msg');
  return params;
}

/** The OpenAPI 3.1 documents of what the mock serves (xConnect, KX Connect, the admin API), shipped in the package and served under `/__sigkit/openapi`. */
import admin from './documents/admin.json' with { type: 'json' };
import kx from './documents/kx.json' with { type: 'json' };
import xconnect from './documents/xconnect.json' with { type: 'json' };
import { emptyResponse, jsonResponse } from '../http/responses.js';
import type { JsonObject, MockHttpResponse } from '../http/types.js';

/** The names of the documents: `GET /__sigkit/openapi/<name>.json`. */
export const OPENAPI_DOCUMENT_NAMES = ['xconnect', 'kx', 'admin'] as const;

/** One of {@link OPENAPI_DOCUMENT_NAMES}. */
export type OpenApiDocumentName = (typeof OPENAPI_DOCUMENT_NAMES)[number];

/**
 * The documents as JSON objects. Imported as JSON modules so that tsc's `dist/`, the npm package
 * and the single-file binary all carry them with no file to find at run time.
 *
 * @example
 * ```ts
 * Object.keys(OPENAPI_DOCUMENTS.xconnect.paths); // ['/api/v1/kronos/gateways', …]
 * ```
 */
export const OPENAPI_DOCUMENTS: Readonly<Record<OpenApiDocumentName, JsonObject & { paths: JsonObject }>> = { xconnect, kx, admin } as never;

/** Path of the documents under the admin prefix. */
export const OPENAPI_PATH = '/__sigkit/openapi';

/**
 * The answer to `GET /__sigkit/openapi/<name>.json` (a copy of the document, so no caller can
 * change the shipped one), a 405 for another method on it, or `undefined` for any other path.
 *
 * @example
 * ```ts
 * openApiAnswer('GET', '/__sigkit/openapi/kx.json')?.status; // 200
 * ```
 */
export function openApiAnswer(method: string, path: string): MockHttpResponse | undefined {
  const name = path.startsWith(`${OPENAPI_PATH}/`) ? path.slice(OPENAPI_PATH.length + 1).replace(/\.json$/, '') : undefined;
  if (name === undefined || !path.endsWith('.json') || !(OPENAPI_DOCUMENT_NAMES as readonly string[]).includes(name)) return undefined;
  if (method === 'OPTIONS') return emptyResponse(200, { allow: 'GET, HEAD, OPTIONS' });
  if (method !== 'GET' && method !== 'HEAD') {
    return jsonResponse(405, { status: 405, error: 'method_not_allowed', message: `${method} is not allowed on ${path} (allowed: GET, HEAD, OPTIONS)` }, { allow: 'GET, HEAD, OPTIONS' });
  }
  return jsonResponse(200, structuredClone(OPENAPI_DOCUMENTS[name as OpenApiDocumentName]));
}

/** Paging rules of the Kronos API (docs/spec/xconnect.md §5): `_page`, `_size`, and the paged answer shape. */
import type { JsonObject, JsonValue } from '../http/types.js';
import type { QueryParams } from '../http/requestTarget.js';
import { XConnectApiError } from './errors.js';

/** A validated page request. */
export interface PageRequest {
  page: number;
  size: number;
}

const JAVA_INT_MAX = 2_147_483_647;

/** Reads an optional Java `int` query parameter (first value counts, as with `@RequestParam`). */
export function readIntParam(query: QueryParams, name: string): number | undefined {
  const raw = query.get(name)?.[0];
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > JAVA_INT_MAX) {
    throw new XConnectApiError(`${name} must be an integer, got "${raw}"`);
  }
  return Number(text);
}

/**
 * Reads `_page` (default 0) and `_size` (default `defaultSize`) and enforces `0 <= page` and
 * `1 <= size <= maxSize`, with the platform's messages (docs/spec/xconnect.md §5).
 *
 * @example
 * ```ts
 * readPageRequest(new Map([['_size', ['20']]]), { defaultSize: 100, maxSize: 200 }); // { page: 0, size: 20 }
 * ```
 */
export function readPageRequest(query: QueryParams, limits: { defaultSize: number; maxSize: number }): PageRequest {
  const page = readIntParam(query, '_page') ?? 0;
  const size = readIntParam(query, '_size') ?? limits.defaultSize;
  if (page < 0) throw new XConnectApiError('page must be positive');
  if (size < 1 || size > limits.maxSize) throw new XConnectApiError(`size must be between 1 and ${limits.maxSize}`);
  return { page, size };
}

/** The first item index of a page, or `Infinity` when it is beyond any list. */
export function pageOffset(request: PageRequest): number {
  const offset = request.page * request.size;
  return Number.isSafeInteger(offset) ? offset : Number.POSITIVE_INFINITY;
}

/**
 * The paged answer `{"size","page","totalSize","totalPages","data"}`. `size` is the number of items
 * on this page, except where the platform answered the requested page size (telemetry lists,
 * docs/spec/xconnect.md §5 "Quirk").
 */
export function pagedAnswer(data: JsonValue[], request: PageRequest, totalSize: number, sizeField: 'items' | 'requested' = 'items'): JsonObject {
  return {
    size: sizeField === 'items' ? data.length : request.size,
    page: request.page,
    totalSize,
    totalPages: Math.ceil(totalSize / request.size),
    data,
  };
}

/** Slices one page of an in-memory list and answers it. */
export function pageOf<T>(items: readonly T[], request: PageRequest, toJson: (item: T) => JsonValue): JsonObject {
  // Only the page's items are turned into answers: a list of thousands costs what one page costs.
  const offset = pageOffset(request);
  const onPage = offset >= items.length ? [] : items.slice(offset, offset + request.size);
  return pagedAnswer(onPage.map((item) => toJson(item)), request, items.length);
}

/** One thing to check: a request for the implementation under test and what the judge needs to rule on its answer. */
import type { BodyFields, ProtocolRequest } from '../protocol/types.js';

/**
 * A case: the request line sent, where it came from, and what the judge expects.
 *
 * @example
 * ```ts
 * const c: CheckCase = { category: 'vectors', caseId: 'v1_canonicalization#1', title: "the guide's documented example",
 *   flags: ['Documented'], request, expect: { vectorSignature: '28c3ab6c…' }, size: 120 };
 * ```
 */
export interface CheckCase<TRequest extends ProtocolRequest = ProtocolRequest, TExpect = unknown> {
  /** The summary row it counts in: `vectors`, `generated`, `tampered`, … */
  category: string;
  /** Unique in a run: `<vector file>#<tcId>` or `generated#<run index>`. */
  caseId: string;
  /** A line for humans: the vector's comment, or a sketch of the generated request. */
  title: string;
  /** The vector's flags, or the tamper applied (verifier role). */
  flags: string[];
  /** The line sent (its `id` is `caseId`). */
  request: TRequest;
  /** Whatever the judge of this scheme and role needs besides the request. */
  expect: TExpect;
  /** How big the case is (its JSON length), so that failures can be listed smallest first. */
  size: number;
}

/**
 * `JSON.stringify(request).length` (a case's {@link CheckCase.size}) without serialising a large
 * Base64 body, whose characters JSON never escapes.
 *
 * @example
 * ```ts
 * requestSize({ id: 'c1', bodyBase64: '/w==' }); // 31
 * ```
 */
export function requestSize(request: object & BodyFields): number {
  const base64 = request.bodyBase64;
  if (base64 === undefined || base64.length < 256) return JSON.stringify(request).length;
  return JSON.stringify({ ...request, bodyBase64: '' }).length + base64.length;
}

/** The strict profile's note on an answer the real platform would have given differently (docs/spec/xconnect.md §3b). */
import type { XConnectFrontLayer } from '@sigkit/signer';
import type { JsonObject } from '../http/types.js';

/** Which layer of the platform's stack would have decided the request: one in front of its filter, or the filter. */
export type PlatformLayer = XConnectFrontLayer | 'filter';

/**
 * What the real platform would have answered, where the strict profile answers otherwise: `status`
 * is the platform's status, or `null` when the platform would have let the request through to the
 * API (whose answer the moonstone profile gives); `layer` is who decides; `code` names the deciding
 * check (a verdict code of `@sigkit/signer`, or the front check's); `reason` is one sentence.
 */
export interface PlatformWouldDiffer {
  status: number | null;
  layer: PlatformLayer;
  code: string;
  reason: string;
}

/** Response header carrying a short form of {@link PlatformWouldDiffer} on every strict answer that has one. */
export const PLATFORM_WOULD_DIFFER_HEADER = 'x-sigkit-platform-would-differ';

/**
 * The header's value: `status=<n|passed>; layer=<layer>; code=<code>` (ASCII only; the sentence is
 * in the body's `sigkit.platformWouldDiffer` and in the journal).
 *
 * @example
 * ```ts
 * platformWouldDifferHeader({ status: 500, layer: 'firewall', code: 'firewall_rejected', reason: '…' });
 * // 'status=500; layer=firewall; code=firewall_rejected'
 * ```
 */
export function platformWouldDifferHeader(note: PlatformWouldDiffer): string {
  return `status=${note.status ?? 'passed'}; layer=${note.layer}; code=${note.code.replace(/[^\x21-\x7e]/g, '?')}`;
}

/** The note as plain JSON. */
export function platformWouldDifferJson(note: PlatformWouldDiffer): JsonObject {
  return { status: note.status, layer: note.layer, code: note.code, reason: note.reason };
}

/** Compares the proxy's local verdict with the target's answer, and says in one line what a disagreement means. */
import type { JsonObject } from '../http/types.js';
import type { LocalVerdict } from './localVerdict.js';

/**
 * What the two verdicts say together:
 * - `agree`: both accepted, or both rejected (the client's mistake, named by the local verdict);
 * - `platform`: accepted locally, rejected by the target — a finding about the platform (or about
 *   the credentials given to the proxy), not the client;
 * - `local-only`: rejected locally, accepted by the target — the kit's rules are stricter than the platform here;
 * - `unverified`: not judged locally (see `unverifiedBecause`).
 */
export type ProxyFinding = 'agree' | 'platform' | 'local-only' | 'unverified';

/** The comparison, kept in the journal entry's `proxy` note. */
export interface TargetComparison {
  finding: ProxyFinding;
  /** The target's status, or null when it gave no answer (down, slow, reset). */
  targetStatus: number | null;
  /** True when the target refused the request's authentication (401 or 403). */
  targetRejected: boolean;
  /** The line the proxy prints, or null when nothing is worth a line. */
  line: string | null;
}

/** The statuses by which a platform refuses a request's authentication. */
const REJECTING = new Set([401, 403]);

/** A long target cut to fit one line. */
function shortTarget(target: string): string {
  return target.length > 80 ? `${target.slice(0, 77)}…` : target;
}

/**
 * Compares the local verdict with the target's status. A line is printed when the target rejects,
 * when the local verification fails, or when the target gave no answer.
 *
 * @example
 * ```ts
 * compareWithTarget(local, 401, { journalId: 7, method: 'GET', target: '/api/v1/kronos/devices' }).finding; // 'platform' when local accepted
 * ```
 */
export function compareWithTarget(local: LocalVerdict, targetStatus: number | null, request: { journalId: number; method: string; target: string; failure?: string }): TargetComparison {
  const targetRejected = targetStatus !== null && REJECTING.has(targetStatus);
  const verdict = local.verdict;
  // The usual exchange (verified, accepted) says nothing: its line's parts are not even written.
  if (verdict !== null && verdict.ok && !targetRejected && targetStatus !== null) return { finding: 'agree', targetStatus, targetRejected, line: null };
  const what = `#${request.journalId} ${request.method} ${shortTarget(request.target)}`;
  const where = `(journal /__sigkit/journal/${request.journalId})`;
  const answered = targetStatus === null ? `no answer from the target: ${request.failure ?? 'the connection failed'}` : `${targetStatus} from the target`;
  if (verdict === null) {
    const line = targetRejected || targetStatus === null ? `${what} → ${answered}; not verified locally: ${local.unverifiedBecause ?? 'no credentials'} ${where}` : null;
    return { finding: 'unverified', targetStatus, targetRejected, line };
  }
  if (verdict.ok && targetRejected) {
    return {
      finding: 'platform',
      targetStatus,
      targetRejected,
      line: `${what} → ${answered}, but the request verifies locally (${verdict.code}): a finding about the platform (or the credentials given to the proxy), not the client ${where}`,
    };
  }
  if (!verdict.ok && targetStatus !== null && !targetRejected) {
    return { finding: 'local-only', targetStatus, targetRejected, line: `${what} → ${answered}, yet rejected locally: ${verdict.code}: ${verdict.message} ${where}` };
  }
  if (!verdict.ok) return { finding: 'agree', targetStatus, targetRejected, line: `${what} → ${answered}; ${verdict.code}: ${verdict.message} ${where}` };
  return { finding: 'agree', targetStatus, targetRejected, line: targetStatus === null ? `${what} → ${answered} ${where}` : null };
}

/** The comparison as the journal entry's `proxy` note (under the verdict's diagnosis). */
export function comparisonJson(comparison: TargetComparison, targetUrl: string): JsonObject {
  return { target: targetUrl, targetStatus: comparison.targetStatus, targetRejected: comparison.targetRejected, finding: comparison.finding };
}

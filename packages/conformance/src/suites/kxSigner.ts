/** The suite that checks a KX Connect client's signer under one profile: the vectors, then generated calls. */
import { type KxProfile } from '@sigkit/signer';
import { generatedKxCase, kxCalls, kxRemovals, type GeneratedKxCall } from '../cases/kxGenerated.js';
import { kxCaseRemovals, kxEdgeCases } from '../cases/kxEdgeCases.js';
import { kxVectorCases, type KxSignerCase } from '../cases/kxVectorCases.js';
import { locateVectors } from '../cases/locateVectors.js';
import { judgeKxSigner } from '../judge/judgeKxSigner.js';
import type { Suite } from '../run/suite.js';

/**
 * The KX Connect signer suite for `profile`: the vectors of that profile, the edge cases (category
 * `edge`) and generated calls,
 * each judged by {@link judgeKxSigner}.
 *
 * @example
 * ```ts
 * const report = await runSuite(kxSignerSuite({ profile: kxProfile() }), { exchange, subject: 'in-process' });
 * ```
 */
export function kxSignerSuite(options: { profile: KxProfile; vectorsDir?: string | undefined }): Suite<KxSignerCase, GeneratedKxCall> {
  const { profile } = options;
  return {
    scheme: 'kx',
    role: 'signer',
    settings: { profile },
    // The edge phase runs with the vectors, before the random phase (issue #14).
    fixedCases: [...kxVectorCases(locateVectors(options.vectorsDir), profile), ...kxEdgeCases(profile)],
    generated: { category: 'generated', arbitrary: kxCalls(), toCase: (call, caseId) => generatedKxCase(call, caseId, profile), removals: kxRemovals },
    caseRemovals: kxCaseRemovals,
    judge: judgeKxSigner,
  };
}

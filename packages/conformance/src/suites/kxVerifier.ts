/** The suite that checks a KX Connect verifier under one profile: vectors, server checks and tampered calls. */
import type { KxProfile } from '@sigkit/signer';
import { kxTamperings, kxVerifierVectorCases, tamperedKxCase, type GeneratedKxTampering } from '../cases/kxVerifierCases.js';
import { locateVectors } from '../cases/locateVectors.js';
import { judgeVerifier, type VerifierCase } from '../judge/judgeVerifier.js';
import type { Suite } from '../run/suite.js';

/**
 * The KX Connect verifier suite for `profile`.
 *
 * @example
 * ```ts
 * const report = await runSuite(kxVerifierSuite({ profile: kxProfile() }), { exchange, subject: 'my server' });
 * ```
 */
export function kxVerifierSuite(options: { profile: KxProfile; vectorsDir?: string | undefined }): Suite<VerifierCase, GeneratedKxTampering> {
  const { profile } = options;
  return {
    scheme: 'kx',
    role: 'verifier',
    settings: { profile },
    fixedCases: kxVerifierVectorCases(locateVectors(options.vectorsDir), profile),
    generated: { category: 'tampered', arbitrary: kxTamperings(), toCase: (value, caseId) => tamperedKxCase(value, caseId, profile) },
    judge: judgeVerifier,
  };
}

/** The suite that checks an xConnect verifier (a gateway or a mock): vectors, server checks and tampered requests. */
import type { XConnectVersion } from '@sigkit/signer';
import { locateVectors } from '../cases/locateVectors.js';
import { tamperedXConnectCase, xconnectTamperings, xconnectVerifierVectorCases, type GeneratedXConnectTampering } from '../cases/xconnectVerifierCases.js';
import { judgeVerifier, type VerifierCase } from '../judge/judgeVerifier.js';
import type { Suite } from '../run/suite.js';
import { checkedVersions } from './xconnectSigner.js';

/**
 * The xConnect verifier suite: the verifier accepts the versions given (default `[1]`, the strict
 * profile) and must rule on every case as the reference does.
 *
 * @example
 * ```ts
 * const report = await runSuite(xconnectVerifierSuite(), { exchange, subject: 'my gateway' });
 * ```
 */
export function xconnectVerifierSuite(options: { versions?: readonly XConnectVersion[]; vectorsDir?: string | undefined } = {}): Suite<VerifierCase, GeneratedXConnectTampering> {
  const versions = checkedVersions(options.versions);
  return {
    scheme: 'xconnect',
    role: 'verifier',
    settings: { versions },
    fixedCases: xconnectVerifierVectorCases(locateVectors(options.vectorsDir), versions),
    generated: { category: 'tampered', arbitrary: xconnectTamperings(versions), toCase: (value, caseId) => tamperedXConnectCase(value, caseId, versions) },
    judge: judgeVerifier,
  };
}

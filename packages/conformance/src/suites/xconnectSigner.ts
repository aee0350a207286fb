/** The suite that checks an xConnect client's signer: the vectors, then generated requests. */
import type { XConnectPlatform, XConnectVersion } from '@sigkit/signer';
import type { SearchBudget } from '@sigkit/signer/explain';
import { ConformanceError } from '../errors.js';
import { locateVectors } from '../cases/locateVectors.js';
import { generatedXConnectCase, xconnectRemovals, xconnectRequests, type GeneratedXConnectRequest } from '../cases/xconnectGenerated.js';
import { xconnectCaseRemovals, xconnectEdgeCases } from '../cases/xconnectEdgeCases.js';
import { xconnectVectorCases, type XConnectSignerCase } from '../cases/xconnectVectorCases.js';
import { judgeXConnectSigner } from '../judge/judgeXConnectSigner.js';
import type { Suite } from '../run/suite.js';

/** Options of {@link xconnectSignerSuite}. */
export interface XConnectSignerSuiteOptions {
  /** Signature versions the client implements (default `[1]`, the documented one). */
  versions?: readonly XConnectVersion[];
  /** The vectors folder (default: found by `locateVectors`). */
  vectorsDir?: string;
  /**
   * Whose rules a request sent must pass (default `'kit'`); `'moonstone'` also holds it to the
   * published platform's reading (docs/spec/xconnect.md §3b), see `judgeXConnectSigner`.
   */
  platform?: XConnectPlatform;
}

/**
 * The xConnect signer suite: every vector request of the chosen versions, the edge cases of those
 * versions (category `edge`, every input class of the spec), and generated requests
 * of those versions, each judged by {@link judgeXConnectSigner}.
 *
 * @example
 * ```ts
 * const report = await runSuite(xconnectSignerSuite(), { exchange, subject: 'in-process', cases: 2000, seed: 1 });
 * ```
 */
export function xconnectSignerSuite(options: XConnectSignerSuiteOptions = {}): Suite<XConnectSignerCase, GeneratedXConnectRequest> {
  const versions = checkedVersions(options.versions);
  // One budget for the run: pairs of catalogued mistakes, and the families, stop being searched once
  // they have explained none of this many rejections (the client's mistake is not one of them); the
  // timestamp rules proved on one client are not another run's hints.
  const searchBudget: SearchBudget = { pairs: 0, families: 0 };
  const startRun = () => {
    searchBudget.pairs = FRUITLESS_SEARCHES;
    searchBudget.families = FRUITLESS_SEARCHES;
    delete searchBudget.timestampRules;
  };
  startRun();
  return {
    scheme: 'xconnect',
    role: 'signer',
    settings: { versions },
    // The edge phase runs with the vectors, before the random phase (issue #14).
    fixedCases: [...xconnectVectorCases(locateVectors(options.vectorsDir), versions), ...xconnectEdgeCases(versions)],
    generated: { category: 'generated', arbitrary: xconnectRequests(versions), toCase: generatedXConnectCase, removals: xconnectRemovals },
    caseRemovals: xconnectCaseRemovals,
    judge: (testCase, reply) => judgeXConnectSigner(testCase, reply, { ...(options.platform !== undefined && { platform: options.platform }), searchBudget }),
    startRun,
  };
}

/** Rejections searched in vain for pairs of catalogued mistakes (or for family members) before a run stops that search. */
const FRUITLESS_SEARCHES = 32;

/** The distinct versions asked for (default `[1]`), or `INVALID_VERSIONS` when one is not 0, 1 or 2. @internal */
export function checkedVersions(versions: readonly XConnectVersion[] | undefined): XConnectVersion[] {
  const distinct = [...new Set<XConnectVersion>(versions ?? [1])];
  if (distinct.length === 0 || distinct.some((v) => v !== 0 && v !== 1 && v !== 2)) {
    throw new ConformanceError('INVALID_VERSIONS', `versions must be some of 0, 1, 2, got ${JSON.stringify(versions)}`, { expected: 'e.g. [1] or [0, 1, 2]' });
  }
  return distinct;
}

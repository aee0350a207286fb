/** Options shared by every way of running a check, and the suite they select. */
import { kxProfile, type KxProfile, type KxVariantName, type XConnectPlatform, type XConnectVersion } from '@sigkit/signer';
import { ConformanceError } from '../errors.js';
import type { Role, Scheme } from '../protocol/types.js';
import type { Progress } from '../run/runSuite.js';
import type { Suite } from '../run/suite.js';
import { kxSignerSuite } from '../suites/kxSigner.js';
import { kxVerifierSuite } from '../suites/kxVerifier.js';
import { xconnectSignerSuite } from '../suites/xconnectSigner.js';
import { xconnectVerifierSuite } from '../suites/xconnectVerifier.js';

/** What to check and how much. */
export interface CheckOptions {
  scheme: Scheme;
  /** Generated cases (default 2000; 0 for the fixed cases only: vectors and, for signers, edge cases). */
  cases?: number;
  /** Seed of the generated cases (default random; the report gives it for a re-run). */
  seed?: number;
  /** xConnect: the signature versions implemented (default `[1]`). */
  versions?: readonly XConnectVersion[];
  /**
   * xConnect signers: whose rules a request sent must pass (default `'kit'`); `'moonstone'` also holds
   * it to the published platform's reading (docs/spec/xconnect.md §3b), e.g. a body that is not UTF-8.
   * Whatever this says, a client that changes a request into one the platform refuses before any
   * check (a lower-cased method, a `;` added to the path) fails.
   */
  platform?: XConnectPlatform;
  /** KX Connect: the profile, as a variant name or knobs over the default (default: the kit's default profile). */
  profile?: KxVariantName | Partial<KxProfile>;
  /** The vectors folder (default: found on disk, see `locateVectors`). */
  vectorsDir?: string;
  /** Stop sending new cases after this long, ms. */
  timeLimitMs?: number;
  /** At most this many distinct failures are shrunk (default 5). */
  maxShrunkFailures?: number;
  onProgress?: (progress: Progress) => void;
}

/**
 * The suite for a scheme and role, validating the options first (`INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * const suite = suiteFor({ scheme: 'kx', profile: 'NoSeparator' }, 'signer');
 * ```
 */
export function suiteFor(options: CheckOptions, role: Role): Suite<never, never> {
  if (options === null || typeof options !== 'object') {
    throw new ConformanceError('INVALID_OPTIONS', 'options must be an object', { expected: "{ scheme: 'xconnect' | 'kx', … }" });
  }
  if (options.cases !== undefined && (!Number.isInteger(options.cases) || options.cases < 0)) {
    throw new ConformanceError('INVALID_OPTIONS', `cases must be a whole number >= 0, got ${String(options.cases)}`, { expected: 'e.g. 2000' });
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new ConformanceError('INVALID_OPTIONS', `seed must be an integer, got ${String(options.seed)}`, { expected: 'e.g. 42' });
  }
  const common = { vectorsDir: options.vectorsDir };
  let suite: Suite<never, never>;
  if (options.scheme === 'xconnect') {
    if (options.profile !== undefined) throw new ConformanceError('INVALID_OPTIONS', 'profile applies to KX Connect only', { expected: 'versions for xconnect' });
    if (options.platform !== undefined && options.platform !== 'kit' && options.platform !== 'moonstone') {
      throw new ConformanceError('INVALID_OPTIONS', `platform must be "kit" or "moonstone", got ${JSON.stringify(options.platform)}`, { expected: 'kit or moonstone' });
    }
    if (options.platform !== undefined && role !== 'signer') {
      throw new ConformanceError('INVALID_OPTIONS', 'platform applies to the xConnect signer check only', { expected: 'no platform for --role verifier' });
    }
    const xOptions = options.versions === undefined ? common : { ...common, versions: options.versions };
    suite = (role === 'signer'
      ? xconnectSignerSuite(options.platform === undefined ? xOptions : { ...xOptions, platform: options.platform })
      : xconnectVerifierSuite(xOptions)) as unknown as Suite<never, never>;
  } else if (options.scheme === 'kx') {
    if (options.versions !== undefined) throw new ConformanceError('INVALID_OPTIONS', 'versions apply to xConnect only', { expected: 'profile for kx' });
    if (options.platform !== undefined) throw new ConformanceError('INVALID_OPTIONS', 'platform applies to xConnect only', { expected: 'profile for kx' });
    const profile: KxProfile = kxProfile(options.profile);
    suite = (role === 'signer' ? kxSignerSuite({ ...common, profile }) : kxVerifierSuite({ ...common, profile })) as unknown as Suite<never, never>;
  } else {
    throw new ConformanceError('INVALID_OPTIONS', `scheme must be "xconnect" or "kx", got ${JSON.stringify((options as { scheme?: unknown }).scheme)}`, {
      expected: 'xconnect or kx',
    });
  }
  return suite;
}

/** The typed error every public function of @sigkit/conformance throws when its input cannot be used. */
import { SigkitError } from '@sigkit/signer';

/**
 * An unusable argument or environment: bad options, a capture that cannot be read, vectors that
 * cannot be found, an adapter that cannot be started. `code` is stable; `message` says what was
 * wrong; `expected` what would work.
 *
 * @example
 * ```ts
 * try { parseCapture(text); }
 * catch (e) { if (e instanceof ConformanceError) console.error(`${e.code}: ${e.message}`); }
 * ```
 */
export class ConformanceError extends SigkitError {}

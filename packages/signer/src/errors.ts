/** Typed errors thrown by every public function of the signer when its input cannot be used. */

/**
 * Base class of every error sigkit throws on purpose. `code` is stable and machine-readable;
 * `message` says what was wrong and what was expected.
 *
 * @example
 * ```ts
 * try { signXConnectRequest({ ...input, apiKey: '' }); }
 * catch (e) { if (e instanceof SigkitError) console.error(e.code, e.message); }
 * ```
 */
export class SigkitError extends Error {
  /** Stable upper-snake-case identifier, e.g. `EMPTY_API_KEY`. */
  readonly code: string;
  /** What a valid value looks like, when that helps the caller fix the input. */
  readonly expected?: string;

  constructor(code: string, message: string, options?: { expected?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options?.expected !== undefined) this.expected = options.expected;
  }
}

/** An argument is missing, empty, of the wrong type or in the wrong format. */
export class SigkitInputError extends SigkitError {}

/** A timestamp or date string could not be parsed in the format the scheme requires. */
export class SigkitDateError extends SigkitInputError {}

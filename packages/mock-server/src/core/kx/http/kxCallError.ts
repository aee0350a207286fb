/** An error a KX Connect route or analytic raises to answer 4xx in the platform's envelope. */

/**
 * Thrown by a route or an analytic to answer with `status` and `error: message` in the KX
 * envelope (docs/spec/kx-connect.md §2). `param` names the offending parameter of a 400.
 *
 * @example
 * ```ts
 * throw new KxCallError(403, 'user kxSupport may not call analytics of group monPublic');
 * ```
 */
export class KxCallError extends Error {
  readonly status: number;
  /** The parameter at fault, when there is one. */
  readonly param: string | undefined;

  constructor(status: number, message: string, param?: string) {
    super(message);
    this.name = 'KxCallError';
    this.status = status;
    this.param = param;
  }
}

/**
 * A bad analytic parameter: a 400 whose message starts with the parameter's name.
 *
 * @example
 * ```ts
 * throw new KxParamError('bucket', 'must be a whole number of minutes from 1 to 10080, got 0');
 * // error: "bucket must be a whole number of minutes from 1 to 10080, got 0"
 * ```
 */
export class KxParamError extends KxCallError {
  constructor(param: string, problem: string) {
    super(400, `${param} ${problem}`, param);
    this.name = 'KxParamError';
  }
}

/** The result shape every verifier returns. */

/**
 * The outcome of verifying one request. `ok` is true only when the request would be let in.
 * `code` names the check that decided (one per row of the server's check table); `serverMessage`
 * is what the production server answered; `message` is a sentence for a human explaining why.
 */
export interface Verdict<TExpected, TProvided, TCode extends string = string> {
  /** The request passes every check. */
  ok: boolean;
  /** The deciding check, e.g. `signature_mismatch`, or `ok`. */
  code: TCode;
  /** A sentence saying what was wrong and what was expected. */
  message: string;
  /** What the production server put in its answer for this outcome (e.g. `Not Authorized`). */
  serverMessage: string;
  /** HTTP status the production server answered with (200 when ok). */
  status: number;
  /** Every intermediate value the server computed, when verification got that far. */
  expected?: TExpected;
  /** What the client sent, as the server read it. */
  provided: TProvided;
}

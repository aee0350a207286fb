/** The error a command throws when the user's input cannot be used; `bin.ts` prints its one-line message. */

/** A user-facing failure: printed as one line, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

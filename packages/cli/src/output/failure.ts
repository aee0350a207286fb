/** How the platform commands (kx, xconnect, sign) report a failure: one line on stderr, and an exit status that says what kind. */
import { SigkitError, SigkitInputError } from '@sigkit/signer';
import { PlatformError, type MockDiagnosis } from '@sigkit/signer/client';

/** Exit statuses: 0 done, 1 the platform refused or could not be reached (or a file could not be written), 2 the command line cannot be used. */
export const EXIT_STATUS = { ok: 0, failed: 1, usage: 2 } as const;

/** The command line cannot be used as given (conflicting or missing options): exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command knew when it failed, to make the line more useful. */
export interface FailureContext {
  /** The platform's base URL: a mock's journal is read from there (`sigkit explain --journal N --mock-url URL`). */
  baseUrl?: string;
}

// Where `sigkit explain --journal` looks unless told otherwise (its --mock-url default).
const EXPLAIN_DEFAULT_MOCK_URL = 'http://127.0.0.1:8080';

/** Where a failure is reported and how the command ends. @internal */
export interface FailureSink {
  stderr: { write(text: string): unknown };
  setExitCode(code: number): void;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The mock's diagnosis in a sentence: its check, its explanation, the known mistake and the journal entry. @internal */
export function describeDiagnosis(diagnosis: MockDiagnosis, context: FailureContext = {}): string {
  const parts = [`sigkit mock: ${diagnosis.code}: ${diagnosis.message}`];
  const flags = diagnosis.deviation?.flags ?? [];
  if (flags.length > 0 && !flags.every((flag) => diagnosis.message.includes(flag))) parts.push(`reproduced by ${flags.join(' + ')}`);
  if (typeof diagnosis.journalId === 'number') {
    const mockUrl = context.baseUrl !== undefined && context.baseUrl !== EXPLAIN_DEFAULT_MOCK_URL ? ` --mock-url ${context.baseUrl}` : '';
    parts.push(`journal entry ${diagnosis.journalId} (sigkit explain --journal ${diagnosis.journalId}${mockUrl})`);
  }
  return parts.join('; ');
}

/**
 * The one line and exit status for any error a platform command meets: a usage error or unusable
 * input (2, with what was expected), a platform rejection with the mock's diagnosis when there is
 * one (1), an unreachable platform or anything else (1).
 *
 * @example
 * ```ts
 * describeFailure(new UsageError('give --api-key with --secret-key')); // { line: 'give --api-key with --secret-key', exitCode: 2 }
 * ```
 */
export function describeFailure(error: unknown, context: FailureContext = {}): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: oneLine(error.message), exitCode: EXIT_STATUS.usage };
  if (error instanceof PlatformError) {
    const text = error.diagnosis && typeof error.diagnosis.code === 'string' ? `${error.message}; ${describeDiagnosis(error.diagnosis, context)}` : error.message;
    return { line: oneLine(text), exitCode: EXIT_STATUS.failed };
  }
  if (error instanceof SigkitInputError) {
    return { line: oneLine(`${error.message}${error.expected ? ` (expected ${error.expected})` : ''}`), exitCode: EXIT_STATUS.usage };
  }
  if (error instanceof SigkitError || error instanceof Error) return { line: oneLine(error.message), exitCode: EXIT_STATUS.failed };
  return { line: oneLine(String(error)), exitCode: EXIT_STATUS.failed };
}

/** Prints `sigkit <command>: <line>` to stderr and sets the exit status. */
export function reportFailure(sink: FailureSink, command: string, error: unknown, context: FailureContext = {}): void {
  const { line, exitCode } = describeFailure(error, context);
  sink.stderr.write(`sigkit ${command}: ${line}\n`);
  sink.setExitCode(exitCode);
}

/** A journal entry explained by the same explainer, into the same text, as `sigkit explain --journal`; the secret stays in the mock (issue #18). */
import { headerValue, SigkitError } from '@sigkit/signer';
import type * as Explainer from '@sigkit/signer/explain';
import type { CaptureExplanation, JournalEntryJson } from '@sigkit/signer/explain';
import { AdminError } from '../admin/adminRoute.js';
import type { JournalEntry } from './journal.js';

// The explainer is loaded when an explanation is first asked for, not when the mock starts.
let explainer: typeof Explainer | undefined;

/** The admin paths whose answers need the explainer, loaded by {@link loadExplainer} before they are served. */
export const EXPLAINING_PATH = /^\/__sigkit\/(?:journal\/[^/]+\/explain|ui\/api\/entries\/[^/]+)$/;

/** Loads the explainer once; the mock's start-up does without it (`sigkit mock` starts faster). */
export async function loadExplainer(): Promise<void> {
  explainer ??= await import('@sigkit/signer/explain');
}

/** What `GET /__sigkit/journal/{id}/explain` answers. */
export interface EntryExplanation {
  /** The explanation as `sigkit explain --journal {id} --json` prints it. */
  explanation: CaptureExplanation;
  /** The explanation as `sigkit explain --journal {id}` prints it, without colours. */
  text: string;
}

/**
 * Explains a journal entry with the xConnect secret the mock holds for the entry's api key; a KX
 * entry is explained from the mock's recorded diagnosis, as the CLI does without `--session-id`.
 * Needs {@link loadExplainer} to have run. Throws {@link AdminError} 422 when the entry cannot be explained (no signing scheme, a body the
 * journal kept only in part or redacted, an api key the mock does not hold), with the reason.
 *
 * @example
 * ```ts
 * const { text } = explainJournalEntry(core.journal.get(12)!, (apiKey) => core.credentials.get(apiKey)?.secretKey);
 * ```
 */
export function explainJournalEntry(entry: JournalEntry, secretOf: (apiKey: string) => string | undefined): EntryExplanation {
  if (!explainer) throw new AdminError(503, 'explainer_not_loaded', 'the explainer is not loaded: call loadExplainer() first (the mock does, for the paths EXPLAINING_PATH matches)');
  const { capturedFromJournalEntry, explainCapture, formatExplanation } = explainer;
  try {
    const captured = capturedFromJournalEntry(entry as unknown as JournalEntryJson, entry.id);
    const scheme = entry.verdict?.scheme === 'kx' || entry.verdict?.scheme === 'xconnect' ? entry.verdict.scheme : undefined;
    const apiKey = headerValue(captured.headers, 'x-arrow-apikey');
    const secretKey = apiKey === undefined ? undefined : secretOf(apiKey);
    if (entry.body.redacted && scheme !== 'kx') {
      // The signature covers the body the client sent, and the journal no longer has it whole.
      throw new AdminError(422, 'body_redacted', `the journal redacted secrets in the body of entry ${entry.id}, which the signature covers: it cannot be recomputed (the mock's verdict: ${entry.verdict?.code ?? 'none'})`);
    }
    const explanation = explainCapture(captured, secretKey === undefined ? {} : { secretKey }, scheme === undefined ? {} : { scheme });
    return { explanation, text: formatExplanation(explanation) };
  } catch (error) {
    if (!(error instanceof SigkitError)) throw error;
    const message = error.code === 'MISSING_CREDENTIALS' ? `the mock holds no secret for this entry's api key: ${error.message}` : error.message;
    throw new AdminError(422, error.code.toLowerCase(), message);
  }
}

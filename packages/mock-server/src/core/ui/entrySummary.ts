/** The live log's entry summary, in a file without imports: the inspector's page, type-checked without Node's types, reads it too. */

/** One journal entry as the live log shows it: enough for a row and its filters, nothing secret. */
export interface EntrySummary {
  id: number;
  time: string;
  /** The scheme that judged it (`xconnect`, `kx`), else the platform that served it, else null. */
  scheme: string | null;
  method: string;
  path: string;
  target: string;
  /** Null when the connection was destroyed. */
  status: number | null;
  /** The verdict's ok, null when nothing was verified. */
  ok: boolean | null;
  /** The verdict code (`signature_mismatch`), null when nothing was verified. */
  code: string | null;
  /** The named mistakes that reproduce a rejected signature (`CrlfQueryLines`), empty when none is known. */
  mistakes: string[];
  /** The applied fault's label or id, if any. */
  fault: string | null;
  durationMs: number;
}

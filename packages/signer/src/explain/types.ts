/** The shape of a diagnosis: what the reference computed, what the implementation did, and where they part. */
import type { KxFamilyMember } from './kxFamilies.js';
import type { DiffLine } from './lineDiff.js';
import type { XConnectFamilyMember } from './xconnectFamilies.js';

/** One intermediate value, expected beside provided. */
export interface StepComparison {
  /** The step of the algorithm it belongs to (xConnect: `query lines`, `signing key`…; KX: `body digest`, `joiner`…). */
  step: string;
  /** The value's name, as in the vectors' `expected` (`canonicalRequest`, `signingKey`…) or a header name. */
  field: string;
  expected: string;
  /** Absent when the implementation did not say and no known deviation reproduces it. */
  provided?: string;
  /** Whether both are known and equal. */
  same: boolean;
}

/** A known deviation (or set of them) that reproduces what the implementation sent. */
export interface DeviationMatch {
  flags: string[];
  /** The steps the deviation changes. */
  steps: string[];
  bugType: string;
  description: string;
  /** Which member of a family of mistakes it is, for a family name (or a catalogue flag with variants), so that it can be replayed on other requests. */
  member?: XConnectFamilyMember | KxFamilyMember;
}

/**
 * Why a request failed, step by step. `source` says where the provided intermediates come from:
 * the adapter's own `intermediates`, the trace of the deviation that reproduces its signature, or
 * nowhere (only what travelled on the wire).
 */
export interface Diagnosis {
  /** The reference verifier's ruling on the request sent. */
  verdict?: { code: string; message: string };
  source: 'adapter' | 'deviation' | 'wire';
  /** The first step, in algorithm order, whose value differs. */
  firstDifferingStep?: string;
  steps: StepComparison[];
  /** A line diff of the canonical request (xConnect) or string to sign (KX), expected against provided. */
  diff?: { field: string; lines: DiffLine[] };
  deviations: DeviationMatch[];
  /** One or two sentences for a human. */
  summary: string;
}

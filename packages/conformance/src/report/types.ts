/** The report of one conformance run: what `checkClient`, `checkAdapter` and `sigkit check` return (schema: report.schema.json). */
import type { KxProfile, XConnectVersion } from '@sigkit/signer';
import type { Diagnosis } from '@sigkit/signer/explain';
import type { FailureKind } from '../judge/outcome.js';
import type { ProtocolRequest, Role, Scheme } from '../protocol/types.js';

/** The version of this report's shape; bumped on any incompatible change. */
export const REPORT_VERSION = 1;

/** The whole report. `ok` is true only when every case ran and passed. */
export interface ConformanceReport {
  reportVersion: typeof REPORT_VERSION;
  ok: boolean;
  scheme: Scheme;
  role: Role;
  /** What was checked: the adapter command, or `in-process`. */
  subject: string;
  /** The seed of the generated cases: the same seed and case count give the same cases. */
  seed: number;
  /** How many cases were generated. */
  generatedCases: number;
  settings: { versions?: XConnectVersion[]; profile?: KxProfile };
  startedAt: string;
  durationMs: number;
  /** One row per category (`vectors`, `deviation vectors`, `generated`, …). */
  categories: CategorySummary[];
  /** Every fixed case (vectors) and every failing generated case (at most 200 of those). */
  cases: CaseRecord[];
  /** One entry per distinct cause, smallest counterexample first. */
  failures: FailureReport[];
  /** Set when the run could not finish (the adapter could not be started or kept running). */
  fatal: { message: string } | null;
}

/** Counts of one category. */
export interface CategorySummary {
  name: string;
  total: number;
  passed: number;
  failed: number;
  /** Cases never answered because the run stopped. */
  notRun: number;
}

/** One case's result. */
export interface CaseRecord {
  category: string;
  caseId: string;
  title: string;
  flags: string[];
  status: 'passed' | 'failed' | 'not run';
  /** The `classKey` of its failure, linking it to an entry of `failures`. */
  failure?: string;
}

/** One cause of failure, with the smallest case that shows it. */
export interface FailureReport {
  classKey: string;
  kind: FailureKind;
  headline: string;
  message: string;
  /** Deviation flags reproducing it (signer), or the flag of the invalid request accepted (verifier). */
  flags: string[];
  /** The first step that differs, when known. */
  step?: string;
  /** How many cases failed this way. */
  occurrences: number;
  byCategory: Record<string, number>;
  /** Up to 20 of the failing case ids. */
  caseIds: string[];
  counterexample: Counterexample;
}

/** The case that shows a failure best: shrunk to a minimum for generated cases. */
export interface Counterexample {
  caseId: string;
  category: string;
  title: string;
  /** Set when fast-check shrank a generated case into this one. */
  shrunk: { from: string; steps: number } | null;
  /** The line sent. */
  request: ProtocolRequest;
  /** The answer, in protocol form (`null` when there was none). */
  answer: AnswerRecord | null;
  message: string;
  diagnosis?: Diagnosis;
}

/** An answer as the report keeps it (bodies as text or Base64, like the protocol). */
export type AnswerRecord =
  | { method: string; target: string; headers: Record<string, string>; body?: string; bodyBase64?: string; intermediates?: Record<string, unknown> }
  | { valid: boolean; reason?: string }
  | { error: { message: string; code?: string } }
  | { problem: string; message: string };

/**
 * @sigkit/conformance: checks any client's signer (or any server's verifier) of the xConnect and
 * KX Connect schemes against the published vectors and property-generated cases, shrinks failures
 * to minimal counterexamples, and explains each one step by step.
 */
export { ConformanceError } from './errors.js';

// Running a check (in process, or through an adapter process of any language).
export { checkClient, type CheckClientOptions } from './api/checkClient.js';
export { checkVerifier, type CheckVerifierOptions } from './api/checkVerifier.js';
export { checkAdapter, type CheckAdapterOptions } from './api/checkAdapter.js';
export { suiteFor, type CheckOptions } from './api/options.js';
export { inProcessExchange } from './api/inProcessExchange.js';
export { startAdapter, type AdapterOptions, type AdapterProcess, type AdapterStats } from './adapter/startAdapter.js';
export { runSuite, type Progress, type RunSuiteOptions } from './run/runSuite.js';
export type { Suite } from './run/suite.js';
export { xconnectSignerSuite, type XConnectSignerSuiteOptions } from './suites/xconnectSigner.js';
export { kxSignerSuite } from './suites/kxSigner.js';
export { xconnectVerifierSuite } from './suites/xconnectVerifier.js';
export { kxVerifierSuite } from './suites/kxVerifier.js';

// The adapter protocol (PROTOCOL.md).
export type {
  BodyFields,
  ErrorReply,
  Exchange,
  KxSignRequest,
  KxVerifyRequest,
  ProblemReply,
  ProtocolRequest,
  Reply,
  Role,
  Scheme,
  SignRequest,
  SignedReply,
  SignedWire,
  VerdictReply,
  VerifierAnswer,
  VerifyRequest,
  WireMessage,
  XConnectSignRequest,
  XConnectVerifyRequest,
} from './protocol/types.js';
export { bodyBytesOf, bodyFields } from './protocol/bodyEncoding.js';
export { readAnswer } from './protocol/readAnswer.js';

// Cases and judges, for custom suites.
export type { CheckCase } from './cases/checkCase.js';
export { locateVectors } from './cases/locateVectors.js';
export type { CaseFailure, FailureKind, Outcome } from './judge/outcome.js';

// Diagnosis.
// Diagnosis and explanation live in @sigkit/signer/explain (the mock explains with them too); they
// are exported here as well, as they were before they moved.
export {
  diagnoseXConnect,
  XCONNECT_STEPS,
  type XConnectAsked,
  diagnoseKx,
  KX_STEPS,
  type KxAsked,
  lineDiff,
  type DiffLine,
  showInvisible,
  type DeviationMatch,
  type Diagnosis,
  type StepComparison,
  formatDiagnosis,
  explainCapture,
  type CaptureExplanation,
  type ExplainCredentials,
  formatExplanation,
  explainRecordedKx,
} from '@sigkit/signer/explain';

// Reports.
export { REPORT_VERSION } from './report/types.js';
export type { AnswerRecord, CaseRecord, CategorySummary, ConformanceReport, Counterexample, FailureReport } from './report/types.js';
export { formatReport, formatFailure, type FormatOptions } from './report/formatReport.js';
export { toJson } from './report/toJson.js';
export { toJunit } from './report/toJunit.js';

// Explaining captured requests.
export type { CapturedRequest, RecordedExchange } from './capture/types.js';
export { parseRawHttp } from './capture/parseRawHttp.js';
export { parseCurl } from './capture/parseCurl.js';
export { parseHar } from './capture/parseHar.js';
export { capturedFromJournalEntry, fetchJournalEntry, fetchJournalExplanation, fetchJournalRecord, DEFAULT_MOCK_URL, type JournalEntryJson } from './capture/fetchJournalEntry.js';
export { journalEntryToCurl, type CurlCommand } from './capture/toCurl.js';
export { readCapture, type CaptureFormat } from './capture/readCapture.js';
export { checkLive, type CheckLiveOptions, type LiveRejection, type LiveReport } from './live/checkLive.js';

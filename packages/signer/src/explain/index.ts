/**
 * @sigkit/signer/explain: why a signature differs. Recomputes the reference trace of a request
 * beside what the client signed, finds the first differing step, and names the known mistake that
 * reproduces the client's signature (a catalogued deviation, or a member of a searched family).
 * The CLI's `sigkit explain`, the conformance checker, the mock's inspector and its admin API all
 * explain with this module, so they say the same thing.
 *
 * @example
 * ```ts
 * import { explainCapture, formatExplanation } from '@sigkit/signer/explain';
 * const why = explainCapture({ method: 'GET', target: '/api/v1/kronos/gateways', headers, body: new Uint8Array(), source: 'my test' }, { secretKey });
 * console.log(formatExplanation(why));
 * ```
 */
export { bodyFields, type BodyFields, type CapturedRequest, type RecordedExchange, type Scheme } from './capture.js';
export { capturedFromJournalEntry, type JournalBody, type JournalEntryJson } from './journalEntry.js';
export { diagnoseXConnect, stepOfCanonicalDifference, XCONNECT_STEPS, type SearchBudget, type XConnectAsked } from './diagnoseXConnect.js';
export { diagnoseKx, KX_STEPS, type KxAsked } from './diagnoseKx.js';
export {
  familyMemberOfTrace,
  findXConnectFamilies,
  respellTimestamp,
  signXConnectFamilyMember,
  timestampRespellings,
  timestampRulesBetween,
  SEPARATORS,
  ZERO_ZONES,
  type FamilyInputs,
  type FamilyMatch,
  type TimestampRule,
  type XConnectFamilyMember,
  type XConnectReplayMember,
} from './xconnectFamilies.js';
export { findKxFamilies, signKxFamilyMember, type KxFamilyMatch, type KxFamilyMember, type KxSpelling } from './kxFamilies.js';
export { lineDiff, type DiffLine } from './lineDiff.js';
export { showInvisible } from './showInvisible.js';
export type { DeviationMatch, Diagnosis, StepComparison } from './types.js';
export { formatDiagnosis, shortValue, wrapWords, PLAIN, type Painter } from './formatDiagnosis.js';
export { explainCapture, type CaptureExplanation, type ExplainCredentials } from './explainCapture.js';
export { explainRecordedKx } from './explainRecordedKx.js';
export { formatExplanation } from './formatExplanation.js';

/** The verifying proxy's transport-free logic: local verdicts, KX sessions learned from logins, the comparison with the target, journal entries and the HAR recording. */
export { createLocalVerifier, type LocalVerdict, type LocalVerifier, type PassingRequest } from './localVerdict.js';
export { createLearnedKxSessions, MAX_LEARNED_KX_SESSIONS, type LearnedKxSessions } from './learnedKxSessions.js';
export { compareWithTarget, comparisonJson, type ProxyFinding, type TargetComparison } from './targetComparison.js';
export { proxyJournalEntry, type ProxyExchange, type ProxyJournalEntry } from './proxyJournalEntry.js';
export { createHarRecorder, DEFAULT_RECORD_BODY_LIMIT, type HarRecorder } from './harRecorder.js';
export { createRequestBodyTap, type BodyTapScheme, type RequestBodyTap, type StreamedBody } from './requestBodyTap.js';
export { createKxBodyFieldReader, type KxBodyFieldReader } from './kxBodyFields.js';
export { bodyNotHeldNote, verifyStreamedKx, verifyStreamedXConnect } from './streamedVerdict.js';

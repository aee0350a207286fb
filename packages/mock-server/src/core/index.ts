/** @sigkit/mock-server/core: the platform-neutral mock of xConnect and KX Connect (no HTTP framework); adapters translate requests to `core.handle`. */
export { createMockCore, JOURNAL_ID_HEADER, type MockCore } from './createMockCore.js';
export {
  resolveMockCoreOptions,
  DEFAULT_BODY_LIMIT,
  DEFAULT_JOURNAL_BODY_LIMIT,
  DEFAULT_SEED,
  type MockCoreOptions,
  type ResolvedMockCoreOptions,
} from './config/coreOptions.js';
export { parseMockConfig, type MockConfig, type MockConfigTls } from './config/mockConfig.js';
export { MockInputError } from './input/readInput.js';
export { OPENAPI_DOCUMENTS, OPENAPI_DOCUMENT_NAMES, OPENAPI_PATH, openApiAnswer, type OpenApiDocumentName } from './openapi/openApiDocuments.js';
export { OPENAPI_RECORD_VARIABLE } from './openapi/responseRecorder.js';
export { createCorsPolicy, parseCorsOption, CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_MAX_AGE_SECONDS, type CorsOption, type CorsPolicy } from './cors/cors.js';
export { createAdminAccess, isLoopbackHost, parseAdminToken, ADMIN_TOKEN_COOKIE, ADMIN_TOKEN_HEADER, type AdminAccess, type AdminAccessOptions } from './admin/adminGuard.js';
export { EVICTED_HEADER } from './platform/evictedHeader.js';
export type { JsonObject, JsonValue, MockDestroyConnection, MockEventStream, MockHttpResponse, MockRequest, MockRequestHeaders, MockResponse } from './http/types.js';
export { responseBodyBytes, responseBodyPayload, JSON_CONTENT_TYPE } from './http/responses.js';
export { parseRequestTarget, type ParsedTarget } from './http/requestTarget.js';
export { createJournal, DEFAULT_JOURNAL_MAX_BYTES, DEFAULT_JOURNAL_SIZE, type Journal, type JournalEntry, type JournalFilter, type JournalStats, type JournalVerdict } from './journal/journal.js';
export type { RecordedBody } from './journal/recordBody.js';
export { journalToHar, type HarEntry, type HarLog, type HarNameValue } from './journal/har.js';
export { REDACTED_HEADERS } from './journal/redact.js';
export { createFaultStore, parseFaultInput, type AppliedFault, type FaultInput, type FaultRule, type FaultStore } from './faults/faults.js';
export { createMockClock, DEFAULT_CLOCK_WINDOW_SECONDS, type MockClock, type MockClockOptions, type MockClockState } from './clock/clock.js';
export {
  createCredentialStore,
  parseCredentialInput,
  GUIDE_CREDENTIAL,
  type CredentialStore,
  type MockCredential,
  type MockCredentialInput,
  type MockCredentialPatch,
} from './credentials/credentials.js';
export { GUIDE_API_KEY, GUIDE_SECRET_KEY } from './credentials/guideCredentials.js';
export { INSPECTOR_CSP, inspectorAssetsFrom, inspectorAssetsReadOnce, type InspectorAssets } from './ui/inspectorAssets.js';
export { journalEventStream, type EntrySummary } from './ui/liveEvents.js';
export type { EntryView, NamedMistake, ComparedText } from './ui/entryView.js';
export { ADMIN_PREFIX, ADMIN_ROUTE_SUMMARY, adminRouteSummary } from './admin/adminApi.js';
export { AdminError, adminJsonBody, type AdminRouteAnswer, type AdminRouteContext, type PlatformAdminRoute } from './admin/adminRoute.js';
export { MOCK_PROFILES, type MockProfile } from './platform/profile.js';
export type { PlatformExchange, PlatformModule, PlatformRequest, PlatformServices } from './platform/platformModule.js';
export * from './xconnect/index.js';
export * from './kx/index.js';
export * from './proxy/index.js';
export * from './replay/index.js';

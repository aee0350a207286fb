/** The KX Connect platform module of the mock: login and sessions, verification with diagnosis, and analytics (docs/spec/kx-connect.md). */
export { createKxModule, type KxModule } from './kxModule.js';
export {
  DEFAULT_MAX_ROWS,
  DEFAULT_MAX_SESSIONS_PER_USER,
  DEFAULT_SESSION_IDLE_MINUTES,
  parseKxOptions,
  resolveKxOptions,
  type KxOptions,
  type ResolvedKxOptions,
} from './config/kxOptions.js';
export { KX_PROFILE_NAMES, kxProfileName, resolveKxProfileOption, type KxProfileOption } from './config/profileOption.js';
export { KX_AUTH_GROUP, KX_LOGIN_ROUTE, KX_LOGOUT_ROUTE, KX_PREFIX, parseKxCallPath, type KxCallName } from './http/callPath.js';
export { kxEcho, kxFailure, kxSuccess, type KxEcho } from './http/envelope.js';
export { KxCallError, KxParamError } from './http/kxCallError.js';
export { readKxCallParams } from './http/callParams.js';
export { KX_INVALID_CREDENTIALS } from './login/judgeLogin.js';
export { createKxUserStore, MAX_KX_USERS, parseKxUserInput, type KxUser, type KxUserInput, type KxUserStore, type KxUserView } from './users/userStore.js';
export { KX_GUIDE_USERS } from './users/guideUsers.js';
export { createKxSessionStore, type KxSession, type KxSessionStore, type KxSessionStoreOptions, type KxSessionView } from './sessions/sessionStore.js';
export { KX_EXPLAIN_BODY_LIMIT, verifyKxForMock, type KxDeviation, type KxDiagnosis, type KxMockVerdict } from './verify/verifyKxCall.js';
export type { KxAnalytic, KxAnalyticContext, KxAnalyticHandler, KxAnalyticInfo, KxAnalyticSource } from './analytics/analyticTypes.js';
export { createKxAnalyticRegistry, type KxAnalyticListing, type KxAnalyticRegistry } from './analytics/registry.js';
export { checkKxParams, readKxSyms, readKxTime, readKxTimeRange, readKxWholeNumber, type KxTimeRange } from './analytics/params.js';
export { parseIsoTime } from './analytics/isoTime.js';
export { MAX_STATIC_ROWS, parseKxStaticAnalytic, staticTableHandler, type KxStaticAnalyticInput } from './analytics/staticTable.js';
export { DEFAULT_KX_SERVERS } from './monitoring/servers.js';
export { serverTraits, HEAP_BLOCK_BYTES, type ServerTraits } from './monitoring/serverTraits.js';
export { MEMORY_METRICS, memorySample, monitorMetric, type MemorySample, type MonitorMetric, type MonitorSample } from './monitoring/samples.js';
export { DEFAULT_RANGE_MINUTES } from './monitoring/monitorQuery.js';
export { DEFAULT_BUCKET_MINUTES, MAX_BUCKET_MINUTES, SAMPLES_PER_ROW_LIMIT } from './monitoring/getMemBucket.js';
export { LOAD_WINDOW_MINUTES } from './monitoring/getAvgLoad.js';
export { MON_PUBLIC_ANALYTICS, MON_PUBLIC_GROUP } from './monitoring/monPublic.js';

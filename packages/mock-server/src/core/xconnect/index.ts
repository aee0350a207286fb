/** The xConnect (Kronos) platform module of the mock: verification, seeded data and the API of docs/spec/xconnect.md §5. */
export { createXConnectModule, XCONNECT_PREFIX, XCONNECT_ROUTES, type XConnectModule, type XConnectModuleOptions } from './xconnectModule.js';
export { verifyXConnectForMock, EXPLAIN_BODY_LIMIT, type XConnectDiagnosis, type XConnectMockVerdict } from './verifyRequest.js';
export { XConnectApiError, springErrorBody } from './errors.js';
export { DEFAULT_DATASET_SIZE, generateSeededDataset, type DatasetSize, type SeededDataset } from './data/seededDataset.js';
export { DEFAULT_STORE_LIMITS, createXConnectStore, type StoreLimits, type XConnectStore } from './data/store.js';
export { DEVICE_TYPES, type DeviceTypeSpec, type TelemetrySpec, type TelemetryModel } from './data/deviceTypes.js';
export { generatedTelemetryValue, telemetryGrid, type TelemetryGrid } from './data/generatedTelemetry.js';
export type { DeviceRecord, GatewayRecord, GatewayType } from './data/records.js';
export type { TelemetryItem, TelemetryType } from './data/telemetryItem.js';

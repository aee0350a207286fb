/** `@sigkit/signer/client`: typed xConnect and KX Connect clients over the global `fetch`, signing with the reference signer. */
export { createXConnectClient, type Device, type Gateway, type Page, type QueryValues, type TelemetryItem, type XConnectClient, type XConnectClientOptions } from './xconnectClient.js';
export { createKxConnectClient, type KxAnswer, type KxConnectClient, type KxConnectClientOptions } from './kxClient.js';
export { PlatformError, PlatformUnreachableError, type MockDiagnosis } from './platformError.js';
export type { FetchLike } from './sendRequest.js';

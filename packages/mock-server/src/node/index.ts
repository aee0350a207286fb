/** Node-only pieces of the mock: the HTTP server without Express up front, the config file loader and TLS material. */
export { loadMockConfigFile } from './loadConfigFile.js';
export { generateSelfSignedCertificate, readTlsFiles, resolveTlsMaterial, type MockTlsOptions, type TlsMaterial } from './tlsCredentials.js';
export { createNodeMockServer, DEFAULT_HOST, DEFAULT_PORT, type MockHttpServer, type MockServerAddress, type MockServerOptions } from './mockHttpServer.js';
export { sendMockResponse } from './nodeRequests.js';
export { loadInspectorAssets } from './inspectorAssets.js';
export { createProxy, DEFAULT_PROXY_TIMEOUT_MS, type ProxyOptions, type VerifyingProxy } from './proxy/index.js';

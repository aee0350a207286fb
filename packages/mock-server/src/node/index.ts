/** Node-only helpers of the mock: the config file loader and TLS material. */
export { loadMockConfigFile } from './loadConfigFile.js';
export { generateSelfSignedCertificate, readTlsFiles, resolveTlsMaterial, type MockTlsOptions, type TlsMaterial } from './tlsCredentials.js';

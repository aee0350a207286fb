/** @sigkit/mock-server/express: the Express 5 adapter over the mock core. */
export { createMockServer, DEFAULT_HOST, DEFAULT_PORT, type MockServer, type MockServerAddress, type MockServerOptions } from './createMockServer.js';
export { createExpressApp, mockCoreMiddleware } from './expressApp.js';
export { sendMockResponse } from '../node/nodeRequests.js';

/** @sigkit/mock-server/msw: MSW handlers over the mock core, for tests that exercise a client with no port at all. */
export { createHandlers, type CreateHandlersOptions, type MockHandlers } from './createHandlers.js';
export { fetchToMockRequest, mockResponseToFetch } from './fetchExchange.js';

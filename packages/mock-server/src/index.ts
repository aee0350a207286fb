/** @sigkit/mock-server: a mock xConnect platform that verifies every signature, with a request journal, faults and an admin API. */
export * from './core/index.js';
export * from './express/index.js';
export * from './node/index.js';

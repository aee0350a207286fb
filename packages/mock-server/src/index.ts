/** @sigkit/mock-server: mock xConnect and KX Connect platforms that verify every signature, with a request journal, faults and an admin API (MSW handlers: `@sigkit/mock-server/msw`). */
export * from './core/index.js';
export * from './express/index.js';
export * from './node/index.js';

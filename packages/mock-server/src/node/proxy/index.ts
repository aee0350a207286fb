/** The verifying proxy's Node transport. */
export { createProxy, DEFAULT_PROXY_TIMEOUT_MS, PROXY_HELD_BODY_LIMIT, type ProxyOptions, type VerifyingProxy } from './createProxy.js';

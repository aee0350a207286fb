/** The verifying proxy's Node transport. */
export { createProxy, DEFAULT_PROXY_TIMEOUT_MS, type ProxyOptions, type VerifyingProxy } from './createProxy.js';

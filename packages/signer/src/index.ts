/** @sigkit/signer: reference signer, verifier and mistake explainer for xConnect and KX Connect. No runtime dependencies. */
export { SigkitError, SigkitInputError, SigkitDateError } from './errors.js';
export type { WireRequest } from './shared/wire.js';
export type { Verdict } from './shared/verdict.js';
export * from './xconnect/index.js';

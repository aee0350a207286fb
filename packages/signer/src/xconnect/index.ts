/** The xConnect (Arrow Connect / Konexios "Kronos") signing scheme: steps, signer, verifier, deviations, explainer. */
export type { QueryParam, XConnectCredentials, XConnectHeaders, XConnectPlatform, XConnectTrace, XConnectVersion } from './types.js';
export { formEncode } from './formEncode.js';
export { decodeQuery, decodeQueryComponent, type DecodedQueryParam } from './decodeQuery.js';
export { encodeQuery } from './encodeQuery.js';
export { canonicalQueryLines } from './canonicalQueryLines.js';
export { payloadHash, EMPTY_PAYLOAD_HASH } from './payloadHash.js';
export { canonicalRequest, canonicalRequestV0 } from './canonicalRequest.js';
export { stringToSign } from './stringToSign.js';
export { signingKey, type SigningKeyChain } from './signingKey.js';
export { parseXConnectTimestamp, formatXConnectTimestamp } from './timestamp.js';
export {
  MOONSTONE_METHODS,
  moonstoneEffectiveMethod,
  moonstoneFrontRejection,
  moonstoneRequestPath,
  type XConnectFrontLayer,
  type XConnectFrontRejection,
  type XConnectFrontRule,
} from './platformFront.js';
export { MOONSTONE_EXEMPT_PATH_PATTERNS, isMoonstoneExempt } from './platformExempt.js';
export { MOONSTONE_DATE_FORMS, parseMoonstoneTimestamp } from './zonedDateTime.js';
export { decodeUtf8LikeJava } from './javaUtf8.js';
export { decodeMoonstoneQuery, decodeMoonstoneQueryComponent, moonstonePayloadHash } from './moonstoneQuery.js';
export { readMoonstoneForm, type MoonstoneFormReading } from './moonstoneForm.js';
export { signXConnectRequest, type SignedXConnectRequest, type XConnectSignInput } from './sign.js';
export { traceXConnectRequest, type XConnectSigningParts } from './trace.js';
export {
  verifyXConnectRequest,
  XCONNECT_SERVER_MESSAGES,
  type VerifyXConnectOptions,
  type XConnectCredentialRecord,
  type XConnectProvided,
  type XConnectVerdict,
  type XConnectVerdictCode,
} from './verify.js';
export {
  XCONNECT_DEVIATIONS,
  XCONNECT_DEVIATION_FLAGS,
  XCONNECT_PLATFORM_DEVIATION_FLAGS,
  signXConnectRequestWithDeviations,
  type XConnectDeviation,
  type XConnectDeviationFlag,
  type XConnectStep,
} from './deviations.js';
export { explainXConnectMismatch, type ExplainXConnectOptions, type XConnectMismatchExplanation, type XConnectMismatchMatch } from './explain.js';
export { findXConnectPlatformMistakes, type XConnectPlatformMistake } from './platformMistakes.js';

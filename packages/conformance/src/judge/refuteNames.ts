/** Tests a proved name against the cases the implementation passed: a mistake that would have changed a request it signed right is not its mistake. */
import {
  applyKxVariants,
  headerValue,
  kxIdentity,
  parseRfc1123,
  signXConnectRequestWithDeviations,
  verifyKxRequest,
  XCONNECT_DEVIATIONS,
  KX_VARIANTS,
  type KxVariantName,
  type XConnectDeviationFlag,
} from '@sigkit/signer';
import type { KxSignRequest, Reply, XConnectSignRequest } from '../protocol/types.js';

/**
 * Flags whose family has many members (a name proved by one member says nothing of another): a
 * passed case cannot refute them by the catalogue's single attempt.
 */
const FAMILY_FLAGS = new Set(['TimestampReformatted', 'RawDigestKey', 'CrlfQueryLines', 'WrongSeparator', 'UnpaddedBase64', 'Base64Url', 'HexSignature']);

/**
 * Whether a passed case refutes an explanation: the flags, replayed on the request the implementation
 * signed right, would have given another signature, so a deterministic client with that mistake
 * would have failed it. Family names, platform mistakes and requests the replay cannot handle refute
 * nothing. Never throws.
 *
 * @example
 * ```ts
 * refutedBy(['UnsortedQuery'], passedCase.request, passedCase.reply); // true when that request has b=1&a=1
 * ```
 */
export function refutedBy(flags: readonly string[], request: XConnectSignRequest | KxSignRequest, reply: Reply | undefined): boolean {
  if (reply?.kind !== 'signed' || flags.some((flag) => FAMILY_FLAGS.has(flag))) return false;
  const wire = reply.wire;
  try {
    if (request.scheme === 'xconnect') {
      if (flags.some((f) => !(f in XCONNECT_DEVIATIONS) || XCONNECT_DEVIATIONS[f as XConnectDeviationFlag].scope !== 'signature' || f === 'UnknownVersionNoSignature')) return false;
      const q = wire.target.indexOf('?');
      // Throws DEVIATION_NOT_APPLICABLE when the mistake would not change this request's signature.
      signXConnectRequestWithDeviations(
        {
          method: wire.method,
          path: q < 0 ? wire.target : wire.target.slice(0, q),
          query: q < 0 ? undefined : wire.target.slice(q + 1),
          body: wire.body,
          apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? request.apiKey,
          secretKey: request.secretKey,
          timestamp: headerValue(wire.headers, 'x-arrow-date') ?? request.timestamp,
          version: request.version,
        },
        flags as XConnectDeviationFlag[],
      );
      return true;
    }
    if (flags.some((f) => !(f in KX_VARIANTS))) return false;
    const identity = kxIdentity(request.username, request.sessionId);
    const verdict = verifyKxRequest(wire, {
      lookupSession: (candidate) => (candidate === identity ? { username: request.username, sessionId: request.sessionId } : undefined),
      now: parseRfc1123(request.date),
      profile: applyKxVariants(request.profile, flags as KxVariantName[]),
    });
    return !verdict.ok && verdict.code === 'signature_mismatch';
  } catch {
    return false;
  }
}

/** The KX Connect signature: HMAC-SHA1 of the string to sign, keyed by the sessionId, encoded per the profile. */
import { SigkitInputError } from '../errors.js';
import { hmacSha1 } from '../shared/crypto.js';
import { requireNonEmptyString } from '../shared/validate.js';
import { KX_DEFAULT_PROFILE, type KxProfile } from './profile.js';

/**
 * Signs a string to sign (docs/spec/kx-connect.md §2): `HMAC-SHA1(key = sessionId as UTF-8, data =
 * stringToSign as UTF-8)`, written in standard padded Base64 by default.
 *
 * @throws SigkitInputError `INVALID_STRING_TO_SIGN` or `INVALID_SESSION_ID` when either is not a
 *   non-empty string; `INVALID_KX_PROFILE_VALUE` for an unknown encoding.
 *
 * @example
 * ```ts
 * kxSignature(kxStringToSign(parts), parts.sessionId); // 28 Base64 characters
 * ```
 */
export function kxSignature(stringToSign: string, sessionId: string, profile: Pick<KxProfile, 'signatureEncoding'> = KX_DEFAULT_PROFILE): string {
  requireNonEmptyString(stringToSign, 'stringToSign', 'INVALID_STRING_TO_SIGN');
  requireNonEmptyString(sessionId, 'sessionId', 'INVALID_SESSION_ID');
  switch (profile.signatureEncoding) {
    case 'base64':
    case 'base64url':
    case 'hex':
      return hmacSha1(sessionId, stringToSign, profile.signatureEncoding);
    default:
      throw new SigkitInputError('INVALID_KX_PROFILE_VALUE', `profile signatureEncoding cannot be ${JSON.stringify(profile.signatureEncoding)}`, {
        expected: 'one of base64, base64url, hex',
      });
  }
}

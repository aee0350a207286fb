/** Signs a KX Connect request the way a deviant client does, for test vectors, mocks and tests. */
import { SigkitInputError } from '../errors.js';
import { describeType } from '../shared/validate.js';
import { applyKxVariants, kxProfile, type KxVariantName } from './profile.js';
import { signKxRequest, type KxSignedRequest, type KxSignInput } from './sign.js';

/**
 * Signs `input` as a client that deviates from `input.profile` (default: the kit's default) in the
 * named ways would: each variant turns its knob of that profile. A server running the profile
 * refuses the result with `signature_mismatch`, and `explainKxMismatch` names the variants back.
 *
 * Two deviations only show when the request gives them room, so a vector meant to fail needs:
 * for `Md5OfReserializedJson`, a `body` formatted unlike `JSON.stringify` (say, with spaces, as
 * Python's `json.dumps` writes it); for `DateHeader`, a `date` (the header) differing from the
 * body's date, which needs a verbatim `body`. Otherwise the deviant client signs exactly what a
 * conforming one does, and the request verifies.
 *
 * @throws SigkitInputError `UNKNOWN_KX_VARIANT`, `CONFLICTING_KX_VARIANTS` (two variants on one
 *   knob), or anything `signKxRequest` throws.
 *
 * @example
 * ```ts
 * const deviant = signKxRequestAs({ group: 'monPublic', method: 'getMem', username, sessionId }, ['NoSeparator']);
 * explainKxMismatch(toWire(deviant), { username, sessionId }).matches; // [['NoSeparator']]
 *
 * // A client that hashes compact JSON but sends json.dumps-style spacing:
 * signKxRequestAs({ group: 'monPublic', method: 'getMem', username, sessionId,
 *   body: '{"type": "getMemReq", "msg": [{}], "id": "e133598e-7b9e-429a-b3e5-bda881c47024", "date": "Fri, 26 Jul 2019 16:59:00 GMT"}' },
 *   ['Md5OfReserializedJson']);
 * ```
 */
export function signKxRequestAs(input: KxSignInput, variants: readonly KxVariantName[]): KxSignedRequest {
  if (typeof input !== 'object' || input === null) {
    throw new SigkitInputError('INVALID_SIGN_INPUT', `input must be an object, got ${describeType(input)}`, {
      expected: '{ group, method, username, sessionId, params?, … }',
    });
  }
  return signKxRequest({ ...input, profile: applyKxVariants(kxProfile(input.profile), variants) });
}

/** The body part of the KX Connect string to sign: an MD5 of the JSON body, written per the profile. */
import { SigkitInputError } from '../errors.js';
import { md5 } from '../shared/crypto.js';
import { requireBody } from '../shared/validate.js';
import { KX_DEFAULT_PROFILE, type KxProfile } from './profile.js';

// Invalid UTF-8 is not JSON; the BOM is kept so that JSON.parse refuses it, as servers do.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The digest of the body that goes into the string to sign (docs/spec/kx-connect.md §2, part 4): by
 * default the lowercase-hex MD5 of the exact bytes sent.
 *
 * @param body - the exact body, a string (taken as UTF-8) or its bytes.
 * @param profile - which digest to write (`profile.bodyDigest`).
 * @throws SigkitInputError `INVALID_BODY` for a body of another type; `MALFORMED_BODY` when the
 *   profile re-serialises the JSON and the body is not JSON.
 *
 * @example
 * ```ts
 * kxBodyDigest('{}'); // '99914b932bd37a50b983c5e7c90ae93b'
 * ```
 */
export function kxBodyDigest(body: string | Uint8Array, profile: Pick<KxProfile, 'bodyDigest'> = KX_DEFAULT_PROFILE): string {
  const bytes = requireBody(body);
  switch (profile.bodyDigest) {
    case 'md5Hex':
      return md5(bytes, 'hex');
    case 'md5UpperHex':
      return md5(bytes, 'hex').toUpperCase();
    case 'md5Base64':
      return md5(bytes, 'base64');
    case 'md5OfReserializedJson':
      return md5(JSON.stringify(parseJsonBody(bytes)), 'hex');
    default:
      throw new SigkitInputError('INVALID_KX_PROFILE_VALUE', `profile bodyDigest cannot be ${JSON.stringify(profile.bodyDigest)}`, {
        expected: 'one of md5Hex, md5Base64, md5UpperHex, md5OfReserializedJson',
      });
  }
}

/**
 * Parses a body as JSON (bytes as strict UTF-8), or returns `undefined` when it is not JSON.
 * @internal
 */
export function tryParseJsonBody(body: string | Uint8Array): { value: unknown } | undefined {
  try {
    const text = typeof body === 'string' ? body : utf8.decode(body);
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function parseJsonBody(body: string | Uint8Array): unknown {
  const parsed = tryParseJsonBody(body);
  if (parsed === undefined) {
    throw new SigkitInputError('MALFORMED_BODY', 'the body is not JSON, so it cannot be re-serialised for the md5OfReserializedJson digest', {
      expected: 'a JSON body',
    });
  }
  return parsed.value;
}

/** The KX Connect string to sign: seven parts in the guides' order, joined per the profile. */
import { SigkitInputError } from '../errors.js';
import { describeType } from '../shared/validate.js';
import { KX_DEFAULT_PROFILE, type KxProfile } from './profile.js';

/** The seven parts of the string to sign, each already in the form that is signed. */
export interface KxStringToSignParts {
  /** HTTP verb; upper-cased before signing. */
  method: string;
  /** `/connect/api/<group>/<method>`, as sent. */
  authPath: string;
  /** The username, as at login. */
  username: string;
  /** The body digest, see `kxBodyDigest`. */
  bodyDigest: string;
  /** The content type as signed (the header, or `Application-json` under `DocLiteralContentType`); may be empty when no header was sent. */
  contentType: string;
  /** The RFC 1123 date string, as sent. */
  date: string;
  /** The sessionId from login. */
  sessionId: string;
}

// docs/spec/kx-connect.md §2 lists the parts in this order.
const PART_ORDER = ['method', 'authPath', 'username', 'bodyDigest', 'contentType', 'date', 'sessionId'] as const;

/**
 * Builds the string to sign (docs/spec/kx-connect.md §2): verb, authPath, username, body digest, content
 * type, date and sessionId, joined with `"\n"` by default (`newline`), concatenated (`none`), or
 * each followed by `"\n"` (`trailingNewline`).
 *
 * @throws SigkitInputError `INVALID_STRING_TO_SIGN_PART` when a part is not a string, or is
 *   empty (only the content type may be empty); `INVALID_KX_PROFILE_VALUE` for an unknown joiner.
 *
 * @example
 * ```ts
 * kxStringToSign({ method: 'post', authPath: '/connect/api/monPublic/getMem', username: 'kxSupport',
 *   bodyDigest: '…', contentType: 'application/json', date: 'Fri, 26 Jul 2019 16:59:00 GMT', sessionId: '…' });
 * // 'POST\n/connect/api/monPublic/getMem\nkxSupport\n…\napplication/json\nFri, 26 Jul 2019 16:59:00 GMT\n…'
 * ```
 */
export function kxStringToSign(parts: KxStringToSignParts, profile: Pick<KxProfile, 'joiner'> = KX_DEFAULT_PROFILE): string {
  if (typeof parts !== 'object' || parts === null) {
    throw new SigkitInputError('INVALID_STRING_TO_SIGN_PART', `parts must be an object, got ${describeType(parts)}`, {
      expected: `an object with ${PART_ORDER.join(', ')}`,
    });
  }
  const { method, authPath, username, bodyDigest, contentType, date, sessionId } = parts;
  if (
    !isPart(method) || !isPart(authPath) || !isPart(username) || !isPart(bodyDigest) ||
    typeof contentType !== 'string' || !isPart(date) || !isPart(sessionId)
  ) {
    throw invalidPart(parts);
  }
  const joiner = profile.joiner;
  if (joiner !== 'newline' && joiner !== 'none' && joiner !== 'trailingNewline') {
    throw new SigkitInputError('INVALID_KX_PROFILE_VALUE', `profile joiner cannot be ${JSON.stringify(joiner)}`, {
      expected: 'one of newline, none, trailingNewline',
    });
  }
  const sep = joiner === 'none' ? '' : '\n';
  // Written out rather than collected and joined: this runs for every signature and verification.
  const joined = `${method.toUpperCase()}${sep}${authPath}${sep}${username}${sep}${bodyDigest}${sep}${contentType}${sep}${date}${sep}${sessionId}`;
  return joiner === 'trailingNewline' ? `${joined}\n` : joined;
}

function isPart(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The error for the first part, in signing order, that is not a string or is empty where it may not be. */
function invalidPart(parts: KxStringToSignParts): SigkitInputError {
  const name = PART_ORDER.find((part) => (part === 'contentType' ? typeof parts[part] !== 'string' : !isPart(parts[part]))) ?? 'method';
  const value: unknown = parts[name];
  return new SigkitInputError(
    'INVALID_STRING_TO_SIGN_PART',
    `${name} must be a non-empty string, got ${typeof value === 'string' ? 'an empty string' : describeType(value)}`,
    { expected: `a non-empty string for each of ${PART_ORDER.join(', ')} (contentType may be empty)` },
  );
}

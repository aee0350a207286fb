/** Families of KX Connect mistakes searched parametrically, each proved by replaying it on the call sent: the HMAC's Base64 alphabet and padding, and another joiner. */
import { constantTimeEqual } from '../shared/crypto.js';
import { createHmac } from 'node:crypto';
import type { KxTrace } from '../index.js';
import type { DeviationMatch } from './types.js';

/** A family member that reproduces the signature sent, with the client's intermediates under it. */
export interface KxFamilyMatch extends DeviationMatch {
  provided: Record<string, unknown>;
}

/** The joiners a client may have written in place of the profile's (docs/spec/kx-connect.md §2). */
const JOINERS = ['\r\n', '\r', ' ', '\t', '\n\n', ',', '|'] as const;

/** Every spelling of the HMAC's bytes a client plausibly sends, with the family name it goes by. */
function spellings(mac: Buffer): { text: string; flag: string; how: string }[] {
  const base64 = mac.toString('base64');
  const url = mac.toString('base64url');
  return [
    { text: base64, flag: '', how: 'standard Base64 with padding' },
    { text: base64.replace(/=+$/, ''), flag: 'UnpaddedBase64', how: 'standard Base64 without its "=" padding' },
    { text: url, flag: 'Base64Url', how: 'Base64url without padding' },
    { text: `${url}${'='.repeat((4 - (url.length % 4)) % 4)}`, flag: 'Base64Url', how: 'Base64url with "=" padding' },
    { text: mac.toString('hex'), flag: 'HexSignature', how: 'lowercase hex' },
    { text: mac.toString('hex').toUpperCase(), flag: 'HexSignature', how: 'uppercase hex' },
  ];
}

/**
 * The members of each family that reproduce the signature sent: the HMAC of the expected string to
 * sign written in another alphabet or padding (`Base64Url`, `UnpaddedBase64`, `HexSignature`), or the
 * seven parts joined by another separator (`WrongSeparator`), in any of those spellings. The
 * profile's own spelling and joiner are not members.
 *
 * @example
 * ```ts
 * findKxFamilies(expected, sessionId, signature)[0]?.flags; // ['Base64Url'] for a padded Base64url signature
 * ```
 */
export function findKxFamilies(expected: KxTrace, sessionId: string, signature: string): KxFamilyMatch[] {
  const found: KxFamilyMatch[] = [];
  const parts = [expected.method, expected.authPath, expected.username, expected.bodyDigest, expected.contentType, expected.date, expected.sessionId];
  const joinings: { toSign: string; joiner?: string }[] = [{ toSign: expected.stringToSign }, ...JOINERS.map((joiner) => ({ toSign: parts.join(joiner), joiner }))];
  for (const { toSign, joiner } of joinings) {
    if (joiner !== undefined && toSign === expected.stringToSign) continue;
    const mac = createHmac('sha1', sessionId).update(toSign, 'utf8').digest();
    for (const spelling of spellings(mac)) {
      if (!constantTimeEqual(spelling.text, signature)) continue;
      const sameEncoding = constantTimeEqual(spelling.text, expected.signature) || spellingOfProfile(expected, spelling.how);
      const flags = [...(joiner !== undefined ? ['WrongSeparator'] : []), ...(!sameEncoding && spelling.flag !== '' ? [spelling.flag] : [])];
      if (flags.length === 0) continue;
      const description = [
        joiner !== undefined ? `Joins the seven parts with ${JSON.stringify(joiner)} instead of the profile's joiner.` : '',
        flags.includes(spelling.flag) ? `Writes the HMAC-SHA1 as ${spelling.how}.` : '',
      ].filter(Boolean).join(' ');
      found.push({
        flags,
        steps: [...(joiner !== undefined ? ['joiner'] : []), ...(flags.includes(spelling.flag) ? ['signature'] : [])],
        bugType: joiner !== undefined ? 'CANONICALIZATION' : 'ENCODING',
        description,
        provided: { stringToSign: toSign, signature: spelling.text },
      });
    }
  }
  return found;
}

/** Whether a spelling is the one the configured profile asks for (then it names no mistake). */
function spellingOfProfile(expected: KxTrace, how: string): boolean {
  const encoding = expected.profile.signatureEncoding;
  return (encoding === 'base64' && how === 'standard Base64 with padding') || (encoding === 'base64url' && how === 'Base64url without padding') || (encoding === 'hex' && how === 'lowercase hex');
}

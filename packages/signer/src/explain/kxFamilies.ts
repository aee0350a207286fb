/** Families of KX Connect mistakes searched parametrically, each proved by replaying it on the call sent: the HMAC's Base64 alphabet and padding, and another joiner. */
import { constantTimeEqual } from '../shared/crypto.js';
import { createHmac } from 'node:crypto';
import type { KxTrace } from '../index.js';
import type { DeviationMatch } from './types.js';

/**
 * Which member of a family a match is, so that it can be replayed on another call: the joiner written
 * in place of the profile's (absent: the profile's), and how the HMAC's bytes were spelt.
 */
export interface KxFamilyMember {
  family: 'kx';
  joiner?: string;
  spelling: KxSpelling;
}

/** The spellings of the HMAC's bytes a client plausibly sends. */
export type KxSpelling = 'base64' | 'base64-unpadded' | 'base64url' | 'base64url-padded' | 'hex' | 'HEX';

/** A family member that reproduces the signature sent, with the client's intermediates under it. */
export interface KxFamilyMatch extends DeviationMatch {
  provided: Record<string, unknown>;
  member: KxFamilyMember;
}

/** The joiners a client may have written in place of the profile's (docs/spec/kx-connect.md §2). */
const JOINERS = ['\r\n', '\r', ' ', '\t', '\n\n', ',', '|'] as const;

/** Every spelling of the HMAC's bytes a client plausibly sends, with the family name it goes by. */
function spellings(mac: Buffer): { text: string; flag: string; how: string; spelling: KxSpelling }[] {
  return SPELLINGS.map((s) => ({ ...s, text: spell(mac, s.spelling) }));
}

const SPELLINGS: { spelling: KxSpelling; flag: string; how: string }[] = [
  { spelling: 'base64', flag: '', how: 'standard Base64 with padding' },
  { spelling: 'base64-unpadded', flag: 'UnpaddedBase64', how: 'standard Base64 without its "=" padding' },
  { spelling: 'base64url', flag: 'Base64Url', how: 'Base64url without padding' },
  { spelling: 'base64url-padded', flag: 'Base64Url', how: 'Base64url with "=" padding' },
  { spelling: 'hex', flag: 'HexSignature', how: 'lowercase hex' },
  { spelling: 'HEX', flag: 'HexSignature', how: 'uppercase hex' },
];

function spell(mac: Buffer, spelling: KxSpelling): string {
  switch (spelling) {
    case 'base64': return mac.toString('base64');
    case 'base64-unpadded': return mac.toString('base64').replace(/=+$/, '');
    case 'base64url': return mac.toString('base64url');
    case 'base64url-padded': {
      const url = mac.toString('base64url');
      return `${url}${'='.repeat((4 - (url.length % 4)) % 4)}`;
    }
    case 'hex': return mac.toString('hex');
    case 'HEX': return mac.toString('hex').toUpperCase();
  }
}

/**
 * The signature a client making `member`'s mistake sends for the call whose reference trace under
 * the configured profile is `expected`, or undefined when that is the reference signature (the
 * member changes nothing there). The same computation as the search, so that a member proved on one
 * call can be tested on every other.
 *
 * @example
 * ```ts
 * signKxFamilyMember(expected, sessionId, { family: 'kx', joiner: '\r\n', spelling: 'base64' });
 * ```
 */
export function signKxFamilyMember(expected: KxTrace, sessionId: string, member: KxFamilyMember): string | undefined {
  const toSign = member.joiner === undefined ? expected.stringToSign : partsOf(expected).join(member.joiner);
  const signature = spell(createHmac('sha1', sessionId).update(toSign, 'utf8').digest(), member.spelling);
  return constantTimeEqual(signature, expected.signature) ? undefined : signature;
}

const partsOf = (expected: KxTrace) => [expected.method, expected.authPath, expected.username, expected.bodyDigest, expected.contentType, expected.date, expected.sessionId];

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
  const parts = partsOf(expected);
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
        member: joiner === undefined ? { family: 'kx', spelling: spelling.spelling } : { family: 'kx', joiner, spelling: spelling.spelling },
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

/** The body part of the KX Connect string to sign: an MD5 of the JSON body, written per the profile. */
import { createHash } from 'node:crypto';
import { SigkitInputError } from '../errors.js';
import { md5 } from '../shared/crypto.js';
import { describeType, requireBody } from '../shared/validate.js';
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

/** A KX body digest computed as the body streams past (see {@link createKxBodyDigester}). */
export interface KxBodyDigester {
  /** Adds the next bytes of the body. */
  update(chunk: Uint8Array): void;
  /** The digest of everything added, written per the profile; the digester takes no more bytes after. */
  digest(): string;
  /** Bytes added so far. */
  readonly size: number;
}

/**
 * Creates an incremental KX body digest: the same value as `kxBodyDigest(body, profile)` for the
 * body given in chunks, without holding the body. Returns `undefined` under a profile whose digest
 * needs the whole body (`md5OfReserializedJson` re-serialises the parsed JSON).
 *
 * @throws SigkitInputError `INVALID_KX_PROFILE_VALUE` for an unknown `profile.bodyDigest`.
 *
 * @example
 * ```ts
 * const digester = createKxBodyDigester(profile)!;
 * request.on('data', (chunk) => digester.update(chunk));
 * request.on('end', () => verifyKxRequest(wire, { lookupSession, profile, bodyDigest: digester.digest() }));
 * ```
 */
export function createKxBodyDigester(profile: Pick<KxProfile, 'bodyDigest'> = KX_DEFAULT_PROFILE): KxBodyDigester | undefined {
  const kind = profile.bodyDigest;
  if (kind === 'md5OfReserializedJson') return undefined;
  if (kind !== 'md5Hex' && kind !== 'md5UpperHex' && kind !== 'md5Base64') {
    throw new SigkitInputError('INVALID_KX_PROFILE_VALUE', `profile bodyDigest cannot be ${JSON.stringify(kind)}`, {
      expected: 'one of md5Hex, md5Base64, md5UpperHex, md5OfReserializedJson',
    });
  }
  const hash = createHash('md5');
  let size = 0;
  let digested: string | undefined;
  return {
    get size() {
      return size;
    },
    update(chunk) {
      if (digested !== undefined) throw new SigkitInputError('DIGESTER_FINISHED', 'this KX body digester has already given its digest', { expected: 'a new digester for each body' });
      if (!(chunk instanceof Uint8Array)) {
        throw new SigkitInputError('INVALID_BODY', `a body chunk must be a Uint8Array, got ${describeType(chunk)}`, { expected: 'the body bytes as they arrive' });
      }
      size += chunk.length;
      hash.update(chunk);
    },
    digest() {
      if (digested === undefined) {
        digested = kind === 'md5Base64' ? hash.digest('base64') : hash.digest('hex');
        if (kind === 'md5UpperHex') digested = digested.toUpperCase();
      }
      return digested;
    },
  };
}

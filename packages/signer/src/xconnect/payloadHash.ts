/** Step 1b: lowercase hex SHA-256 of the body bytes (docs/spec/xconnect.md §1.1). */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { SigkitInputError } from '../errors.js';
import { sha256Hex } from '../shared/crypto.js';
import { describeType, requireBody } from '../shared/validate.js';
import { decodeUtf8LikeJava } from './javaUtf8.js';
import type { XConnectPlatform } from './types.js';

/** SHA-256 of the empty string: the payload hash of every request without a body. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Lowercase hex SHA-256 of the body as sent; a string is hashed as UTF-8, an absent body as `''`.
 *
 * @example
 * ```ts
 * payloadHash(''); // 'e3b0c442…b855'
 * ```
 */
export function payloadHash(body?: string | Uint8Array | null): string {
  const bytes = requireBody(body);
  return bytes.length === 0 ? EMPTY_PAYLOAD_HASH : sha256Hex(bytes);
}

/** A payload hash computed as the body streams past, chunk by chunk (see {@link createPayloadHasher}). */
export interface PayloadHasher {
  /** Adds the next bytes of the body. */
  update(chunk: Uint8Array): void;
  /** The lowercase hex payload hash of everything added; the hasher takes no more bytes after. */
  digest(): string;
  /** Bytes added so far. */
  readonly size: number;
}

const isContinuationByte = (b: number) => (b & 0xc0) === 0x80;

/**
 * Where a moonstone hasher may cut `bytes` (at most four bytes before their end) so that decoding
 * the part before the cut alone gives what decoding the whole stream would. Java's decoder stops a
 * malformed run at the first byte that is not a continuation byte, and a sequence is never longer
 * than four bytes: a cut before a byte that is not a continuation, or before a continuation with no
 * lead byte among the three before it, splits no sequence and changes no decision.
 */
function safeCut(bytes: Uint8Array): number {
  const n = bytes.length;
  // An ASCII byte last ends every sequence before it: nothing needs holding back.
  if (n === 0 || bytes[n - 1]! < 0x80) return n;
  for (let c = n - 1; c >= Math.max(0, n - 4); c -= 1) {
    if (!isContinuationByte(bytes[c]!)) return c;
  }
  // Four continuation bytes last: the last of them belongs to no sequence.
  return n - 1;
}

/**
 * Creates an incremental payload hash: the same value as `payloadHash(body)` (or, with
 * `platform: 'moonstone'`, `moonstonePayloadHash(body)`) for the body given in chunks, cut
 * anywhere, without holding the body. A proxy uses it to verify a request whose body it forwards
 * as it arrives. Under moonstone a body that is not valid UTF-8 is hashed as the platform hashed it,
 * decoded the Java way (not the WHATWG way `TextDecoder` follows: the two differ in how many U+FFFD
 * a malformed sequence becomes) and re-encoded; the hasher holds back at most four bytes between
 * chunks, so that no sequence is decoded cut in two.
 *
 * @example
 * ```ts
 * const hasher = createPayloadHasher({ platform: 'moonstone' });
 * request.on('data', (chunk) => hasher.update(chunk));
 * request.on('end', () => verifyXConnectRequest(wire, { lookupCredentials, platform: 'moonstone', payloadHash: hasher.digest() }));
 * ```
 */
export function createPayloadHasher(options: { platform?: XConnectPlatform } = {}): PayloadHasher {
  const hash = createHash('sha256');
  const moonstone = options.platform === 'moonstone';
  let pending: Uint8Array | undefined;
  let size = 0;
  let digested: string | undefined;
  // Valid UTF-8 re-encodes as itself: only a part with malformed bytes is decoded.
  const addDecoded = (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    hash.update(isUtf8(bytes) ? bytes : Buffer.from(decodeUtf8LikeJava(bytes), 'utf8'));
  };
  return {
    get size() {
      return size;
    },
    update(chunk) {
      if (digested !== undefined) throw new SigkitInputError('HASHER_FINISHED', 'this payload hasher has already given its digest', { expected: 'a new hasher for each body' });
      if (!(chunk instanceof Uint8Array)) {
        throw new SigkitInputError('INVALID_BODY', `a body chunk must be a Uint8Array, got ${describeType(chunk)}`, { expected: 'the body bytes as they arrive' });
      }
      size += chunk.length;
      if (!moonstone) {
        hash.update(chunk);
        return;
      }
      const bytes = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
      const cut = safeCut(bytes);
      addDecoded(cut === bytes.length ? bytes : bytes.subarray(0, cut));
      // Copied: the caller may reuse the chunk's memory.
      pending = cut === bytes.length ? undefined : Uint8Array.prototype.slice.call(bytes, cut);
    },
    digest() {
      if (digested !== undefined) return digested;
      if (pending !== undefined) addDecoded(pending);
      pending = undefined;
      digested = hash.digest('hex');
      return digested;
    },
  };
}

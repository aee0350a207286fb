/** Thin, allocation-light wrappers over node:crypto used by both schemes. @internal */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Bytes of a string (UTF-8) or the bytes themselves. @internal */
export type BinaryLike = string | Uint8Array;

/**
 * Lowercase hex SHA-256. The one-shot `crypto.hash` (Node 20.12) skips the Hash object that
 * `createHash` builds, about a fifth of the cost of hashing a short input. @internal
 */
export function sha256Hex(data: BinaryLike): string {
  return hash('sha256', data, 'hex');
}

/** Lowercase hex HMAC-SHA256. Strings are taken as UTF-8. @internal */
export function hmacSha256Hex(key: BinaryLike, data: BinaryLike): string {
  if (typeof key === 'string' && typeof data === 'string') {
    const mac = oneShotHmac('sha256', OUTER_SHA256, key, data, 'hex');
    if (mac !== undefined) return mac;
  }
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Raw HMAC-SHA256 bytes. @internal */
export function hmacSha256(key: BinaryLike, data: BinaryLike): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** The text encodings a digest is written in. @internal */
export type DigestEncoding = 'hex' | 'base64' | 'base64url';

/**
 * HMAC-SHA1, encoded. The digest is encoded by node:crypto directly: going through a Buffer and
 * `toString` costs a third more on a short input. @internal
 */
export function hmacSha1(key: BinaryLike, data: BinaryLike, encoding: DigestEncoding): string {
  if (typeof key === 'string' && typeof data === 'string') {
    const mac = oneShotHmac('sha1', OUTER_SHA1, key, data, encoding);
    if (mac !== undefined) return mac;
  }
  return createHmac('sha1', key).update(data).digest(encoding);
}

// HMAC (RFC 2104) computed with two calls of the one-shot `crypto.hash`:
//   HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)),  K0 = K padded with zeros to the block.
// `createHmac` builds a native Hmac object per call, which costs more than the two hashes of a short
// input; a signature takes three HMACs with three different keys, so no object could be reused.
// Both SHA-1 and SHA-256 have 64-byte blocks. Keys longer than a block (which would first be hashed)
// and long data take `createHmac`. The blocks are module buffers, cleared of key bytes after use.
const BLOCK = 64;
/** Longest data (UTF-16 units, at most 3 UTF-8 bytes each) hashed through the module buffer. */
const MAX_ONE_SHOT_DATA = 4096;
const keyBlock = Buffer.alloc(BLOCK * 3);
const innerBlock = Buffer.alloc(BLOCK + MAX_ONE_SHOT_DATA * 3);
const OUTER_SHA256 = Buffer.alloc(BLOCK + 32);
const OUTER_SHA1 = Buffer.alloc(BLOCK + 20);

function oneShotHmac(algorithm: 'sha256' | 'sha1', outer: Buffer, key: string, data: string, encoding: DigestEncoding): string | undefined {
  if (key.length > BLOCK || data.length > MAX_ONE_SHOT_DATA) return undefined;
  const keyLength = keyBlock.write(key, 0, 'utf8');
  if (keyLength > BLOCK) {
    keyBlock.fill(0);
    return undefined;
  }
  // Plain loops: Buffer#fill checks its arguments at a cost comparable to filling 64 bytes.
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i < keyLength ? keyBlock[i]! : 0;
    innerBlock[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
    keyBlock[i] = 0;
  }
  const dataLength = innerBlock.write(data, BLOCK, 'utf8');
  outer.write(hash(algorithm, innerBlock.subarray(0, BLOCK + dataLength), 'hex'), BLOCK, 'hex');
  const mac = hash(algorithm, outer, encoding);
  for (let i = 0; i < BLOCK; i += 1) innerBlock[i] = outer[i] = 0;
  return mac;
}

/** MD5, encoded (one-shot, as for `sha256Hex`). @internal */
export function md5(data: BinaryLike, encoding: DigestEncoding): string {
  return hash('md5', data, encoding);
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Strings of different byte lengths are unequal (the comparison still runs, against itself).
 * Every comparison of a signature in sigkit goes through it.
 *
 * @example
 * ```ts
 * constantTimeEqual(sentSignature, expectedSignature); // true only when equal, in the same time wherever they differ
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

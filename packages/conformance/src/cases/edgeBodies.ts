/** Bodies of exact sizes for the edge phase: text with multi-byte characters, JSON and binary, around the buffer sizes a signer may trip on. */

/** The body sizes every client is checked at: empty, one byte, 64 KiB − 1, 64 KiB, 64 KiB + 1, 256 KiB and 1 MiB (issue #14). */
export const EDGE_BODY_SIZES = [0, 1, 65_535, 65_536, 65_537, 262_144, 1_048_576] as const;

/** One kind of edge body. */
export type EdgeBodyKind = 'text' | 'json' | 'binary';

// 7 bytes of UTF-8 (2 + 4 + 1) after a 1-byte lead, so that the size boundaries fall inside
// multi-byte characters as well as between them.
const TEXT_UNIT = 'é😀 ';
const TEXT_UNIT_BYTES = 7;

/**
 * UTF-8 text of exactly `size` bytes, mixing one-, two- and four-byte characters.
 *
 * @example
 * ```ts
 * Buffer.byteLength(edgeText(65_536)); // 65536
 * ```
 */
export function edgeText(size: number): string {
  if (size <= 0) return '';
  const units = Math.floor((size - 1) / TEXT_UNIT_BYTES);
  return 'x' + TEXT_UNIT.repeat(units) + 'a'.repeat(size - 1 - units * TEXT_UNIT_BYTES);
}

/**
 * A JSON object of exactly `size` bytes (at least 2: `{}`), its string value holding multi-byte characters.
 *
 * @example
 * ```ts
 * JSON.parse(edgeJson(1024)).data.length > 0; // true
 * ```
 */
export function edgeJson(size: number): string {
  const frame = '{"data":""}';
  if (size < frame.length) return '{}';
  return `{"data":"${edgeText(size - frame.length)}"}`;
}

/**
 * `size` pseudo-random bytes that are not UTF-8 (the first is 0xFF), the same for the same size.
 *
 * @example
 * ```ts
 * edgeBinary(3)[0]; // 255
 * ```
 */
export function edgeBinary(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  // xorshift32: a fixed stream, cheap at 1 MiB.
  let state = 0x9e3779b9;
  for (let i = 0; i < size; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  if (size > 0) bytes[0] = 0xff;
  return bytes;
}

/**
 * The bytes of an edge body of one kind and size.
 *
 * @example
 * ```ts
 * edgeBodyBytes('json', 2); // the bytes of '{}'
 * ```
 */
export function edgeBodyBytes(kind: EdgeBodyKind, size: number): Uint8Array {
  if (kind === 'binary') return edgeBinary(size);
  return new Uint8Array(Buffer.from(kind === 'text' ? edgeText(size) : edgeJson(size), 'utf8'));
}

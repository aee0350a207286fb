/** UTF-8 bytes read as text the way the platform's Java 8 runtime read them, malformed bytes replaced (docs/spec/xconnect.md §3b). */

const REPLACEMENT = 0xfffd;

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/**
 * Decodes UTF-8 bytes as Java 8's decoder does with malformed input replaced by U+FFFD. This differs
 * from the WHATWG decoder (`TextDecoder`) in how many U+FFFD a malformed sequence becomes: an encoded
 * surrogate (`ED A0..BF xx`) is one U+FFFD, not three; a three-byte lead followed by one good
 * continuation byte and then a bad one (`ED A0 41`) is one U+FFFD for both bytes, not two; a
 * truncated four-byte sequence at the end (`F0 9F 98`) is one U+FFFD.
 *
 * @example
 * ```ts
 * decodeUtf8LikeJava(Uint8Array.of(0x61, 0xed, 0xa0, 0x80, 0x62)); // 'a\uFFFDb'
 * ```
 */
export function decodeUtf8LikeJava(bytes: Uint8Array): string {
  const out: number[] = [];
  let text = '';
  const flush = () => {
    text += String.fromCharCode(...out);
    out.length = 0;
  };
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    if (out.length > 4096) flush();
    const b1 = bytes[i]!;
    if (b1 < 0x80) {
      out.push(b1);
      i += 1;
    } else if (b1 >= 0xc2 && b1 <= 0xdf) {
      // Two bytes: a bad second byte costs only the lead.
      if (i + 1 < n && isContinuation(bytes[i + 1]!)) {
        out.push(((b1 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f));
        i += 2;
      } else {
        out.push(REPLACEMENT);
        i += 1;
      }
    } else if (b1 >= 0xe0 && b1 <= 0xef) {
      i = decodeThree(bytes, i, out);
    } else if (b1 >= 0xf0 && b1 <= 0xf7) {
      i = decodeFour(bytes, i, out);
    } else {
      // A continuation byte out of place, C0, C1, or F8..FF: one U+FFFD each.
      out.push(REPLACEMENT);
      i += 1;
    }
  }
  flush();
  return text;
}

/** Java's test of a three-byte lead and its second byte: E0 needs A0..BF, the others 80..BF. */
function badSecondOfThree(b1: number, b2: number): boolean {
  return (b1 === 0xe0 && (b2 & 0xe0) === 0x80) || !isContinuation(b2);
}

function decodeThree(bytes: Uint8Array, i: number, out: number[]): number {
  const b1 = bytes[i]!;
  const n = bytes.length;
  if (i + 2 < n) {
    const b2 = bytes[i + 1]!;
    const b3 = bytes[i + 2]!;
    if (badSecondOfThree(b1, b2) || !isContinuation(b3)) {
      out.push(REPLACEMENT);
      // The malformed run is the lead alone when the second byte is bad, else the lead and the second.
      return i + (badSecondOfThree(b1, b2) ? 1 : 2);
    }
    const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
    // A surrogate's three bytes are one malformed sequence (one U+FFFD).
    out.push(c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : c);
    return i + 3;
  }
  // Fewer than three bytes left.
  out.push(REPLACEMENT);
  if (i + 1 < n && badSecondOfThree(b1, bytes[i + 1]!)) return i + 1;
  return n;
}

function decodeFour(bytes: Uint8Array, i: number, out: number[]): number {
  const b1 = bytes[i]!;
  const n = bytes.length;
  if (i + 3 < n) {
    const b2 = bytes[i + 1]!;
    const b3 = bytes[i + 2]!;
    const b4 = bytes[i + 3]!;
    const cp = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
    if (!isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4) || cp < 0x10000 || cp > 0x10ffff) {
      out.push(REPLACEMENT);
      return i + malformedFourLength(b1, b2, b3);
    }
    const v = cp - 0x10000;
    out.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    return i + 4;
  }
  // Fewer than four bytes left: the lead alone if it or its second byte is bad, the lead and the
  // second if the third is bad, else the rest of the input is one U+FFFD.
  out.push(REPLACEMENT);
  if (b1 > 0xf4 || (i + 1 < n && badSecondOfFour(b1, bytes[i + 1]!))) return i + 1;
  if (i + 2 < n && !isContinuation(bytes[i + 2]!)) return i + 2;
  return n;
}

function badSecondOfFour(b1: number, b2: number): boolean {
  return (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || !isContinuation(b2);
}

/** How many bytes of a malformed four-byte sequence Java replaces with one U+FFFD. */
function malformedFourLength(b1: number, b2: number, b3: number): number {
  if (b1 > 0xf4 || badSecondOfFour(b1, b2)) return 1;
  if (!isContinuation(b3)) return 2;
  return 3;
}

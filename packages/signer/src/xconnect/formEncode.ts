/** Java `URLEncoder.encode(s, UTF-8)`, which the server applies to query parameter names (docs/spec/xconnect.md §1.1). */

const ALL_UNRESERVED = /^[A-Za-z0-9.\-*_]*$/;
// Bytes written as they are: A-Z a-z 0-9 . - * _
const UNRESERVED_BYTE = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_') UNRESERVED_BYTE[char.charCodeAt(0)] = 1;
const PERCENT_BYTE = Array.from({ length: 256 }, (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);

export function formEncode(text: string): string {
  if (ALL_UNRESERVED.test(text)) return text; // the common case: nothing to encode
  // One UTF-8 encoding of the whole text (a lone surrogate becomes the bytes of U+FFFD, as it did
  // character by character), then one pass over its bytes.
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]!;
    if (byte === 0x20) out += '+';
    else if (byte < 0x80 && UNRESERVED_BYTE[byte] === 1) out += String.fromCharCode(byte);
    else out += PERCENT_BYTE[byte]!;
  }
  return out;
}

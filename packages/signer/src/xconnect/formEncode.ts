/** Java `URLEncoder.encode(s, UTF-8)`, which the server applies to query parameter names (spec xconnect §1.1). */

const UNRESERVED = /[A-Za-z0-9.\-*_]/;
const ALL_UNRESERVED = /^[A-Za-z0-9.\-*_]*$/;

/**
 * Encodes text as Java's `URLEncoder.encode(s, "UTF-8")` does: `A-Z a-z 0-9 . - * _` stay, a space
 * becomes `+`, every other byte of the UTF-8 encoding becomes `%XX` in upper-case hex.
 *
 * @example
 * ```ts
 * formEncode('first name'); // 'first+name'
 * formEncode('größe');      // 'gr%C3%B6%C3%9Fe'
 * ```
 */
export function formEncode(text: string): string {
  if (ALL_UNRESERVED.test(text)) return text; // the common case: nothing to encode
  let out = '';
  for (const char of text) {
    if (char === ' ') out += '+';
    else if (UNRESERVED.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

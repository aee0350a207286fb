/** Makes characters that look alike or not at all visible, for diffs and step tables. */

const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\\': '\\\\' };

/**
 * Escapes control characters, `\` and characters that render as blanks or not at all (no-break
 * and zero-width spaces, BOM, bidi marks), so that `"a\r"` and `"a"` never print the same.
 *
 * @example
 * ```ts
 * showInvisible('x=1\r'); // 'x=1\\r'
 * showInvisible('\u00a0Jane'); // '\\u00a0Jane'
 * ```
 */
export function showInvisible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff\\]/g, (c) =>
    NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

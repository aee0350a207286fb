/** The characters of the edge phase: reserved characters and characters whose case mapping, ordering or encoding is treacherous. */

/** A character to try, with a stable label for case ids. */
export interface EdgeCharacter {
  label: string;
  text: string;
}

/**
 * Every character that is reserved somewhere in a URL or a form, or that a query decoder or
 * trimmer treats specially (docs/spec/xconnect.md §1.1): sub-delimiters, gen-delimiters, `%`, `+`,
 * space, controls, DEL.
 */
export const RESERVED_CHARACTERS: readonly EdgeCharacter[] = [
  ['space', ' '], ['bang', '!'], ['quote', '"'], ['hash', '#'], ['dollar', '$'], ['percent', '%'], ['amp', '&'], ['apos', "'"],
  ['lparen', '('], ['rparen', ')'], ['star', '*'], ['plus', '+'], ['comma', ','], ['slash', '/'], ['colon', ':'], ['semicolon', ';'],
  ['lt', '<'], ['equals', '='], ['gt', '>'], ['question', '?'], ['at', '@'], ['lbracket', '['], ['backslash', '\\'], ['rbracket', ']'],
  ['caret', '^'], ['backtick', '`'], ['lbrace', '{'], ['pipe', '|'], ['rbrace', '}'], ['tilde', '~'], ['dot', '.'], ['dash', '-'],
  ['underscore', '_'], ['tab', '\t'], ['lf', '\n'], ['cr', '\r'], ['nul', '\u0000'], ['del', '\u007f'],
].map(([label, text]) => ({ label: label!, text: text! }));

/**
 * Characters whose case mapping, ordering or encoding differs between careful and careless code:
 * Turkish dotted and dotless I (lower-casing `İ` gives two code points), `ß` and capital `ẞ`, final
 * and capital sigma, the Kelvin sign (lower-cases to ASCII `k`), a private-use character just above
 * U+E000 against one beyond U+FFFF (UTF-16 order puts the surrogate pair first, code point order
 * last), a precomposed `é` against `e` with a combining acute, the replacement character, a byte-order mark, a
 * no-break space and a right-to-left override. The byte-order mark sits inside a word: the kit's
 * query decoder (`decodeQuery`) drops one that starts a name or value, which Java's decoder keeps.
 */
export const CONFUSABLE_CHARACTERS: readonly EdgeCharacter[] = [
  ['turkish-dotted-I', 'İ'], ['turkish-dotless-i', 'ı'], ['sharp-s', 'ß'], ['capital-sharp-s', 'ẞ'], ['capital-sigma', 'Σ'],
  ['final-sigma', 'ς'], ['word-final-sigma', 'ΑΣ'], ['kelvin', '\u212a'], ['private-use', '\ue000'], ['astral', '\u{1f600}'],
  ['astral-cjk', '\u{20000}'], ['precomposed-e-acute', 'é'], ['combining-e-acute', 'e\u0301'], ['replacement', '\ufffd'],
  ['inner-bom', 'a\ufeffb'], ['leading-bom', '\ufeffa'], ['nbsp', '\u00a0'], ['rtl-override', '\u202e'], ['cjk', '日本'], ['latin1-upper', 'Ä'],
].map(([label, text]) => ({ label: label!, text: text! }));

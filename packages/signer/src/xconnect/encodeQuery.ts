/** Builds the wire query string a client sends for structured parameters. */
import { SigkitInputError } from '../errors.js';
import type { QueryParam } from './types.js';

/** Percent-encodes everything but RFC 3986 unreserved characters, so any server decodes it back unchanged. */
function strictEncode(text: string): string {
  const encoded = encodeURIComponent(text);
  // Tested first: a replace with a callback costs more than the encoding even when nothing matches.
  return SUB_DELIMITER.test(encoded) ? encoded.replace(SUB_DELIMITERS, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()) : encoded;
}

// The characters encodeURIComponent leaves that RFC 3986 reserves.
const SUB_DELIMITER = /[!'()*]/;
const SUB_DELIMITERS = /[!'()*]/g;

/**
 * Serialises `[name, value]` pairs into a query string (without `?`), in the given order, with
 * every reserved character percent-encoded (`%20` for a space). Decoding it servlet-style gives
 * back exactly the same pairs.
 *
 * @example
 * ```ts
 * encodeQuery([['lastName', 'Doe'], ['q', 'a b&c']]); // 'lastName=Doe&q=a%20b%26c'
 * ```
 */
export function encodeQuery(params: readonly QueryParam[]): string {
  return validateQueryParams(params)
    .map(([name, value]) => `${strictEncode(name)}=${strictEncode(value)}`)
    .join('&');
}

/** Throws a SigkitInputError unless `params` is an array of `[non-empty string, string]` of well-formed Unicode. @internal */
export function validateQueryParams(params: unknown): readonly QueryParam[] {
  if (!Array.isArray(params)) {
    throw new SigkitInputError('INVALID_QUERY', 'query must be a raw query string or an array of [name, value] pairs', {
      expected: `'a=1&b=2' or [['a', '1'], ['b', '2']]`,
    });
  }
  params.forEach((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new SigkitInputError('INVALID_QUERY', `query parameter #${index} must be a [name, value] pair of strings`, {
        expected: `['name', 'value']`,
      });
    }
    if (pair[0] === '') {
      throw new SigkitInputError('INVALID_QUERY', `query parameter #${index} has an empty name; servers drop such parameters`, {
        expected: 'a non-empty name',
      });
    }
    for (const part of pair as string[]) {
      if (!part.isWellFormed()) {
        throw new SigkitInputError('INVALID_UNICODE', `query parameter #${index} contains a lone surrogate, which has no UTF-8 encoding`, {
          expected: 'well-formed Unicode text',
        });
      }
    }
  });
  return params as readonly QueryParam[];
}

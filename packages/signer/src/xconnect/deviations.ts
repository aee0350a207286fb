/** The known client mistakes of docs/spec/xconnect.md §4, each a variant of the reference signer that makes exactly that mistake. */
import { SigkitInputError } from '../errors.js';
import { computeXConnectTrace, type XConnectKnobs, type XConnectSigningParts } from './trace.js';
import { signingPartsOf, xconnectHeaders, type SignedXConnectRequest, type XConnectSignInput } from './sign.js';

/** The name of one known client mistake (docs/spec/xconnect.md §4). */
export type XConnectDeviationFlag =
  | 'CrlfQueryLines'
  | 'UnsortedQuery'
  | 'SortByName'
  | 'NameNotLowercased'
  | 'ValueEncoded'
  | 'ValueNotTrimmed'
  | 'DecodedPath'
  | 'QueryNotSigned'
  | 'BlankQueryLine'
  | 'EmptyValueDropped'
  | 'RawDigestKey'
  | 'VersionHeaderMismatch'
  | 'HybridV2'
  | 'TimestampReformatted'
  | 'UnsignedBody'
  | 'UppercaseHex'
  | 'UnknownVersionNoSignature';

/** The step of the algorithm where a deviation goes wrong. */
export type XConnectStep = 'method' | 'path' | 'query lines' | 'payload hash' | 'string to sign' | 'signing key' | 'signature' | 'headers';

/** One way of making the mistake, as switches on the reference computation plus what the client then sends. @internal */
export interface DeviationAttempt {
  knobs: XConnectKnobs;
}

/** A known client mistake: its flag, where it goes wrong, and how to reproduce it. */
export interface XConnectDeviation {
  flag: XConnectDeviationFlag;
  /** Wycheproof-style bug class. */
  bugType: 'CANONICALIZATION' | 'ENCODING' | 'KEY_DERIVATION' | 'PROTOCOL' | 'AUTH_BYPASS';
  /** The step that diverges. */
  step: XConnectStep;
  /** What the client does, in one sentence. */
  description: string;
  /**
   * The ways a client with this mistake could have signed the given request (several for mistakes
   * with variants, none when the mistake changes nothing for this request). @internal
   */
  attempts(parts: XConnectSigningParts): DeviationAttempt[];
}

/** Alternative spellings of a timestamp a client may have signed while sending another. @internal */
export function timestampReformattings(timestamp: string): string[] {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})$/.exec(timestamp);
  if (!m) return [];
  const [, base, fraction, zone] = m as unknown as [string, string, string | undefined, string];
  const fractions = new Set<string | undefined>([undefined]);
  if (fraction !== undefined) {
    const trimmed = fraction.replace(/0+$/, '');
    fractions.add(trimmed === '' ? undefined : trimmed);
    fractions.add((fraction + '000').slice(0, 3));
    fractions.add((fraction + '000000').slice(0, 6));
  } else fractions.add('000');
  const zones = new Set([zone, zone === 'Z' ? '+00:00' : zone === '+00:00' || zone === '+0000' ? 'Z' : zone]);
  const out = new Set<string>();
  for (const f of fractions) for (const z of zones) out.add(`${base}${f === undefined ? '' : '.' + f}${z}`);
  out.delete(timestamp);
  return [...out];
}

const hasQuery = (parts: XConnectSigningParts) => parts.rawQuery !== undefined && parts.rawQuery !== '';
const only = (knobs: XConnectKnobs): DeviationAttempt[] => [{ knobs }];

/** Every known xConnect client mistake, keyed by flag, in the order of docs/spec/xconnect.md §4. */
export const XCONNECT_DEVIATIONS: Readonly<Record<XConnectDeviationFlag, XConnectDeviation>> = {
  CrlfQueryLines: {
    flag: 'CrlfQueryLines', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Ends each canonical query line with "\\r\\n" instead of "\\n".',
    attempts: (p) => (hasQuery(p) ? only({ crlfQueryLines: true }) : []),
  },
  UnsortedQuery: {
    flag: 'UnsortedQuery', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Keeps the canonical query lines in request order instead of sorting them.',
    attempts: (p) => (hasQuery(p) ? only({ queryOrder: 'wire' }) : []),
  },
  SortByName: {
    flag: 'SortByName', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Sorts query lines by name, then by value, instead of as whole "name=value" strings (differs when one name is a prefix of another, e.g. "a-b" and "a").',
    attempts: (p) => (hasQuery(p) ? only({ queryOrder: 'nameThenValue' }) : []),
  },
  NameNotLowercased: {
    flag: 'NameNotLowercased', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Signs parameter names in their original case ("fromTimestamp") instead of lower-cased ("fromtimestamp").',
    attempts: (p) => (hasQuery(p) ? only({ keepNameCase: true }) : []),
  },
  ValueEncoded: {
    flag: 'ValueEncoded', bugType: 'ENCODING', step: 'query lines',
    description: 'Signs each query value URL-encoded, as sent, instead of decoded.',
    attempts: (p) => (hasQuery(p) ? only({ rawValues: true }) : []),
  },
  ValueNotTrimmed: {
    flag: 'ValueNotTrimmed', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Keeps leading and trailing spaces (characters <= U+0020) of query values instead of trimming them.',
    attempts: (p) => (hasQuery(p) ? only({ untrimmedValues: true }) : []),
  },
  DecodedPath: {
    flag: 'DecodedPath', bugType: 'ENCODING', step: 'path',
    description: 'Signs the percent-decoded path ("/a b") while sending the encoded one ("/a%20b").',
    attempts: (p) => (p.path.includes('%') ? only({ decodedPath: true }) : []),
  },
  QueryNotSigned: {
    flag: 'QueryNotSigned', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Leaves the query out of the canonical request.',
    attempts: (p) => (hasQuery(p) ? only({ omitQuery: true }) : []),
  },
  BlankQueryLine: {
    flag: 'BlankQueryLine', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Adds an empty line to the canonical request when there is no query (the guide\'s "canonicalQueryString + \'\\n\'" read literally).',
    attempts: (p) => (p.version !== 0 && !hasQuery(p) ? only({ blankLineWhenNoQuery: true }) : []),
  },
  EmptyValueDropped: {
    flag: 'EmptyValueDropped', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Drops "name=" lines for parameters whose value is empty (or a bare flag).',
    attempts: (p) => (hasQuery(p) ? only({ dropEmptyValues: true }) : []),
  },
  RawDigestKey: {
    flag: 'RawDigestKey', bugType: 'KEY_DERIVATION', step: 'signing key',
    description: 'Passes the raw HMAC bytes between key-chain steps instead of their lowercase hex text.',
    attempts: (p) => (p.version === 0 ? [] : only({ rawDigestKey: true })),
  },
  VersionHeaderMismatch: {
    flag: 'VersionHeaderMismatch', bugType: 'PROTOCOL', step: 'headers',
    description: 'Signs with one version (e.g. 2) but sends another in x-arrow-version (e.g. 1).',
    attempts: (p) => (p.version === 1 ? only({ signAsVersion: 2 }) : p.version === 2 ? only({ signAsVersion: 1 }) : []),
  },
  HybridV2: {
    flag: 'HybridV2', bugType: 'KEY_DERIVATION', step: 'signing key',
    description: 'Uses the version-2 first key step (key = secretKey, data = apiKey) with a "1" last step.',
    attempts: (p) => (p.version === 0 ? [] : only({ hybridChain: true })),
  },
  TimestampReformatted: {
    flag: 'TimestampReformatted', bugType: 'ENCODING', step: 'string to sign',
    description: 'Signs one spelling of the timestamp and sends another in x-arrow-date (".05Z" vs ".050Z").',
    attempts: (p) => timestampReformattings(p.timestamp).map((signedTimestamp) => ({ knobs: { signedTimestamp } })),
  },
  UnsignedBody: {
    flag: 'UnsignedBody', bugType: 'CANONICALIZATION', step: 'payload hash',
    description: 'Hashes the empty string for the payload while sending a body.',
    attempts: (p) => (p.version !== 0 && p.body.length > 0 ? only({ unsignedBody: true }) : []),
  },
  UppercaseHex: {
    flag: 'UppercaseHex', bugType: 'ENCODING', step: 'signature',
    description: 'Sends the signature in upper-case hex; the server compares case-sensitively.',
    attempts: () => only({ uppercaseHex: true }),
  },
  UnknownVersionNoSignature: {
    flag: 'UnknownVersionNoSignature', bugType: 'AUTH_BYPASS', step: 'headers',
    description: 'Sends an unknown x-arrow-version and no signature: the published server compared null with null and let it in; it must be rejected.',
    attempts: () => [],
  },
};

/** Every deviation flag, in spec order. */
export const XCONNECT_DEVIATION_FLAGS = Object.keys(XCONNECT_DEVIATIONS) as XConnectDeviationFlag[];

/**
 * Signs a request the way a client with the given mistake(s) would, and returns what that client
 * sends. Throws `DEVIATION_NOT_APPLICABLE` when a mistake makes no difference to this request
 * (e.g. `CrlfQueryLines` without a query). Used to produce the invalid vectors and in tests.
 *
 * @example
 * ```ts
 * const wrong = signXConnectRequestWithDeviations({ ...input, query: 'b=2&a=1' }, ['UnsortedQuery']);
 * verifyXConnectRequest(wrong, options).code; // 'signature_mismatch'
 * ```
 */
export function signXConnectRequestWithDeviations(input: XConnectSignInput, flags: readonly XConnectDeviationFlag[]): SignedXConnectRequest {
  const { parts, target } = signingPartsOf(input);
  if (flags.includes('UnknownVersionNoSignature')) {
    if (flags.length > 1) throw new SigkitInputError('DEVIATION_NOT_APPLICABLE', 'UnknownVersionNoSignature sends no signature and combines with nothing');
    const trace = computeXConnectTrace(parts);
    return { method: parts.method, target, headers: xconnectHeaders(parts.apiKey, parts.timestamp, '3', undefined), body: parts.body, trace };
  }
  const knobs: XConnectKnobs = {};
  for (const flag of flags) {
    const d = XCONNECT_DEVIATIONS[flag];
    if (!d) throw new SigkitInputError('UNKNOWN_DEVIATION', `unknown deviation flag "${String(flag)}"`, { expected: XCONNECT_DEVIATION_FLAGS.join(', ') });
    const attempt = d.attempts(parts)[0];
    if (!attempt) throw new SigkitInputError('DEVIATION_NOT_APPLICABLE', `${flag} makes no difference to this request`, { expected: d.description });
    Object.assign(knobs, attempt.knobs);
  }
  const reference = computeXConnectTrace(parts);
  const trace = computeXConnectTrace(parts, knobs);
  if (trace.signature === reference.signature) {
    throw new SigkitInputError('DEVIATION_NOT_APPLICABLE', `${flags.join(' + ')} gives the reference signature for this request`);
  }
  const sentVersion = parts.version === 0 ? undefined : String(parts.version);
  return { method: parts.method, target, headers: xconnectHeaders(parts.apiKey, parts.timestamp, sentVersion, trace.signature), body: parts.body, trace };
}

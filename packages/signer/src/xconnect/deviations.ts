/** The known client mistakes of docs/spec/xconnect.md §4, each a variant of the reference signer that makes exactly that mistake. */
import { SigkitInputError } from '../errors.js';
import { MOONSTONE_DATE_FORMS } from './zonedDateTime.js';
import { computeXConnectTrace, type XConnectKnobs, type XConnectSigningParts } from './trace.js';
import { signingPartsOf, signXConnectParts, xconnectHeaders, type SignedXConnectRequest, type XConnectSignInput } from './sign.js';
import { isUtf8 } from 'node:buffer';
import { decodeMoonstoneQuery } from './moonstoneQuery.js';
import { moonstoneFrontRejection } from './platformFront.js';
import { parseMoonstoneTimestamp } from './zonedDateTime.js';

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
  | 'UnknownVersionNoSignature'
  | 'NonUtf8Body'
  | 'EmptyParameterName'
  | 'UnparseableDate'
  | 'LowercaseMethod'
  | 'FirewallRejectedPath';

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
  /** What the client should do instead, in one sentence. */
  fix: string;
  /**
   * `'signature'`: the signature is computed wrong, and every verifier refuses it (docs/spec/xconnect.md §4).
   * `'platform'`: the request is one the published platform refused or hashed differently (§3b), while
   * this kit's own rules accept it; only a `platform: 'moonstone'` verifier, or a check of what the
   * client changed in the request, sees it.
   */
  scope: 'signature' | 'platform';
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
    fix: 'End every canonical line with "\\n" alone.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ crlfQueryLines: true }) : []),
  },
  UnsortedQuery: {
    flag: 'UnsortedQuery', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Keeps the canonical query lines in request order instead of sorting them.',
    fix: 'Sort the query lines as whole "name=value" strings by UTF-16 code unit.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ queryOrder: 'wire' }) : []),
  },
  SortByName: {
    flag: 'SortByName', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Sorts query lines by name, then by value, instead of as whole "name=value" strings (differs when one name is a prefix of another, e.g. "a-b" and "a").',
    fix: 'Sort the whole "name=value" lines, so that "a-b=1" comes before "a=1".', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ queryOrder: 'nameThenValue' }) : []),
  },
  NameNotLowercased: {
    flag: 'NameNotLowercased', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Signs parameter names in their original case ("fromTimestamp") instead of lower-cased ("fromtimestamp").',
    fix: 'Lower-case each decoded name before form-encoding it.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ keepNameCase: true }) : []),
  },
  ValueEncoded: {
    flag: 'ValueEncoded', bugType: 'ENCODING', step: 'query lines',
    description: 'Signs each query value URL-encoded, as sent, instead of decoded.',
    fix: 'Decode each value (%XX as UTF-8, + as a space) and sign it decoded.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ rawValues: true }) : []),
  },
  ValueNotTrimmed: {
    flag: 'ValueNotTrimmed', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Keeps leading and trailing spaces (characters <= U+0020) of query values instead of trimming them.',
    fix: 'Trim characters <= U+0020 from both ends of each decoded value.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ untrimmedValues: true }) : []),
  },
  DecodedPath: {
    flag: 'DecodedPath', bugType: 'ENCODING', step: 'path',
    description: 'Signs the percent-decoded path ("/a b") while sending the encoded one ("/a%20b").',
    fix: 'Sign the path exactly as it is sent, escapes included.', scope: 'signature',
    attempts: (p) => (p.path.includes('%') ? only({ decodedPath: true }) : []),
  },
  QueryNotSigned: {
    flag: 'QueryNotSigned', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Leaves the query out of the canonical request.',
    fix: 'Put one canonical line per query parameter between the path and the body hash.', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ omitQuery: true }) : []),
  },
  BlankQueryLine: {
    flag: 'BlankQueryLine', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Adds an empty line to the canonical request when there is no query (the guide\'s "canonicalQueryString + \'\\n\'" read literally).',
    fix: 'Write no line at all when there is no query.', scope: 'signature',
    attempts: (p) => (p.version !== 0 && !hasQuery(p) ? only({ blankLineWhenNoQuery: true }) : []),
  },
  EmptyValueDropped: {
    flag: 'EmptyValueDropped', bugType: 'CANONICALIZATION', step: 'query lines',
    description: 'Drops "name=" lines for parameters whose value is empty (or a bare flag).',
    fix: 'Keep a "name=" line for every parameter with an empty value or no "=".', scope: 'signature',
    attempts: (p) => (hasQuery(p) ? only({ dropEmptyValues: true }) : []),
  },
  RawDigestKey: {
    flag: 'RawDigestKey', bugType: 'KEY_DERIVATION', step: 'signing key',
    description: 'Passes the raw HMAC bytes between key-chain steps instead of their lowercase hex text.',
    fix: 'Pass the lowercase hex text of each HMAC to the next step of the key chain.', scope: 'signature',
    attempts: (p) => (p.version === 0 ? [] : only({ rawDigestKey: true })),
  },
  VersionHeaderMismatch: {
    flag: 'VersionHeaderMismatch', bugType: 'PROTOCOL', step: 'headers',
    description: 'Signs with one version (e.g. 2) but sends another in x-arrow-version (e.g. 1).',
    fix: 'Send in x-arrow-version the version whose rules you signed with.', scope: 'signature',
    attempts: (p) => (p.version === 1 ? only({ signAsVersion: 2 }) : p.version === 2 ? only({ signAsVersion: 1 }) : []),
  },
  HybridV2: {
    flag: 'HybridV2', bugType: 'KEY_DERIVATION', step: 'signing key',
    description: 'Uses the version-2 first key step (key = secretKey, data = apiKey) with a "1" last step.',
    fix: 'Use one version\'s chain throughout: version 1 starts with key = apiKey and ends with "1".', scope: 'signature',
    attempts: (p) => (p.version === 0 ? [] : only({ hybridChain: true })),
  },
  TimestampReformatted: {
    flag: 'TimestampReformatted', bugType: 'ENCODING', step: 'string to sign',
    description: 'Signs one spelling of the timestamp and sends another in x-arrow-date (".05Z" vs ".050Z").',
    fix: 'Send in x-arrow-date exactly the text you signed.', scope: 'signature',
    attempts: (p) => timestampReformattings(p.timestamp).map((signedTimestamp) => ({ knobs: { signedTimestamp } })),
  },
  UnsignedBody: {
    flag: 'UnsignedBody', bugType: 'CANONICALIZATION', step: 'payload hash',
    description: 'Hashes the empty string for the payload while sending a body.',
    fix: 'Hash the exact body bytes sent.', scope: 'signature',
    attempts: (p) => (p.version !== 0 && p.body.length > 0 ? only({ unsignedBody: true }) : []),
  },
  UppercaseHex: {
    flag: 'UppercaseHex', bugType: 'ENCODING', step: 'signature',
    description: 'Sends the signature in upper-case hex; the server compares case-sensitively.',
    fix: 'Send the signature as lowercase hex.', scope: 'signature',
    attempts: () => only({ uppercaseHex: true }),
  },
  UnknownVersionNoSignature: {
    flag: 'UnknownVersionNoSignature', bugType: 'AUTH_BYPASS', step: 'headers',
    description: 'Sends an unknown x-arrow-version and no signature: the published server compared null with null and let it in; it must be rejected.',
    fix: 'Send x-arrow-version 1 with a signature; a server must refuse this request.', scope: 'signature',
    attempts: () => [],
  },
  NonUtf8Body: {
    flag: 'NonUtf8Body', bugType: 'ENCODING', step: 'payload hash', scope: 'platform',
    description: 'Sends a body that is not valid UTF-8 and hashes its bytes, while the platform hashed the body re-encoded with U+FFFD for each malformed sequence.',
    fix: 'Send bodies as valid UTF-8 (encode binary data, e.g. as Base64), or hash the lossy re-encoding the platform hashes.',
    attempts: () => [],
  },
  EmptyParameterName: {
    flag: 'EmptyParameterName', bugType: 'PROTOCOL', step: 'query lines', scope: 'platform',
    description: 'Sends a query parameter with an empty name ("?=v"), which the platform\'s signer refused (a 401) whatever the signature.',
    fix: 'Give every query parameter a name, or leave the piece out; encode a literal "=" in a value as %3D.',
    attempts: () => [],
  },
  UnparseableDate: {
    flag: 'UnparseableDate', bugType: 'ENCODING', step: 'headers', scope: 'platform',
    description: `Sends an x-arrow-date the platform could not read; it accepted ${MOONSTONE_DATE_FORMS}.`,
    fix: 'Send the time as Date.prototype.toISOString() writes it, e.g. 2016-04-12T14:28:36.218Z.',
    attempts: () => [],
  },
  LowercaseMethod: {
    flag: 'LowercaseMethod', bugType: 'PROTOCOL', step: 'method', scope: 'platform',
    description: 'Sends the method in lower case ("get"): the platform looked it up as written and failed with a 500 before any check.',
    fix: 'Send the method in upper case, as signed.',
    attempts: () => [],
  },
  FirewallRejectedPath: {
    flag: 'FirewallRejectedPath', bugType: 'PROTOCOL', step: 'path', scope: 'platform',
    description: 'Sends a path with ";", an encoded "/", "\\", "%" or ".", "//" or a dot segment, which the platform\'s firewall refused with a 500 before any check.',
    fix: 'Send normalised paths without ";" (no ;jsessionid), and keep "/", "\\", "%" and "." out of encoded path segments.',
    attempts: () => [],
  },
};

/** The flags of mistakes only the published platform refused (scope `'platform'`, docs/spec/xconnect.md §3b). */
export const XCONNECT_PLATFORM_DEVIATION_FLAGS: readonly XConnectDeviationFlag[] = ['NonUtf8Body', 'EmptyParameterName', 'UnparseableDate', 'LowercaseMethod', 'FirewallRejectedPath'];


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
  const platformFlag = flags.find((flag) => XCONNECT_DEVIATIONS[flag]?.scope === 'platform');
  if (platformFlag !== undefined) {
    if (flags.length > 1) throw new SigkitInputError('DEVIATION_NOT_APPLICABLE', `${platformFlag} changes the request itself and combines with nothing`);
    return signWithPlatformMistake(parts, target, platformFlag);
  }
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

/**
 * A request signed by this kit's rules (docs/spec/xconnect.md §1) that carries one of the mistakes only
 * the platform refused (§3b): the body as bytes that are not UTF-8, an empty-name parameter added,
 * the date spelt `±hhmm`, the method sent in lower case, or `;jsessionid=0` added to the path.
 */
function signWithPlatformMistake(parts: XConnectSigningParts, target: string, flag: XConnectDeviationFlag): SignedXConnectRequest {
  const notApplicable = (why: string) => new SigkitInputError('DEVIATION_NOT_APPLICABLE', `${flag} ${why}`, { expected: XCONNECT_DEVIATIONS[flag].description });
  switch (flag) {
    case 'NonUtf8Body': {
      const bytes = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body;
      if (isUtf8(bytes)) throw notApplicable('needs a body that is not valid UTF-8');
      return signXConnectParts(parts, target);
    }
    case 'EmptyParameterName': {
      if (decodeMoonstoneQuery(parts.rawQuery).some((p) => p.name === '')) return signXConnectParts(parts, target);
      const rawQuery = parts.rawQuery === undefined ? '=v' : `${parts.rawQuery}&=v`;
      return signXConnectParts({ ...parts, rawQuery }, `${parts.path}?${rawQuery}`);
    }
    case 'UnparseableDate': {
      let timestamp = parts.timestamp;
      try {
        parseMoonstoneTimestamp(timestamp);
        // The platform could read it: spell the zone +hhmm, which the kit reads and the platform did not.
        timestamp = timestamp.replace(/(?:[Zz]|([+-]\d\d):?(\d\d))$/, (_z, h?: string, m?: string) => (h === undefined ? '+0000' : `${h}${m}`));
        if (timestamp === parts.timestamp) throw notApplicable('needs a timestamp ending in a zone');
      } catch (error) {
        if (error instanceof SigkitInputError && error.code === 'DEVIATION_NOT_APPLICABLE') throw error;
      }
      return signXConnectParts({ ...parts, timestamp }, target);
    }
    case 'LowercaseMethod': {
      const signed = signXConnectParts(parts, target);
      if (signed.method.toLowerCase() === signed.method) throw notApplicable('needs a method with letters');
      return { ...signed, method: signed.method.toLowerCase() };
    }
    case 'FirewallRejectedPath': {
      if (moonstoneFrontRejection(parts.method, target)?.layer === 'firewall') return signXConnectParts(parts, target);
      const path = `${parts.path};jsessionid=0`;
      return signXConnectParts({ ...parts, path }, parts.rawQuery === undefined ? path : `${path}?${parts.rawQuery}`);
    }
    default:
      throw notApplicable('is not a platform mistake');
  }
}

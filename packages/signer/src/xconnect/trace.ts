/** Runs every step for one request and keeps each intermediate; the knobs reproduce known client mistakes (docs/spec/xconnect.md §4). @internal */
import { hmacSha256, hmacSha256Hex, sha256Hex } from '../shared/crypto.js';
import { canonicalQueryLine, javaTrim } from './canonicalQueryLines.js';
import { canonicalRequest, canonicalRequestV0 } from './canonicalRequest.js';
import { decodeQuery, type DecodedQueryParam } from './decodeQuery.js';
import { decodeMoonstoneQuery, moonstonePayloadHash } from './moonstoneQuery.js';
import { SigkitInputError } from '../errors.js';
import { formEncode } from './formEncode.js';
import { payloadHash } from './payloadHash.js';
import { stringToSignFromHash } from './stringToSign.js';
import { signingKey } from './signingKey.js';
import type { XConnectPlatform, XConnectTrace, XConnectVersion } from './types.js';

/** What a signature is computed from, all as on the wire. */
export interface XConnectSigningParts {
  /** The method as sent; signed upper-cased. */
  method: string;
  /** Raw path as sent. */
  path: string;
  /** Raw query as sent (without `?`), or undefined. */
  rawQuery: string | undefined;
  /** The exact body bytes (a string is UTF-8); ignored when `payloadHash` is given. */
  body: string | Uint8Array;
  /** The `x-arrow-apikey` sent. */
  apiKey: string;
  /** The secret key of that api key. */
  secretKey: string;
  /** The timestamp as sent in `x-arrow-date`. */
  timestamp: string;
  /** The signature version (`x-arrow-version`; 0 when absent). */
  version: XConnectVersion;
  /** The body's SHA-256 when already known, so that trying many variants hashes a large body once. */
  payloadHash?: string;
  /**
   * Whose reading of the query and body to reproduce (default `'kit'`, docs/spec/xconnect.md §1.1).
   * `'moonstone'` decodes as the platform's container did (an empty parameter name is kept, and
   * throws `EMPTY_PARAMETER_NAME` as the platform's signer did; malformed UTF-8 read the Java way)
   * and hashes a body that is not UTF-8 as its lossy re-encoding (docs/spec/xconnect.md §3b).
   */
  platform?: XConnectPlatform;
  /**
   * With `platform: 'moonstone'`: the fields of a form body, which the platform signed as query
   * parameters after those of the query (see `readMoonstoneForm`; pass `payloadHash: EMPTY_PAYLOAD_HASH`
   * with them, since the platform found the body consumed).
   */
  formParams?: ReadonlyArray<readonly [name: string, value: string]>;
}

/** Switches that each turn the reference computation into one known client mistake. @internal */
export interface XConnectKnobs {
  crlfQueryLines?: boolean;
  queryOrder?: 'wire' | 'nameThenValue';
  keepNameCase?: boolean;
  rawValues?: boolean;
  untrimmedValues?: boolean;
  decodedPath?: boolean;
  omitQuery?: boolean;
  blankLineWhenNoQuery?: boolean;
  dropEmptyValues?: boolean;
  rawDigestKey?: boolean;
  /** Sign as this version whatever the header says. */
  signAsVersion?: 1 | 2;
  /** Version-2 first step, `"1"` last step. */
  hybridChain?: boolean;
  /** Sign this timestamp text instead of the one sent. */
  signedTimestamp?: string;
  unsignedBody?: boolean;
  uppercaseHex?: boolean;
}

const NO_KNOBS: XConnectKnobs = {};

function safeDecodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The decoded parameters the platform signs: the kit's reading, or the platform container's (§3b). */
function paramsFor(rawQuery: string | undefined, platform: XConnectPlatform | undefined, formParams?: XConnectSigningParts['formParams']): DecodedQueryParam[] {
  if (platform !== 'moonstone') return decodeQuery(rawQuery);
  const params = decodeMoonstoneQuery(rawQuery);
  for (const [name, value] of formParams ?? []) params.push({ rawName: name, rawValue: value, name, value });
  const empty = params.find((p) => p.name === '');
  if (empty) {
    throw new SigkitInputError('EMPTY_PARAMETER_NAME', `the query has a parameter with an empty name ("${empty.rawName}=${empty.rawValue}"), which the platform's signer refuses ("name is empty")`, {
      expected: 'every query parameter to have a name: drop "=value" pieces, or encode a literal "=" as %3D',
    });
  }
  return params;
}

function queryLinesFor(rawQuery: string | undefined, knobs: XConnectKnobs, platform?: XConnectPlatform, formParams?: XConnectSigningParts['formParams']): string[] {
  if (knobs === NO_KNOBS && platform !== 'moonstone') return referenceQueryLines(rawQuery);
  if (knobs.omitQuery) return [];
  let params = paramsFor(rawQuery, platform, formParams);
  if (knobs.dropEmptyValues) params = params.filter((p) => javaTrim(p.value) !== '');
  const lines = params.map((p) => {
    const name = knobs.keepNameCase ? formEncode(p.name) : formEncode(p.name.toLowerCase());
    let value = knobs.rawValues ? p.rawValue : p.value;
    if (!knobs.untrimmedValues) value = javaTrim(value);
    return { name, value, line: `${name}=${value}` };
  });
  if (knobs.queryOrder === 'wire') return lines.map((l) => l.line);
  if (knobs.queryOrder === 'nameThenValue') {
    return lines.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).map((l) => l.line);
  }
  return lines.map((l) => l.line).sort();
}

/** The canonical-request hash of a version-1/2 request under the given knobs. @internal */
/** The reference lines (no knobs): the same as the general path below, without its intermediate objects. */
function referenceQueryLines(rawQuery: string | undefined): string[] {
  const lines: string[] = [];
  for (const p of decodeQuery(rawQuery)) lines.push(`${formEncode(p.name.toLowerCase())}=${javaTrim(p.value)}`);
  return sortLines(lines);
}

/**
 * `lines.sort()`, by UTF-16 code units: an insertion sort for the few lines of a usual query
 * (`Array#sort` allocates a work area of about a kilobyte even for two), else the built-in sort.
 * Stable, as the built-in: an equal line never moves past another.
 */
function sortLines(lines: string[]): string[] {
  if (lines.length > 16) return lines.sort();
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    let j = i - 1;
    for (; j >= 0 && lines[j]! > line; j -= 1) lines[j + 1] = lines[j]!;
    lines[j + 1] = line;
  }
  return lines;
}

function versionedCanonical(parts: XConnectSigningParts, knobs: XConnectKnobs) {
  const path = knobs.decodedPath ? safeDecodePath(parts.path) : parts.path;
  const queryLines = queryLinesFor(parts.rawQuery, knobs, parts.platform, parts.formParams);
  const hash = knobs.unsignedBody ? payloadHash('') : (parts.payloadHash ?? (parts.platform === 'moonstone' ? moonstonePayloadHash(parts.body) : payloadHash(parts.body)));
  let canonical: string;
  if (knobs.crlfQueryLines || (knobs.blankLineWhenNoQuery && queryLines.length === 0)) {
    const lineEnd = knobs.crlfQueryLines ? '\r\n' : '\n';
    const lines = queryLines.length === 0 && knobs.blankLineWhenNoQuery ? [''] : queryLines;
    canonical = `${parts.method.toUpperCase()}\n${path}\n${lines.map((l) => l + lineEnd).join('')}${hash}`;
  } else {
    canonical = canonicalRequest(parts.method, path, queryLines, hash);
  }
  return { path, queryLines, hash, canonical };
}

/**
 * Computes the full trace of a request's signature. With no knobs this is the reference
 * (what the server expects); each knob reproduces one mistake of docs/spec/xconnect.md §4.
 * @internal
 */
export function computeXConnectTrace(parts: XConnectSigningParts, knobs: XConnectKnobs = NO_KNOBS): XConnectTrace {
  const timestamp = knobs.signedTimestamp ?? parts.timestamp;
  const method = parts.method.toUpperCase();
  if (parts.version === 0) {
    const path = knobs.decodedPath ? safeDecodePath(parts.path) : parts.path;
    const queryLines = queryLinesFor(parts.rawQuery, knobs, parts.platform, parts.formParams);
    const canonical = canonicalRequestV0(method, path, queryLines, parts.apiKey, timestamp);
    let signature = hmacSha256Hex(parts.secretKey, canonical);
    if (knobs.uppercaseHex) signature = signature.toUpperCase();
    return {
      version: 0, method, path, queryLines, payloadHash: null, canonicalRequest: canonical,
      canonicalRequestHash: null, stringToSign: canonical, signingKey: [], signature,
    };
  }
  const version = knobs.signAsVersion ?? parts.version;
  const { path, queryLines, hash, canonical } = versionedCanonical(parts, knobs);
  const canonicalHash = sha256Hex(canonical);
  const toSign = stringToSignFromHash(canonicalHash, parts.apiKey, timestamp, version);
  let chain: string[];
  let signature: string;
  if (knobs.rawDigestKey) {
    const first = version === 2 ? hmacSha256(parts.secretKey, parts.apiKey) : hmacSha256(parts.apiKey, parts.secretKey);
    const second = hmacSha256(timestamp, first);
    const third = hmacSha256(knobs.hybridChain ? '1' : String(version), second);
    chain = [first.toString('hex'), second.toString('hex'), third.toString('hex')];
    signature = hmacSha256Hex(third, toSign);
  } else if (knobs.hybridChain) {
    const k1 = hmacSha256Hex(parts.secretKey, parts.apiKey);
    const k2 = hmacSha256Hex(timestamp, k1);
    const k3 = hmacSha256Hex('1', k2);
    chain = [k1, k2, k3];
    signature = hmacSha256Hex(k3, toSign);
  } else {
    const { k1, k2, k3 } = signingKey({ apiKey: parts.apiKey, secretKey: parts.secretKey, timestamp, version });
    chain = [k1, k2, k3];
    signature = hmacSha256Hex(k3, toSign);
  }
  if (knobs.uppercaseHex) signature = signature.toUpperCase();
  return {
    version, method, path, queryLines, payloadHash: hash, canonicalRequest: canonical,
    canonicalRequestHash: canonicalHash, stringToSign: toSign, signingKey: chain, signature,
  };
}


/**
 * The trace a server computes for a request as it arrived: every intermediate value of the
 * reference signature (docs/spec/xconnect.md §1–§2), the same as `verifyXConnectRequest` puts in
 * `verdict.expected`. It does not check the request; a malformed query throws
 * `SigkitInputError` `MALFORMED_QUERY`.
 *
 * @example
 * ```ts
 * const trace = traceXConnectRequest({
 *   method: 'GET', path: '/api/v1/kronos/devices', rawQuery: '_size=20', body: '',
 *   apiKey, secretKey, timestamp: '2016-04-12T14:28:36.218Z', version: 1,
 * });
 * trace.canonicalRequest; // 'GET\n/api/v1/kronos/devices\n_size=20\ne3b0c442…'
 * ```
 */
export function traceXConnectRequest(parts: XConnectSigningParts): XConnectTrace {
  return computeXConnectTrace(parts);
}

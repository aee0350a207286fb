/** Signs an xConnect request for version 0, 1 or 2 and returns the wire request with its headers and trace. */
import { SigkitInputError } from '../errors.js';
import { requireBody, requireNonEmptyString } from '../shared/validate.js';
import type { WireRequest } from '../shared/wire.js';
import { encodeQuery, validateQueryParams } from './encodeQuery.js';
import { formatXConnectTimestamp, parseXConnectTimestamp } from './timestamp.js';
import { computeXConnectTrace, type XConnectKnobs, type XConnectSigningParts } from './trace.js';
import type { QueryParam, XConnectHeaders, XConnectTrace, XConnectVersion } from './types.js';

/** A request to sign, as the client means it. */
export interface XConnectSignInput {
  /** HTTP method; signed upper-cased. */
  method: string;
  /** The path exactly as it will be sent, already percent-encoded (e.g. `/api/v1/kronos/devices/a%20b`), without `?`. */
  path: string;
  /**
   * The query: either the raw query string exactly as it will be sent (without `?`), or structured
   * `[name, value]` pairs, which the signer encodes into the request-target it returns.
   */
  query?: string | readonly QueryParam[];
  /** The exact body bytes sent; a string is UTF-8. Absent = empty. */
  body?: string | Uint8Array;
  apiKey: string;
  secretKey: string;
  /** `x-arrow-date`: ISO-8601 text with a zone, signed exactly as given, or a Date (sent as `toISOString()`). Default: now. */
  timestamp?: string | Date;
  /** Signature version; default 1. Version 0 sends no `x-arrow-version` header. */
  version?: XConnectVersion;
}

/** A signed request ready to send: method, request-target, headers, body, and how the signature was made. */
export interface SignedXConnectRequest extends WireRequest {
  method: string;
  /** Path plus `?query` exactly as it must be sent (the signature covers this query). */
  target: string;
  headers: XConnectHeaders;
  body: string | Uint8Array;
  /** Every intermediate value. */
  trace: XConnectTrace;
}

const WIRE_PATH = /^\/[\x21-\x7e]*$/;
const METHOD = /^[A-Za-z]+$/;

/** Validates a sign input and lays it out as wire parts. @internal */
export function signingPartsOf(input: XConnectSignInput): { parts: XConnectSigningParts; target: string } {
  if (input === null || typeof input !== 'object') {
    throw new SigkitInputError('INVALID_INPUT', 'signXConnectRequest takes an object', { expected: '{ method, path, apiKey, secretKey, … }' });
  }
  const method = requireNonEmptyString(input.method, 'method', 'INVALID_METHOD');
  if (!METHOD.test(method)) throw new SigkitInputError('INVALID_METHOD', `method "${method}" is not an HTTP method`, { expected: 'letters only, e.g. GET' });
  const path = requireNonEmptyString(input.path, 'path', 'INVALID_PATH');
  if (!WIRE_PATH.test(path) || path.includes('?') || path.includes('#')) {
    throw new SigkitInputError('INVALID_PATH', `path "${path}" is not a path as sent on the wire`, {
      expected: 'a path starting with "/", printable ASCII only (percent-encode spaces and non-ASCII), without "?" or "#"; pass the query separately',
    });
  }
  const apiKey = requireNonEmptyString(input.apiKey, 'apiKey', 'EMPTY_API_KEY');
  const secretKey = requireNonEmptyString(input.secretKey, 'secretKey', 'EMPTY_SECRET_KEY');
  const body = requireBody(input.body);
  const version = input.version ?? 1;
  if (version !== 0 && version !== 1 && version !== 2) {
    throw new SigkitInputError('INVALID_VERSION', `version ${String(version)} is not a signature version`, { expected: '0, 1 or 2' });
  }
  let timestamp: string;
  if (input.timestamp === undefined) timestamp = formatXConnectTimestamp(new Date());
  else if (input.timestamp instanceof Date) {
    if (Number.isNaN(input.timestamp.getTime())) throw new SigkitInputError('INVALID_TIMESTAMP', 'timestamp is an invalid Date', { expected: 'a valid Date or ISO-8601 text' });
    timestamp = formatXConnectTimestamp(input.timestamp);
  } else {
    timestamp = input.timestamp;
    parseXConnectTimestamp(timestamp);
  }
  let rawQuery: string | undefined;
  if (typeof input.query === 'string') {
    rawQuery = input.query.startsWith('?') ? input.query.slice(1) : input.query;
    if (!/^[\x21-\x7e]*$/.test(rawQuery) || rawQuery.includes('#')) {
      throw new SigkitInputError('INVALID_QUERY', `raw query "${rawQuery}" is not a query as sent on the wire`, {
        expected: 'printable ASCII with spaces and non-ASCII percent-encoded, or structured [name, value] pairs',
      });
    }
    if (rawQuery === '') rawQuery = undefined;
  } else if (input.query !== undefined) {
    const params = validateQueryParams(input.query);
    rawQuery = params.length === 0 ? undefined : encodeQuery(params);
  }
  const target = rawQuery === undefined ? path : `${path}?${rawQuery}`;
  return { parts: { method: method.toUpperCase(), path, rawQuery, body, apiKey, secretKey, timestamp, version }, target };
}

/** The headers that carry a trace's signature. @internal */
export function xconnectHeaders(apiKey: string, timestamp: string, version: string | undefined, signature: string | undefined): XConnectHeaders {
  const headers: Record<string, string> = { 'x-arrow-apikey': apiKey, 'x-arrow-date': timestamp };
  if (version !== undefined) headers['x-arrow-version'] = version;
  if (signature !== undefined) headers['x-arrow-signature'] = signature;
  return headers as unknown as XConnectHeaders;
}

/** Signs with knobs applied; the headers still carry the parts' own timestamp and version. @internal */
export function signXConnectParts(parts: XConnectSigningParts, target: string, knobs?: XConnectKnobs): SignedXConnectRequest {
  const trace = computeXConnectTrace(parts, knobs);
  const version = parts.version === 0 ? undefined : String(parts.version);
  return {
    method: parts.method,
    target,
    headers: xconnectHeaders(parts.apiKey, parts.timestamp, version, trace.signature),
    body: parts.body,
    trace,
  };
}

/**
 * Signs an xConnect request (docs/spec/xconnect.md §1 for version 1, §2 for versions 0 and 2) and returns
 * what to send: method, request-target, the `x-arrow-*` headers and the body, plus a `trace` of
 * every intermediate value. Throws a {@link SigkitInputError} on any unusable input.
 *
 * @example
 * ```ts
 * const signed = signXConnectRequest({
 *   method: 'POST', path: '/api/v1/kronos/gateways', query: 'lastName=Doe&firstName=Jane&Age=30',
 *   apiKey, secretKey, timestamp: '2016-04-12T14:28:36.218Z',
 * });
 * signed.headers['x-arrow-signature']; // '28c3ab6c…f553' (the guide's vector)
 * await fetch(baseUrl + signed.target, { method: signed.method, headers: signed.headers, body: signed.body || undefined });
 * ```
 */
export function signXConnectRequest(input: XConnectSignInput): SignedXConnectRequest {
  const { parts, target } = signingPartsOf(input);
  return signXConnectParts(parts, target);
}

/** Verifies an xConnect request as the platform did, check by check in the order of docs/spec/xconnect.md §3. */
import { SigkitError } from '../errors.js';
import { constantTimeEqual } from '../shared/crypto.js';
import type { Verdict } from '../shared/verdict.js';
import { bodyBytes, headerValue, splitTarget, type WireRequest } from '../shared/wire.js';
import { parseXConnectTimestamp } from './timestamp.js';
import { computeXConnectTrace } from './trace.js';
import type { XConnectTrace, XConnectVersion } from './types.js';

/** What the server knows about an api key. */
export interface XConnectCredentialRecord {
  apiKey: string;
  secretKey: string;
  /** Whether requests must be signed (default true). When false only the api key is checked. */
  signingRequired?: boolean;
  /** The api key has expired: `apiKey is disabled`. */
  expired?: boolean;
  /** The application owning the key is disabled: `application is disabled`. */
  applicationDisabled?: boolean;
}

/** Options of {@link verifyXConnectRequest}. */
export interface VerifyXConnectOptions {
  /** Finds the record of an api key; `undefined` when unknown. */
  lookupCredentials: (apiKey: string) => XConnectCredentialRecord | undefined;
  /** Finds the record behind an `x-auth-token` (requests with a token and no api key). */
  lookupAuthToken?: (token: string) => XConnectCredentialRecord | undefined;
  /** The server's current time (default `Date.now()`). */
  now?: Date | number;
  /** Largest accepted `|now − x-arrow-date|`, exclusive (default 600 s). */
  clockWindowSeconds?: number;
  /** Signature versions accepted (default `[1]`; the published server accepted `[0, 1, 2]`). */
  acceptedVersions?: readonly XConnectVersion[];
  /** Requests let in unchecked (default: `OPTIONS`, and paths ending in `/status`). */
  isExempt?: (method: string, path: string) => boolean;
}

/** The check that decided a verdict, one per row of docs/spec/xconnect.md §3 (plus `ok` and `exempt`). */
export type XConnectVerdictCode =
  | 'ok'
  | 'exempt'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'api_key_disabled'
  | 'application_disabled'
  | 'signing_required'
  | 'missing_date'
  | 'invalid_date'
  | 'clock_skew'
  | 'unsupported_version'
  | 'missing_signature'
  | 'malformed_query'
  | 'signature_mismatch';

/** What the client sent, as the server read it. */
export interface XConnectProvided {
  apiKey?: string;
  authToken?: string;
  date?: string;
  /** Raw `x-arrow-version` header (absent = version 0). */
  version?: string;
  signature?: string;
  /** Seconds between the server clock and `x-arrow-date` (positive: the date is in the past). */
  skewSeconds?: number;
}

/** The result of {@link verifyXConnectRequest}. */
export type XConnectVerdict = Verdict<XConnectTrace, XConnectProvided, XConnectVerdictCode>;

/** The production message of each check's 401 (docs/spec/xconnect.md §3). */
export const XCONNECT_SERVER_MESSAGES: Readonly<Record<XConnectVerdictCode, string>> = {
  ok: 'OK',
  exempt: 'OK',
  missing_api_key: 'missing apiKey',
  invalid_api_key: 'invalid apiKey',
  api_key_disabled: 'apiKey is disabled',
  application_disabled: 'application is disabled',
  signing_required: 'apiSigningRequired is TRUE but HMAC is not provided',
  missing_date: 'Not Authorized',
  invalid_date: 'Not Authorized',
  clock_skew: 'Not Authorized',
  unsupported_version: 'Not Authorized',
  missing_signature: 'Not Authorized',
  malformed_query: 'Not Authorized',
  signature_mismatch: 'Not Authorized',
};

function defaultIsExempt(method: string, path: string): boolean {
  return method === 'OPTIONS' || path === '/status' || path.endsWith('/status');
}

/** The version an `x-arrow-version` header names (absent = 0), or undefined for any other value. @internal */
export function parseVersion(header: string | undefined): XConnectVersion | undefined {
  if (header === undefined) return 0;
  if (header === '1') return 1;
  if (header === '2') return 2;
  return undefined;
}

function makeVerdict(provided: XConnectProvided, code: XConnectVerdictCode, message: string, expected?: XConnectTrace): XConnectVerdict {
  const ok = code === 'ok' || code === 'exempt';
  const v: XConnectVerdict = { ok, code, message, serverMessage: XCONNECT_SERVER_MESSAGES[code], status: ok ? 200 : 401, provided };
  if (expected) v.expected = expected;
  return v;
}

const DEFAULT_ACCEPTED_VERSIONS: readonly XConnectVersion[] = [1];

/**
 * Verifies a request exactly as it arrived, in the platform's order of checks (docs/spec/xconnect.md §3),
 * and returns a verdict naming the deciding check. The signature is compared in constant time.
 * Unlike the published server, an unknown `x-arrow-version` is always rejected, with or without a
 * signature header. Never throws on client input.
 *
 * @example
 * ```ts
 * const verdict = verifyXConnectRequest(
 *   { method: 'GET', target: '/api/v1/kronos/devices?_size=20', headers, body: '' },
 *   { lookupCredentials: (key) => (key === apiKey ? { apiKey, secretKey } : undefined) },
 * );
 * if (!verdict.ok) console.log(verdict.code, verdict.message, verdict.expected?.canonicalRequest);
 * ```
 */
export function verifyXConnectRequest(wire: WireRequest, options: VerifyXConnectOptions): XConnectVerdict {
  const method = String(wire.method ?? '').toUpperCase();
  const { path, query } = splitTarget(String(wire.target ?? ''));
  const headers = wire.headers ?? {};
  const provided: XConnectProvided = {};
  const apiKey = headerValue(headers, 'x-arrow-apikey');
  const authToken = headerValue(headers, 'x-auth-token');
  const date = headerValue(headers, 'x-arrow-date');
  const versionHeader = headerValue(headers, 'x-arrow-version');
  const signature = headerValue(headers, 'x-arrow-signature');
  if (apiKey !== undefined) provided.apiKey = apiKey;
  if (authToken !== undefined) provided.authToken = authToken;
  if (date !== undefined) provided.date = date;
  if (versionHeader !== undefined) provided.version = versionHeader;
  if (signature !== undefined) provided.signature = signature;


  if ((options.isExempt ?? defaultIsExempt)(method, path)) return makeVerdict(provided, 'exempt', `${method} ${path} is not checked`);

  let record: XConnectCredentialRecord | undefined;
  if (apiKey === undefined || apiKey === '') {
    if (authToken === undefined || authToken === '') {
      return makeVerdict(provided, 'missing_api_key', 'the request has no x-arrow-apikey header (nor an x-auth-token)');
    }
    record = options.lookupAuthToken?.(authToken);
    if (!record) return makeVerdict(provided, 'invalid_api_key', 'the x-auth-token is not known to this server');
  } else {
    record = options.lookupCredentials(apiKey);
    if (!record) return makeVerdict(provided, 'invalid_api_key', `the api key "${apiKey}" is not known to this server`);
  }
  if (record.expired) return makeVerdict(provided, 'api_key_disabled', 'the api key has expired');
  if (record.applicationDisabled) return makeVerdict(provided, 'application_disabled', "the api key's application is disabled");
  if (record.signingRequired === false) return makeVerdict(provided, 'ok', 'signing is not required for this application: only the api key was checked');
  if (apiKey === undefined || apiKey === '') {
    return makeVerdict(provided, 'signing_required', 'this application requires signed requests, but only an x-auth-token was sent: add the x-arrow-* headers');
  }

  if (date === undefined || date === '') return makeVerdict(provided, 'missing_date', 'the request has no x-arrow-date header');
  let sentAt: number;
  try {
    sentAt = parseXConnectTimestamp(date);
  } catch {
    return makeVerdict(provided, 'invalid_date', `x-arrow-date "${date}" is not ISO-8601 with a zone (e.g. 2016-04-12T14:28:36.218Z)`);
  }
  const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const windowSeconds = options.clockWindowSeconds ?? 600;
  const skewMs = now - sentAt;
  provided.skewSeconds = Math.round(skewMs) / 1000;
  if (Math.abs(skewMs) >= windowSeconds * 1000) {
    const direction = skewMs > 0 ? 'behind' : 'ahead of';
    return makeVerdict(provided, 'clock_skew', `x-arrow-date is ${Math.abs(skewMs) / 1000} s ${direction} the server clock; the window is ±${windowSeconds} s (exclusive)`);
  }

  const version = parseVersion(versionHeader);
  const accepted = options.acceptedVersions ?? DEFAULT_ACCEPTED_VERSIONS;
  if (version === undefined) {
    const bypass = signature === undefined ? ' (the published server let such requests in without a signature; this kit does not)' : '';
    return makeVerdict(provided, 'unsupported_version', `x-arrow-version "${versionHeader}" is not a signature version${bypass}; accepted: ${accepted.join(', ')}`);
  }
  if (!accepted.includes(version)) {
    const sent = versionHeader === undefined ? 'no x-arrow-version header (version 0)' : `x-arrow-version ${versionHeader}`;
    return makeVerdict(provided, 'unsupported_version', `${sent} is not accepted here; accepted versions: ${accepted.join(', ')}`);
  }

  let expected: XConnectTrace;
  try {
    expected = computeXConnectTrace({
      // A string body is hashed as UTF-8 as it is, without first being copied into a Buffer.
      method, path, rawQuery: query, body: typeof wire.body === 'string' ? wire.body : bodyBytes(wire.body), apiKey, secretKey: record.secretKey, timestamp: date, version,
    });
  } catch (error) {
    if (error instanceof SigkitError) return makeVerdict(provided, 'malformed_query', `the query cannot be decoded: ${error.message}`);
    throw error;
  }
  if (signature === undefined || signature === '') return makeVerdict(provided, 'missing_signature', 'the request has no x-arrow-signature header', expected);
  if (!constantTimeEqual(signature, expected.signature)) {
    return makeVerdict(provided, 'signature_mismatch', 'x-arrow-signature does not match the signature computed from the request', expected);
  }
  return makeVerdict(provided, 'ok', 'the signature matches', expected);
}

/** Verifies an xConnect request as the platform did, check by check in the order of docs/spec/xconnect.md §3. */
import { SigkitError, SigkitInputError } from '../errors.js';
import { constantTimeEqual } from '../shared/crypto.js';
import type { Verdict } from '../shared/verdict.js';
import { bodyBytes, headerValue, splitTarget, type WireRequest } from '../shared/wire.js';
import { isMoonstoneExempt } from './platformExempt.js';
import { readMoonstoneForm, type MoonstoneFormReading } from './moonstoneForm.js';
import { moonstoneFrontRejection, moonstoneRequestPath, type XConnectFrontRejection } from './platformFront.js';
import { EMPTY_PAYLOAD_HASH } from './payloadHash.js';
import { parseXConnectTimestamp } from './timestamp.js';
import { decodeMoonstoneQuery } from './moonstoneQuery.js';
import { computeXConnectTrace } from './trace.js';
import type { XConnectPlatform, XConnectTrace, XConnectVersion } from './types.js';
import { MOONSTONE_DATE_FORMS, parseMoonstoneTimestamp } from './zonedDateTime.js';

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
  /**
   * The key's company could not be found: `company not found <companyId>` (checked right after the
   * key's expiry, before the application; docs/spec/xconnect.md §3b).
   */
  companyMissing?: boolean;
  /** The key's company is not active (default true): `company not active: <companyId> / <companyName>`. */
  companyEnabled?: boolean;
  /** The company's id, as the platform's messages name it (Java prints an absent one as `null`). */
  companyId?: string;
  /** The company's name, as the platform's messages name it (Java prints an absent one as `null`). */
  companyName?: string;
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
  /**
   * Requests let in unchecked (default: `OPTIONS`, and paths ending in `/status`; with
   * `platform: 'moonstone'`, the platform's exact list, `isMoonstoneExempt`).
   */
  isExempt?: (method: string, path: string) => boolean;
  /**
   * Whose verdicts to give (default `'kit'`: this kit's rules, docs/spec/xconnect.md §3). With
   * `'moonstone'` the verdicts are the published platform's, edges included (docs/spec/xconnect.md §3b):
   * its container's 400 and firewall's 500 before any check (`front`), its method lookup (500 for a
   * lower-case or unknown method), its exempt paths, its query decoding (an empty parameter name is a
   * 401), its body hashing (lossy UTF-8), its date parser (Java's `ZonedDateTime.parse`, the window
   * exact to the nanosecond), versions 0, 1 and 2 (unless `acceptedVersions` says otherwise), and the
   * null-equals-null bypass: an unknown `x-arrow-version` with no `x-arrow-signature` is let in
   * (code `unsigned_bypass`).
   */
  platform?: XConnectPlatform;
  /**
   * The body's payload hash when already computed, as `createPayloadHasher` gives it while the body
   * streams past (with the same `platform`): the signature is then checked against this hash and
   * `wire.body` is not hashed, so a proxy need not hold a large body whole. The hash stands for the
   * body in `expected.payloadHash`. One exception: with `platform: 'moonstone'`, a form body
   * (`application/x-www-form-urlencoded` POST, PUT or PATCH) is read as parameters, so `wire.body`
   * must then be the whole body. Without this option the body is hashed as sent.
   * @throws SigkitInputError `INVALID_PAYLOAD_HASH` when it is not 64 lowercase hex digits.
   */
  payloadHash?: string;
}

/** The check that decided a verdict, one per row of docs/spec/xconnect.md §3 (plus `ok` and `exempt`). */
export type XConnectVerdictCode =
  | 'ok'
  | 'exempt'
  /** moonstone only: an unknown version and no signature, let in by the platform's bypass (docs/spec/xconnect.md §2). */
  | 'unsigned_bypass'
  /** moonstone only: the container's 400 (or 404 for `/WEB-INF/`) before any check (see `front`). */
  | 'container_rejected'
  /** moonstone only: `/logout`, answered with a 302 before any check (see `front`). */
  | 'logout_redirect'
  /** moonstone only: the firewall's 500 before any check (see `front`). */
  | 'firewall_rejected'
  /** moonstone only: the 500 of a lower-case or unknown method (see `front`). */
  | 'unknown_method'
  /** moonstone only: a form body the platform could not parse before its security layer (500). */
  | 'malformed_form'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'api_key_disabled'
  | 'company_not_found'
  | 'company_disabled'
  | 'application_disabled'
  | 'signing_required'
  | 'missing_date'
  | 'invalid_date'
  | 'clock_skew'
  | 'unsupported_version'
  | 'missing_signature'
  | 'malformed_query'
  /** moonstone only: a query parameter with an empty name, which the platform's signer refused (401). */
  | 'empty_parameter_name'
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
export interface XConnectVerdict extends Verdict<XConnectTrace, XConnectProvided, XConnectVerdictCode> {
  /** With `platform: 'moonstone'`: why the platform answered before its filter (status 400 or 500). */
  front?: XConnectFrontRejection;
}

/** The production message of each check's 401 (docs/spec/xconnect.md §3). */
export const XCONNECT_SERVER_MESSAGES: Readonly<Record<XConnectVerdictCode, string>> = {
  ok: 'OK',
  exempt: 'OK',
  unsigned_bypass: 'OK',
  container_rejected: '',
  logout_redirect: '',
  firewall_rejected: 'The request was rejected because the URL contained a potentially malicious String',
  unknown_method: 'No enum constant org.springframework.web.bind.annotation.RequestMethod',
  malformed_form: 'the form body cannot be decoded',
  missing_api_key: 'missing apiKey',
  invalid_api_key: 'invalid apiKey',
  api_key_disabled: 'apiKey is disabled',
  company_not_found: 'company not found',
  company_disabled: 'company not active',
  application_disabled: 'application is disabled',
  signing_required: 'apiSigningRequired is TRUE but HMAC is not provided',
  missing_date: 'Not Authorized',
  invalid_date: 'Not Authorized',
  clock_skew: 'Not Authorized',
  unsupported_version: 'Not Authorized',
  missing_signature: 'Not Authorized',
  malformed_query: 'Not Authorized',
  empty_parameter_name: 'Not Authorized',
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

function makeVerdict(provided: XConnectProvided, code: XConnectVerdictCode, message: string, expected?: XConnectTrace, serverMessage?: string): XConnectVerdict {
  const ok = code === 'ok' || code === 'exempt' || code === 'unsigned_bypass';
  const v: XConnectVerdict = { ok, code, message, serverMessage: serverMessage ?? XCONNECT_SERVER_MESSAGES[code], status: ok ? 200 : 401, provided };
  if (expected) v.expected = expected;
  return v;
}

const FRONT_CODES = { container: 'container_rejected', firewall: 'firewall_rejected', logout: 'logout_redirect', method: 'unknown_method' } as const;

function frontVerdict(provided: XConnectProvided, front: XConnectFrontRejection): XConnectVerdict {
  const v = makeVerdict(provided, FRONT_CODES[front.layer], front.reason, undefined, front.serverMessage);
  v.status = front.status;
  v.front = front;
  return v;
}

/** Java's `String.valueOf` of a possibly absent text, as the platform's messages print it. */
const javaText = (text: string | undefined) => (text === undefined ? 'null' : text);

/** Java's `StringUtils.isBlank`: empty, or only whitespace. */
const isBlank = (text: string) => /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/.test(text);

const DEFAULT_ACCEPTED_VERSIONS: readonly XConnectVersion[] = [1];

/**
 * Verifies a request exactly as it arrived, in the platform's order of checks (docs/spec/xconnect.md §3),
 * and returns a verdict naming the deciding check. The signature is compared in constant time.
 * By default (`platform: 'kit'`), unlike the published server, an unknown `x-arrow-version` is always
 * rejected, with or without a signature header; with `platform: 'moonstone'` the verdicts are the
 * published platform's, edges included (docs/spec/xconnect.md §3b). Never throws on client input.
 *
 * @example
 * ```ts
 * const verdict = verifyXConnectRequest(
 *   { method: 'GET', target: '/api/v1/kronos/devices?_size=20', headers, body: '' },
 *   { lookupCredentials: (key) => (key === apiKey ? { apiKey, secretKey } : undefined) },
 * );
 * if (!verdict.ok) console.log(verdict.code, verdict.message, verdict.expected?.canonicalRequest);
 *
 * // What the real platform answered, 400 and 500 included:
 * const real = verifyXConnectRequest(wire, { lookupCredentials, platform: 'moonstone' });
 * real.status; // e.g. 500 for a path with ";" (real.front says which layer and why)
 * ```
 */
export function verifyXConnectRequest(wire: WireRequest, options: VerifyXConnectOptions): XConnectVerdict {
  const moonstone = options.platform === 'moonstone';
  const givenHash = options.payloadHash;
  if (givenHash !== undefined && (typeof givenHash !== 'string' || !/^[0-9a-f]{64}$/.test(givenHash))) {
    throw new SigkitInputError('INVALID_PAYLOAD_HASH', `options.payloadHash must be a SHA-256 in lowercase hex, got ${typeof givenHash === 'string' ? JSON.stringify(givenHash.slice(0, 80)) : typeof givenHash}`, {
      expected: 'the digest of createPayloadHasher(), or payloadHash(body): 64 characters 0-9a-f',
    });
  }
  const rawMethod = String(wire.method ?? '');
  const target = String(wire.target ?? '');
  const headers = wire.headers ?? {};
  const split = splitTarget(target);
  const query = split.query;
  let path = split.path;
  let method = rawMethod.toUpperCase();
  let form: MoonstoneFormReading | undefined;
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

  if (moonstone) {
    // The container first; then the servlet filters, which may read a form body and take a
    // `_method` override; then the firewall, the logout route and the method lookup.
    const container = moonstoneFrontRejection(rawMethod, target);
    if (container?.layer === 'container') return frontVerdict(provided, container);
    form = readMoonstoneForm(rawMethod, target, headerValue(headers, 'content-type'), bodyBytes(wire.body));
    if (form.failure?.status === 500) {
      const v = makeVerdict(provided, 'malformed_form', `${form.failure.reason}: the platform failed with a 500 before any check`);
      v.status = 500;
      return v;
    }
    const front = moonstoneFrontRejection(rawMethod, target, form.method);
    if (front) return frontVerdict(provided, front);
    // The platform signed the method its hidden-method filter left (POST ?_method=put is a PUT), and
    // the path without the scheme and host of an absolute-form target.
    method = form.method;
    path = moonstoneRequestPath(target);
    if ((options.isExempt ?? isMoonstoneExempt)(rawMethod, path)) return makeVerdict(provided, 'exempt', `${rawMethod} ${path} is not checked by the platform`);
  } else if ((options.isExempt ?? defaultIsExempt)(method, path)) {
    return makeVerdict(provided, 'exempt', `${method} ${path} is not checked`);
  }

  let record: XConnectCredentialRecord | undefined;
  // The platform took the x-auth-token path when x-arrow-apikey was absent or empty, and called a
  // blank key (spaces only) missing; the kit also treats a blank key as absent.
  const hmacKey = apiKey !== undefined && apiKey !== '';
  if (!hmacKey || (moonstone && isBlank(apiKey))) {
    if (hmacKey || authToken === undefined || authToken === '' || (moonstone && isBlank(authToken))) {
      return makeVerdict(provided, 'missing_api_key', 'the request has no x-arrow-apikey header (nor an x-auth-token)');
    }
    record = options.lookupAuthToken?.(authToken);
    if (!record) return makeVerdict(provided, 'invalid_api_key', 'the x-auth-token is not known to this server');
  } else {
    record = options.lookupCredentials(apiKey);
    if (!record) return makeVerdict(provided, 'invalid_api_key', `the api key "${apiKey}" is not known to this server`);
  }
  if (record.expired) return makeVerdict(provided, 'api_key_disabled', 'the api key has expired');
  if (record.companyMissing) {
    return makeVerdict(provided, 'company_not_found', "the api key's company does not exist", undefined, `company not found ${javaText(record.companyId)}`);
  }
  if (record.companyEnabled === false) {
    return makeVerdict(provided, 'company_disabled', "the api key's company is not active", undefined, `company not active: ${javaText(record.companyId)} / ${javaText(record.companyName)}`);
  }
  if (record.applicationDisabled) return makeVerdict(provided, 'application_disabled', "the api key's application is disabled");
  if (record.signingRequired === false) return makeVerdict(provided, 'ok', 'signing is not required for this application: only the api key was checked');
  if (!hmacKey) {
    return makeVerdict(provided, 'signing_required', 'this application requires signed requests, but only an x-auth-token was sent: add the x-arrow-* headers');
  }

  if (date === undefined || date === '') return makeVerdict(provided, 'missing_date', 'the request has no x-arrow-date header');
  const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const windowSeconds = options.clockWindowSeconds ?? 600;
  if (moonstone) {
    let sentAtNanos: bigint;
    try {
      sentAtNanos = parseMoonstoneTimestamp(date);
    } catch {
      return makeVerdict(provided, 'invalid_date', `x-arrow-date "${date}" is not a date-time the platform could read; it accepted ${MOONSTONE_DATE_FORMS}`);
    }
    // Exact to the nanosecond: the platform compared whole durations, and the clock gives milliseconds.
    const skewNanos = millisToNanos(now) - sentAtNanos;
    provided.skewSeconds = Number(skewNanos / 1_000_000n) / 1000;
    const magnitude = skewNanos < 0n ? -skewNanos : skewNanos;
    if (magnitude >= millisToNanos(windowSeconds * 1000)) {
      return makeVerdict(provided, 'clock_skew', `x-arrow-date is ${formatNanosAsSeconds(magnitude)} s ${skewNanos > 0n ? 'behind' : 'ahead of'} the server clock; the window is ±${windowSeconds} s (exclusive)`);
    }
  } else {
    let sentAt: number;
    try {
      sentAt = parseXConnectTimestamp(date);
    } catch {
      return makeVerdict(provided, 'invalid_date', `x-arrow-date "${date}" is not ISO-8601 with a zone (e.g. 2016-04-12T14:28:36.218Z)`);
    }
    const skewMs = now - sentAt;
    provided.skewSeconds = Math.round(skewMs) / 1000;
    if (Math.abs(skewMs) >= windowSeconds * 1000) {
      const direction = skewMs > 0 ? 'behind' : 'ahead of';
      return makeVerdict(provided, 'clock_skew', `x-arrow-date is ${Math.abs(skewMs) / 1000} s ${direction} the server clock; the window is ±${windowSeconds} s (exclusive)`);
    }
  }

  // The platform read an empty x-arrow-version as an absent one (version 0).
  const version = parseVersion(moonstone && versionHeader === '' ? undefined : versionHeader);
  const accepted = options.acceptedVersions ?? (moonstone ? MOONSTONE_ACCEPTED_VERSIONS : DEFAULT_ACCEPTED_VERSIONS);
  // With a hash given the body is not read again: a proxy may hand over only the part it kept.
  const body = givenHash !== undefined ? '' : typeof wire.body === 'string' ? wire.body : bodyBytes(wire.body);
  if (form?.failure) return makeVerdict(provided, 'malformed_query', `${form.failure.reason}: the platform's signature filter failed reading the parameters`);
  if (version === undefined) {
    if (moonstone) {
      // The platform still built its signer (an empty parameter name throws there) before it found no version.
      const broken = emptyParameterName(query, form?.formParams ?? null);
      if (broken) return broken(provided);
      if (signature === undefined) {
        return makeVerdict(provided, 'unsigned_bypass', `x-arrow-version "${versionHeader}" is not a signature version, so the platform computed no signature and compared it with the absent x-arrow-signature: null equals null, and the request was let in (docs/spec/xconnect.md §2)`);
      }
      return makeVerdict(provided, 'unsupported_version', `x-arrow-version "${versionHeader}" is not a signature version: the platform computed no signature, so no x-arrow-signature can match; accepted: ${accepted.join(', ')}`);
    }
    const bypass = signature === undefined ? ' (the published server let such requests in without a signature; this kit does not)' : '';
    return makeVerdict(provided, 'unsupported_version', `x-arrow-version "${versionHeader}" is not a signature version${bypass}; accepted: ${accepted.join(', ')}`);
  }
  if (!accepted.includes(version)) {
    const sent = versionHeader === undefined || versionHeader === '' ? 'no x-arrow-version header (version 0)' : `x-arrow-version ${versionHeader}`;
    return makeVerdict(provided, 'unsupported_version', `${sent} is not accepted here; accepted versions: ${accepted.join(', ')}`);
  }

  let expected: XConnectTrace;
  try {
    expected = computeXConnectTrace({
      // A string body is hashed as UTF-8 as it is, without first being copied into a Buffer.
      method, path, rawQuery: query, body, apiKey, secretKey: record.secretKey, timestamp: date, version,
      ...(moonstone ? { platform: 'moonstone' as const } : {}),
      ...(givenHash !== undefined ? { payloadHash: givenHash } : {}),
      // A form body was consumed before the filter read it: its fields are parameters, its hash the empty one.
      ...(form?.formParams ? { formParams: form.formParams, payloadHash: EMPTY_PAYLOAD_HASH } : {}),
    });
  } catch (error) {
    if (error instanceof SigkitError && error.code === 'EMPTY_PARAMETER_NAME') return makeVerdict(provided, 'empty_parameter_name', error.message);
    if (error instanceof SigkitError) return makeVerdict(provided, 'malformed_query', `the query cannot be decoded: ${error.message}`);
    throw error;
  }
  if (signature === undefined || signature === '') return makeVerdict(provided, 'missing_signature', 'the request has no x-arrow-signature header', expected);
  if (!constantTimeEqual(signature, expected.signature)) {
    return makeVerdict(provided, 'signature_mismatch', 'x-arrow-signature does not match the signature computed from the request', expected);
  }
  return makeVerdict(provided, 'ok', 'the signature matches', expected);
}

const MOONSTONE_ACCEPTED_VERSIONS: readonly XConnectVersion[] = [0, 1, 2];

/** The verdict for a query with an empty parameter name under the platform's decoding, or undefined. */
function emptyParameterName(query: string | undefined, formParams: MoonstoneFormReading['formParams']): ((provided: XConnectProvided) => XConnectVerdict) | undefined {
  const empty = decodeMoonstoneQuery(query).find((p) => p.name === '') ?? (formParams?.some(([name]) => name === '') ? { rawName: '', rawValue: '…' } : undefined);
  if (!empty) return undefined;
  return (provided) => makeVerdict(provided, 'empty_parameter_name', `the request has a parameter with an empty name ("${empty.rawName}=${empty.rawValue}"), which the platform's signer refuses`);
}

/** Epoch milliseconds (possibly fractional) as epoch nanoseconds. */
function millisToNanos(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

function formatNanosAsSeconds(nanos: bigint): string {
  const whole = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

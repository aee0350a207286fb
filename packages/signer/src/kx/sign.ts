/** Signs a KX Connect analytic call: builds the body, the string to sign and the Authorization header. */
import { SigkitInputError } from '../errors.js';
import { describeType, requireNonEmptyString } from '../shared/validate.js';
import { requireSessionId, requireUsername } from './authorization.js';
import { tryParseJsonBody } from './bodyDigest.js';
import { kxRequestDate, kxRequestId } from './envelope.js';
import { KX_DEFAULT_PROFILE, kxProfile, type KxProfile, type KxVariantName } from './profile.js';
import { rfc1123Millis } from './rfc1123.js';
import { computeKxTrace, type KxTrace } from './trace.js';

/** What to call and as whom. Everything except group, method, username and sessionId has a default. */
export interface KxSignInput {
  /** The analytic group, e.g. `monPublic`: one path segment. */
  group: string;
  /** The analytic name, e.g. `getMem`: one path segment. */
  method: string;
  /** The parameters dictionary sent as `msg[0]` (default `{}`); must be a plain object. */
  params?: Record<string, unknown>;
  /** The username, as at login. */
  username: string;
  /** The sessionId from the login answer. */
  sessionId: string;
  /** The request type in the body (default `${method}Req`). */
  type?: string;
  /** The request UUID (default: a random one). */
  id?: string;
  /** The request date, a Date or an RFC 1123 string (default: now). */
  date?: Date | string;
  /** The `Content-Type` header (default `application/json`). */
  contentType?: string;
  /**
   * The exact body to send instead of building one from `type`, `params`, `id` and `date` (which
   * must then be left out). It must be a JSON object, with an RFC 1123 `date` field when the
   * profile takes the date from the body; under `DateHeader`, `date` sets the header.
   */
  body?: string;
  /** The profile: a full one, some knobs over the default, or a variant name applied to the default (default: the kit's default profile). */
  profile?: Partial<KxProfile> | KxVariantName;
}

// A type alias, not an interface, so that it is assignable to a WireRequest's header record.
/** The headers of a signed request: only `Content-Type` and `Authorization`, plus `Date` under the DateHeader variant. */
export type KxSignedHeaders = {
  /** The content type, as signed under the default profile. */
  'Content-Type': string;
  /** `<username><last 5 characters of sessionId>:<signature>`. */
  Authorization: string;
  /** The RFC 1123 date, sent only when the profile signs a `Date` header. */
  Date?: string;
};

/** A signed request ready to send, with the trace of how it was signed. */
export interface KxSignedRequest {
  /** Always `POST` (docs/spec/kx-connect.md §2). */
  method: 'POST';
  /** `/connect/api/<group>/<method>`, which is also the signed authPath. */
  path: string;
  /** The headers to send. */
  headers: KxSignedHeaders;
  /** The exact body to send; the digest is over these bytes. */
  body: string;
  /** Every intermediate value of the signing. */
  trace: KxTrace;
}

/** The content type sent and signed unless told otherwise (docs/spec/kx-connect.md §2). */
export const KX_CONTENT_TYPE = 'application/json';

// A path segment that needs no percent-encoding (RFC 3986 pchar minus pct-encoded), so that the
// path sent is byte for byte the authPath signed; '.' and '..' would be collapsed by URL parsers.
const PATH_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Signs a call to an analytic (docs/spec/kx-connect.md §2): `POST /connect/api/<group>/<method>` with the
 * body `{"type":…,"msg":[params],"id":…,"date":…}` and the headers `Content-Type` and
 * `Authorization`. Every input is checked first, so nothing is ever signed over `undefined`.
 *
 * A username outside Latin-1 is signed and verified like any other, but `fetch` and Node's
 * `http` refuse such characters in a header value; such a deployment must agree on an encoding.
 *
 * @throws SigkitInputError `INVALID_SIGN_INPUT`, `INVALID_GROUP`, `INVALID_METHOD`,
 *   `INVALID_PARAMS`, `INVALID_USERNAME`, `INVALID_SESSION_ID`, `INVALID_TYPE`,
 *   `INVALID_REQUEST_ID`, `INVALID_CONTENT_TYPE`, `INVALID_BODY`, `MALFORMED_BODY`,
 *   `CONFLICTING_BODY`, `CONFLICTING_DATE` or a profile code (see `kxProfile`); SigkitDateError
 *   `INVALID_DATE` or `INVALID_RFC1123_DATE`.
 *
 * @example
 * ```ts
 * const request = signKxRequest({ group: 'monPublic', method: 'getMem', params: { syms: ['rdb'] },
 *   username: 'kxSupport', sessionId });
 * await fetch(`https://host:8080${request.path}`, { method: request.method, headers: { ...request.headers }, body: request.body });
 * ```
 */
export function signKxRequest(input: KxSignInput): KxSignedRequest {
  if (typeof input !== 'object' || input === null) {
    throw new SigkitInputError('INVALID_SIGN_INPUT', `input must be an object, got ${describeType(input)}`, {
      expected: '{ group, method, username, sessionId, params?, … }',
    });
  }
  // The trace takes its own copy of the profile, so the frozen default needs none here.
  const profile = input.profile === undefined ? KX_DEFAULT_PROFILE : kxProfile(input.profile);
  const group = requirePathSegment(input.group, 'group', 'INVALID_GROUP');
  const method = requirePathSegment(input.method, 'method', 'INVALID_METHOD');
  const username = requireUsername(input.username);
  const sessionId = requireSessionId(input.sessionId);
  const contentType = requireContentType(input.contentType);
  const { body, date } = input.body === undefined ? buildBody(input, method) : takeBody(input, profile);

  const authPath = `/connect/api/${group}/${method}`;
  const trace = computeKxTrace({ method: 'POST', authPath, username, sessionId, body, contentTypeHeader: contentType, date }, profile);
  const headers: KxSignedHeaders = { 'Content-Type': contentType, Authorization: trace.authorization };
  if (profile.datePart === 'dateHeader') headers.Date = date;
  return { method: 'POST', path: authPath, headers, body, trace };
}

/** The body the guides describe, built from the input; its date is the one signed. */
function buildBody(input: KxSignInput, method: string): { body: string; date: string } {
  const params = requireParams(input.params);
  const type = input.type === undefined ? `${method}Req` : requireNonEmptyString(input.type, 'type', 'INVALID_TYPE');
  const id = kxRequestId(input.id);
  const date = kxRequestDate(input.date);
  let body: string;
  try {
    body = JSON.stringify({ type, msg: [params], id, date });
  } catch (error) {
    // BigInt values and cycles cannot be sent as JSON.
    throw new SigkitInputError('INVALID_PARAMS', `params cannot be serialised as JSON: ${(error as Error).message}`, {
      expected: 'a plain object of JSON values',
      cause: error,
    });
  }
  return { body, date };
}

/** A body given verbatim: checked to be something a server accepts, and its date found. */
function takeBody(input: KxSignInput, profile: Readonly<KxProfile>): { body: string; date: string } {
  const body: unknown = input.body;
  if (typeof body !== 'string') {
    throw new SigkitInputError('INVALID_BODY', `body must be a string, got ${describeType(body)}`, { expected: 'the exact JSON body to send' });
  }
  if (input.params !== undefined || input.type !== undefined || input.id !== undefined) {
    const conflicting = (['params', 'type', 'id'] as const).filter((name) => input[name] !== undefined);
    throw new SigkitInputError('CONFLICTING_BODY', `body is given verbatim, so ${conflicting.join(', ')} would be ignored`, {
      expected: 'either body, or params/type/id to build one',
    });
  }
  const parsed = tryParseJsonBody(body);
  if (parsed === undefined || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new SigkitInputError('MALFORMED_BODY', 'body must be a JSON object, as servers refuse anything else (docs/spec/kx-connect.md §2)', {
      expected: '{"type":…,"msg":[{…}],"id":…,"date":…}',
    });
  }
  if (profile.datePart === 'dateHeader') return { body, date: kxRequestDate(input.date) };

  const bodyDate = (parsed.value as Record<string, unknown>)['date'];
  if (typeof bodyDate !== 'string') {
    throw new SigkitInputError('MALFORMED_BODY', 'body has no string "date" field, which this profile signs', {
      expected: 'a "date" field holding an RFC 1123 date',
    });
  }
  rfc1123Millis(bodyDate);
  if (input.date !== undefined && kxRequestDate(input.date) !== bodyDate) {
    throw new SigkitInputError('CONFLICTING_DATE', `date differs from the body's date ${JSON.stringify(bodyDate)}, which is what gets signed`, {
      expected: "date left out, or equal to the body's date",
    });
  }
  return { body, date: bodyDate };
}

function requirePathSegment(value: unknown, name: string, code: string): string {
  requireNonEmptyString(value, name, code);
  const segment = value as string;
  if (!PATH_SEGMENT.test(segment) || segment === '.' || segment === '..') {
    throw new SigkitInputError(code, `${name} ${JSON.stringify(segment)} cannot be one segment of /connect/api/<group>/<method>`, {
      expected: "one path segment of letters, digits and -._~!$&'()*+,;=:@ (no '/', no percent-encoding), e.g. monPublic",
    });
  }
  return segment;
}

function requireParams(params: unknown): Record<string, unknown> {
  if (params === undefined) return {};
  const proto: unknown = typeof params === 'object' && params !== null ? Object.getPrototypeOf(params) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new SigkitInputError('INVALID_PARAMS', `params must be a plain object, got ${describeType(params)}`, {
      expected: 'a dictionary of parameters, e.g. { syms: ["rdb"] }',
    });
  }
  return params as Record<string, unknown>;
}

function requireContentType(contentType: unknown): string {
  if (contentType === undefined) return KX_CONTENT_TYPE;
  requireNonEmptyString(contentType, 'contentType', 'INVALID_CONTENT_TYPE');
  const value = contentType as string;
  // HTTP trims a header value and cannot carry control characters: what arrives would differ from what was signed.
  if (CONTROL_CHARACTER.test(value) || value.trim() !== value) {
    throw new SigkitInputError('INVALID_CONTENT_TYPE', `contentType ${JSON.stringify(value)} has surrounding whitespace or control characters`, {
      expected: 'a media type such as application/json',
    });
  }
  return value;
}

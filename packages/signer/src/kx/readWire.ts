/** Reads a KX Connect request off the wire into the pieces the verifier and explainer check. @internal */
import { SigkitInputError } from '../errors.js';
import { describeType } from '../shared/validate.js';
import { bodyBytes, headerValue, splitTarget, type WireRequest } from '../shared/wire.js';
import { tryParseJsonBody } from './bodyDigest.js';
import type { KxProfile } from './profile.js';

/** A KX request as the server reads it, before any check. @internal */
export interface KxWireParts {
  /** The method as sent. */
  method: string;
  /** The path of the request-target, without any query, as sent (not decoded). */
  authPath: string;
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
  /** The `Content-Type` header, '' when absent. */
  contentType: string;
  /** The `Date` header, if any. */
  dateHeader: string | undefined;
  /** The exact body bytes. */
  body: Buffer;
  /** The body when it is a JSON object, else `undefined`. */
  json: Record<string, unknown> | undefined;
  /** Why `json` is missing, in a sentence, when it is. */
  jsonProblem: string | undefined;
  /** The body's `date` field when it is a string. */
  bodyDate: string | undefined;
  /** The body's `type` field when it is a string. */
  requestType: string | undefined;
  /** The body's `id` field when it is a string. */
  id: string | undefined;
}

/**
 * Reads the pieces of a wire request. A malformed request is not an error here (the verifier
 * reports it); only a `wire` that is not a request at all is.
 * @internal
 */
export function readKxWire(wire: WireRequest): KxWireParts {
  if (typeof wire !== 'object' || wire === null || typeof wire.method !== 'string' || wire.method === '' || typeof wire.target !== 'string' || wire.target === '' || typeof wire.headers !== 'object' || wire.headers === null) {
    throw new SigkitInputError('INVALID_WIRE_REQUEST', `wire must be a request with a method, a target and headers, got ${describeType(wire)}`, {
      expected: "{ method: 'POST', target: '/connect/api/<group>/<method>', headers: {…}, body: '…' }",
    });
  }
  if (wire.body !== undefined && wire.body !== null && typeof wire.body !== 'string' && !(wire.body instanceof Uint8Array)) {
    throw new SigkitInputError('INVALID_BODY', `wire.body must be a string or a Uint8Array, got ${describeType(wire.body)}`, {
      expected: 'the exact body bytes received',
    });
  }
  const body = bodyBytes(wire.body);
  const parsed = tryParseJsonBody(body);
  let json: Record<string, unknown> | undefined;
  let jsonProblem: string | undefined;
  if (parsed === undefined) jsonProblem = 'the body is not JSON';
  else if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    jsonProblem = `the body is JSON ${describeType(parsed.value)}, not an object`;
  } else json = parsed.value as Record<string, unknown>;
  const field = (name: string): string | undefined => (typeof json?.[name] === 'string' ? (json[name] as string) : undefined);
  return {
    method: wire.method,
    authPath: splitTarget(wire.target).path,
    authorization: headerValue(wire.headers, 'authorization'),
    contentType: headerValue(wire.headers, 'content-type') ?? '',
    dateHeader: headerValue(wire.headers, 'date'),
    body,
    json,
    jsonProblem,
    bodyDate: field('date'),
    requestType: field('type'),
    id: field('id'),
  };
}

/**
 * The date string the profile signs and checks: the body's `date` field or the `Date` header.
 * `undefined` when the request does not carry it.
 * @internal
 */
export function kxDatePart(parts: KxWireParts, profile: Pick<KxProfile, 'datePart'>): string | undefined {
  return profile.datePart === 'dateHeader' ? parts.dateHeader : parts.bodyDate;
}

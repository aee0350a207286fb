/** What an xConnect route handler receives, and helpers to read its JSON body with the platform's errors. */
import type { MockCredential } from '../../credentials/credentials.js';
import { isJsonObject, readJsonBody } from '../../http/jsonBody.js';
import type { QueryParams } from '../../http/requestTarget.js';
import type { JsonObject, JsonValue } from '../../http/types.js';
import type { PlatformRequest, PlatformServices } from '../../platform/platformModule.js';
import type { XConnectStore } from '../data/store.js';
import { XConnectApiError } from '../errors.js';

/** The context of one routed xConnect request. */
export interface XConnectRouteContext {
  request: PlatformRequest;
  /** Path parameters, decoded. */
  params: Readonly<Record<string, string>>;
  query: QueryParams;
  store: XConnectStore;
  services: PlatformServices;
  /** The credential the request authenticated as. */
  credential: MockCredential | undefined;
  /** Server time (with the clock offset), epoch ms. */
  now: number;
}

/** A route handler: returns the JSON answered with status 200, or throws {@link XConnectApiError}. */
export type XConnectHandler = (context: XConnectRouteContext) => JsonValue;

/** The request body as JSON; a missing or malformed body is a 400 saying so. */
export function readBody(context: XConnectRouteContext): JsonValue {
  const result = readJsonBody(context.request.body);
  if (!result.ok) throw new XConnectApiError(result.message);
  return result.value;
}

/** The request body as a JSON object; anything else is a 400 naming what was expected. */
export function readBodyObject(context: XConnectRouteContext, what: string): JsonObject {
  const value = readBody(context);
  if (!isJsonObject(value)) throw new XConnectApiError(`the request body must be a JSON object (${what})`);
  return value;
}

// In `u` mode a pair is one code point, so this matches only a surrogate standing alone.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses text with a lone surrogate (`"\ud800"` in JSON): it has no UTF-8 form, so two such uids
 * hashed to one hid and overwrote each other, both answered 200 (issue #18).
 */
export function checkWellFormed(text: string, what: string): string {
  if (LONE_SURROGATE.test(text)) throw new XConnectApiError(`${what} is not valid Unicode: it holds a lone surrogate (a \\uD800-\\uDFFF escape not in a pair)`);
  return text;
}

/** An optional string field of a body; a non-string is a 400. Blank strings count as absent, as `StringUtils.isNotEmpty` did. */
export function optionalText(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new XConnectApiError(`${key} must be a string`);
  checkWellFormed(value, key);
  return value === '' ? undefined : value;
}

/** A required non-blank string field; missing is `<key> is required` (the platform's message). */
export function requiredText(body: JsonObject, key: string): string {
  const value = optionalText(body, key);
  if (value === undefined || value.trim() === '') throw new XConnectApiError(`${key} is required`);
  return value;
}

/** An optional boolean field. */
export function optionalFlag(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new XConnectApiError(`${key} must be true or false`);
  return value;
}

/** An optional `{ "name": "value" }` map field (device info and properties), values trimmed as the platform did. */
export function optionalTextMap(body: JsonObject, key: string): Record<string, string> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new XConnectApiError(`${key} must be an object of text values`);
  // No prototype: a name such as `__proto__` or `constructor` is stored as data, not dropped or inherited (issue #18).
  const out = Object.create(null) as Record<string, string>;
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
      throw new XConnectApiError(`${key}.${name} must be text`);
    }
    checkWellFormed(name, `a name of ${key}`);
    out[name] = checkWellFormed(String(entry).trim(), `${key}.${name}`);
  }
  return out;
}

/**
 * `target`'s entries updated by `source`'s, in a new object without prototype, so that every name
 * (`__proto__` too) is kept as data; `Object.assign` into a plain object set its prototype instead.
 */
export function mergeTextMap(target: Readonly<Record<string, string>>, source: Readonly<Record<string, string>>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(target)) out[name] = target[name]!;
  for (const name of Object.keys(source)) out[name] = source[name]!;
  return out;
}

/** The first value of a query parameter, or undefined. */
export function queryValue(context: XConnectRouteContext, name: string): string | undefined {
  return context.query.get(name)?.[0];
}

/** Who the platform recorded as creator or modifier: the access key's label, else the api key. */
export function actorOf(context: XConnectRouteContext): string {
  return context.credential?.label ?? context.credential?.apiKey ?? 'anonymous';
}

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

/** An optional string field of a body; a non-string is a 400. Blank strings count as absent, as `StringUtils.isNotEmpty` did. */
export function optionalText(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new XConnectApiError(`${key} must be a string`);
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
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
      throw new XConnectApiError(`${key}.${name} must be text`);
    }
    out[name] = String(entry).trim();
  }
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

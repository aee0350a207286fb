/** Analytics answered from a fixed table (config file, admin API): a team's own deployment simulated without code. */
import { isJsonObject } from '../../http/jsonBody.js';
import type { JsonObject } from '../../http/types.js';
import { MockInputError, readObject, readOptionalString, rejectUnknownKeys } from '../../input/readInput.js';
import { isKxPathSegment, KX_AUTH_GROUP } from '../http/callPath.js';
import type { KxAnalyticHandler } from './analyticTypes.js';
import { KxParamError } from '../http/kxCallError.js';
import { parseIsoTime } from './isoTime.js';
import { readKxSyms, readKxTime } from './params.js';

/** A table-backed analytic as the config file or the admin API describes it. */
export interface KxStaticAnalyticInput {
  group: string;
  method: string;
  /** The rows answered (the `msg` of the answer). */
  rows: JsonObject[];
  /** Shown in `GET /__sigkit/kx/analytics`. */
  description?: string;
}

/** Most rows a static table may hold. */
export const MAX_STATIC_ROWS = 100_000;

const FIELDS = ['group', 'method', 'rows', 'description'] as const;

/**
 * Validates a group or method name: one path segment of `/connect/api/<group>/<method>` as the
 * signer sends it; `auth` is reserved for login and logout.
 */
export function checkKxAnalyticName(group: unknown, method: unknown, where: string): { group: string; method: string } {
  for (const [name, value] of [['group', group], ['method', method]] as const) {
    if (typeof value !== 'string' || !isKxPathSegment(value)) {
      throw new MockInputError(`${where}.${name} must be one path segment of letters, digits and -._~ (e.g. "monPublic"), got ${JSON.stringify(value) ?? String(value)}`);
    }
  }
  if (group === KX_AUTH_GROUP) throw new MockInputError(`${where}.group "${KX_AUTH_GROUP}" is reserved for login and logout`);
  return { group: group as string, method: method as string };
}

/**
 * Validates an untrusted static analytic (config entry, admin body).
 *
 * @example
 * ```ts
 * parseKxStaticAnalytic({ group: 'trade', method: 'getVwap', rows: [{ sym: 'AAPL', vwap: 187.2 }] }, 'kx.analytics[0]');
 * ```
 */
export function parseKxStaticAnalytic(value: unknown, where: string): KxStaticAnalyticInput {
  const object = readObject(value, where);
  rejectUnknownKeys(object, FIELDS, where);
  const { group, method } = checkKxAnalyticName(object.group, object.method, where);
  if (!Array.isArray(object.rows) || !object.rows.every((row) => isJsonObject(row as JsonObject))) {
    throw new MockInputError(`${where}.rows must be an array of row objects, e.g. [{ "sym": "a", "value": 1 }]`);
  }
  if (object.rows.length > MAX_STATIC_ROWS) throw new MockInputError(`${where}.rows has ${object.rows.length} rows; at most ${MAX_STATIC_ROWS}`);
  const input: KxStaticAnalyticInput = { group, method, rows: object.rows as JsonObject[] };
  const description = readOptionalString(object, 'description', where);
  if (description !== undefined) input.description = description;
  return input;
}

/**
 * The handler of a static table. It answers every row, narrowed like the monitoring analytics when
 * the caller asks: `startTime`/`endTime` keep rows whose `time` (ISO-8601) is in the range, `syms`
 * keeps rows whose `sym` is listed. Other parameters are ignored, as a fixed table has no use for them.
 *
 * @example
 * ```ts
 * core.kx.registerAnalytic('trade', 'getVwap', staticTableHandler([{ sym: 'AAPL', vwap: 187.2 }]));
 * ```
 */
export function staticTableHandler(rows: readonly JsonObject[]): KxAnalyticHandler {
  return (context) => {
    const { params } = context;
    let kept: readonly JsonObject[] = rows;
    const start = readKxTime(params, 'startTime');
    const end = readKxTime(params, 'endTime');
    if (start !== undefined && end !== undefined && start > end) throw new KxParamError('startTime', 'must not be after endTime');
    if (start !== undefined || end !== undefined) {
      kept = kept.filter((row) => {
        const time = typeof row.time === 'string' ? parseIsoTime(row.time) : undefined;
        return time !== undefined && time >= (start ?? -Infinity) && time <= (end ?? Infinity);
      });
    }
    if (params.syms !== undefined) {
      const syms = readKxSyms(params, undefined);
      if (syms !== undefined) kept = kept.filter((row) => typeof row.sym === 'string' && syms.includes(row.sym));
    }
    return kept.map((row) => ({ ...row }));
  };
}

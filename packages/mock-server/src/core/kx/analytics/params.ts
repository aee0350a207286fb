/** Readers for analytic parameters (`msg[0]`, docs/spec/kx-connect.md §3): each bad value is a 400 that names its parameter. */
import type { JsonObject, JsonValue } from '../../http/types.js';
import { KxParamError } from '../http/kxCallError.js';
import { parseIsoTime } from './isoTime.js';

/** A time range in epoch ms, both ends included. */
export interface KxTimeRange {
  start: number;
  end: number;
}

function describe(value: JsonValue | undefined): string {
  return JSON.stringify(value) ?? 'nothing';
}

/**
 * Refuses parameters the analytic does not take, so a typo (`start_time`) is not silently ignored.
 *
 * @example
 * ```ts
 * checkKxParams(params, ['startTime', 'endTime', 'syms'], 'monPublic.getMem');
 * ```
 */
export function checkKxParams(params: JsonObject, known: readonly string[], analytic: string): void {
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) {
      throw new KxParamError(name, `is not a parameter of ${analytic} (it takes ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
  }
}

/**
 * An optional ISO-8601 time parameter in epoch ms (no zone means UTC); `undefined` when absent or null.
 *
 * @example
 * ```ts
 * readKxTime({ startTime: '2025-03-14T15:00:00Z' }, 'startTime'); // 1741964400000
 * ```
 */
export function readKxTime(params: JsonObject, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseIsoTime(value) : undefined;
  if (ms === undefined) throw new KxParamError(name, `must be an ISO-8601 time such as "2025-03-14T15:00:00Z", got ${describe(value)}`);
  return ms;
}

/**
 * `startTime` and `endTime` as a range: `endTime` defaults to `now` (server time), `startTime` to
 * `defaultMinutes` before the end. A start after the end is a 400.
 *
 * @example
 * ```ts
 * readKxTimeRange({}, { now, defaultMinutes: 60 }); // the last hour
 * ```
 */
export function readKxTimeRange(params: JsonObject, options: { now: number; defaultMinutes: number }): KxTimeRange {
  const end = readKxTime(params, 'endTime') ?? options.now;
  const start = readKxTime(params, 'startTime') ?? end - options.defaultMinutes * 60_000;
  if (start > end) throw new KxParamError('startTime', `must not be after endTime (${new Date(start).toISOString()} > ${new Date(end).toISOString()})`);
  return { start, end };
}

/**
 * The `syms` parameter: a list of server names (a single name is taken as a list of one).
 * `undefined` when absent, null or empty, meaning every server. With `known`, a name outside it is a 400.
 *
 * @example
 * ```ts
 * readKxSyms({ syms: ['rdb_a'] }, ['rdb_a', 'hdb_a']); // ['rdb_a']
 * ```
 */
export function readKxSyms(params: JsonObject, known: readonly string[] | undefined): string[] | undefined {
  const value = params.syms;
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) {
    throw new KxParamError('syms', `must be a list of server names such as ["${known?.[0] ?? 'rdb_a'}"], got ${describe(value)}`);
  }
  if (list.length === 0) return undefined;
  const names = list as string[];
  if (known) {
    const unknown = names.filter((s) => !known.includes(s));
    if (unknown.length > 0) throw new KxParamError('syms', `names unknown servers ${unknown.map((s) => JSON.stringify(s)).join(', ')} (known: ${known.join(', ')})`);
  }
  return [...new Set(names)];
}

/**
 * An optional whole-number parameter within `[min, max]`, or `fallback` when absent or null.
 *
 * @example
 * ```ts
 * readKxWholeNumber({ bucket: 15 }, 'bucket', { min: 1, max: 10_080, fallback: 10, unit: 'minutes' }); // 15
 * ```
 */
export function readKxWholeNumber(params: JsonObject, name: string, options: { min: number; max: number; fallback: number; unit: string }): number {
  const value = params[name];
  if (value === undefined || value === null) return options.fallback;
  // A whole number sent as text ("15") is accepted, as a query-string-minded client may send it.
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < options.min || number > options.max) {
    throw new KxParamError(name, `must be a whole number of ${options.unit} from ${options.min} to ${options.max}, got ${describe(value)}`);
  }
  return number;
}

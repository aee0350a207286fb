/** The parameters every monitoring analytic shares (docs/spec/kx-connect.md §3): a time range, the servers, and the minutes they cover. */
import type { KxAnalyticContext } from '../analytics/analyticTypes.js';
import { KxCallError } from '../http/kxCallError.js';
import { checkKxParams, readKxSyms, readKxTimeRange, type KxTimeRange } from '../analytics/params.js';

/** Minutes of data given when a call names no `startTime`: the last hour of the server clock. */
export const DEFAULT_RANGE_MINUTES = 60;

/** What a monitoring call asks for. */
export interface MonitorQuery {
  range: KxTimeRange;
  /** The servers to answer for, in the configured order. */
  syms: readonly string[];
  /** First and last epoch minute with data in the range (no data after the server's current minute); `count` may be 0. */
  firstMinute: number;
  lastMinute: number;
  minuteCount: number;
}

/**
 * Reads `startTime`, `endTime` and `syms` (plus `extra` parameters the analytic reads itself),
 * refusing any other parameter.
 *
 * @example
 * ```ts
 * const query = readMonitorQuery(context, []); // the last hour, every server
 * ```
 */
export function readMonitorQuery(context: KxAnalyticContext, extra: readonly string[]): MonitorQuery {
  checkKxParams(context.params, ['startTime', 'endTime', 'syms', ...extra], `${context.group}.${context.method}`);
  const range = readKxTimeRange(context.params, { now: context.now, defaultMinutes: DEFAULT_RANGE_MINUTES });
  const wanted = readKxSyms(context.params, context.servers);
  const syms = wanted ? context.servers.filter((s) => wanted.includes(s)) : context.servers;
  const firstMinute = Math.ceil(range.start / 60_000);
  const lastMinute = Math.floor(Math.min(range.end, context.now) / 60_000);
  return { range, syms, firstMinute, lastMinute, minuteCount: Math.max(0, lastMinute - firstMinute + 1) };
}

/**
 * Refuses an answer of more than `max` rows (or samples), naming the range as the parameter to change.
 *
 * @example
 * ```ts
 * checkRowCount(query.minuteCount * query.syms.length, context.maxRows, 'rows', 'narrow startTime/endTime or syms, or use getMemBucket');
 * ```
 */
export function checkRowCount(count: number, max: number, what: string, advice: string): void {
  if (count > max) {
    throw new KxCallError(400, `startTime/endTime cover ${count} ${what}; at most ${max} per call: ${advice}`, 'startTime');
  }
}

/** A time column value: the minute as ISO-8601. */
export function minuteTime(minute: number): string {
  return new Date(minute * 60_000).toISOString();
}

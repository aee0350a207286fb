/** `monPublic.getCPU` (docs/spec/kx-connect.md §3, table monCPU): CPU usage per server per minute. */
import type { JsonObject } from '../../http/types.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { checkRowCount, minuteTime, readMonitorQuery } from './monitorQuery.js';
import { monitorMetric, type MonitorMetric } from './samples.js';
import { serverTraits } from './serverTraits.js';

/** What `getCPU` takes and answers. */
export const GET_CPU_INFO: KxAnalyticInfo = {
  description: 'CPU usage in percent (two decimals), one row per server per minute (monCPU)',
  params: ['startTime', 'endTime', 'syms'],
  columns: ['time', 'sym', 'usage'],
};

/** Answers `time, sym, usage` rows in `[startTime, endTime]` (default: the last hour). */
export const getCPU: KxAnalyticHandler = usagePerMinute('cpu');

/**
 * An analytic answering one metric as `usage`, one row per server per minute: getCPU, and getDisk
 * with `'disk'`.
 */
export function usagePerMinute(metric: MonitorMetric): KxAnalyticHandler {
  return (context) => {
    const query = readMonitorQuery(context, []);
    checkRowCount(query.minuteCount * query.syms.length, context.maxRows, 'rows', 'narrow startTime/endTime or syms');
    const traits = query.syms.map((sym) => serverTraits(context.seed, sym));
    const rows: JsonObject[] = [];
    for (let minute = query.firstMinute; minute <= query.lastMinute; minute += 1) {
      for (const server of traits) rows.push({ time: minuteTime(minute), sym: server.sym, usage: monitorMetric(context.seed, server, metric, minute) });
    }
    return rows;
  };
}

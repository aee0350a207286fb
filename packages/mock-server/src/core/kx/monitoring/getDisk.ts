/** `monPublic.getDisk` (spec kx-connect §3, table monDisk): disk usage per server per minute. */
import type { JsonObject } from '../../http/types.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { checkRowCount, minuteTime, readMonitorQuery } from './monitorQuery.js';
import { monitorMetric } from './samples.js';
import { serverTraits } from './serverTraits.js';

/** What `getDisk` takes and answers. */
export const GET_DISK_INFO: KxAnalyticInfo = {
  description: 'disk usage in percent (two decimals), one row per server per minute (monDisk)',
  params: ['startTime', 'endTime', 'syms'],
  columns: ['time', 'sym', 'usage'],
};

/** Answers `time, sym, usage` rows in `[startTime, endTime]` (default: the last hour). */
export const getDisk: KxAnalyticHandler = (context) => {
  const query = readMonitorQuery(context, []);
  checkRowCount(query.minuteCount * query.syms.length, context.maxRows, 'rows', 'narrow startTime/endTime or syms');
  const traits = query.syms.map((sym) => serverTraits(context.seed, sym));
  const rows: JsonObject[] = [];
  for (let minute = query.firstMinute; minute <= query.lastMinute; minute += 1) {
    for (const server of traits) rows.push({ time: minuteTime(minute), sym: server.sym, usage: monitorMetric(context.seed, server, 'disk', minute) });
  }
  return rows;
};

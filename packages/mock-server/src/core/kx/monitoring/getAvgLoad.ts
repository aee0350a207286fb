/** `monPublic.getAvgLoad` (docs/spec/kx-connect.md §3, table monAvgLoad): load averaged over the five minutes up to each minute. */
import type { JsonObject } from '../../http/types.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { checkRowCount, minuteTime, readMonitorQuery } from './monitorQuery.js';
import { memorySample, monitorMetric } from './samples.js';
import { serverTraits } from './serverTraits.js';

/** Minutes each average covers: the row's minute and the four before it, like a 5-minute load average. */
export const LOAD_WINDOW_MINUTES = 5;

/** What `getAvgLoad` takes and answers. */
export const GET_AVG_LOAD_INFO: KxAnalyticInfo = {
  description: `per server per minute, means over the ${LOAD_WINDOW_MINUTES} minutes ending at that minute: CPU %, virtual memory bytes (heap + mmap), physical memory % (used / mphy), disk %`,
  params: ['startTime', 'endTime', 'syms'],
  columns: ['time', 'sym', 'avgCPU', 'avgMemV', 'avgMemP', 'avgDisk'],
};

/**
 * Answers, for minute `m` of each server, the means over minutes `m-4 … m` of: `getCPU` usage
 * (`avgCPU`), `heap + mmap` of `getMem` (`avgMemV`, bytes), `100 × used / mphy` (`avgMemP`) and
 * `getDisk` usage (`avgDisk`). The window reaches before `startTime` where needed.
 */
export const getAvgLoad: KxAnalyticHandler = (context) => {
  const query = readMonitorQuery(context, []);
  checkRowCount(query.minuteCount * query.syms.length, context.maxRows, 'rows', 'narrow startTime/endTime or syms');
  const rows: JsonObject[] = [];
  if (query.minuteCount === 0) return rows;
  const series = query.syms.map((sym) => {
    const traits = serverTraits(context.seed, sym);
    // Every minute any window touches, computed once.
    const first = query.firstMinute - (LOAD_WINDOW_MINUTES - 1);
    const points = [];
    for (let minute = first; minute <= query.lastMinute; minute += 1) {
      const memory = memorySample(context.seed, traits, minute);
      points.push({
        cpu: monitorMetric(context.seed, traits, 'cpu', minute),
        memV: memory.heap + memory.mmap,
        memP: (100 * memory.used) / memory.mphy,
        disk: monitorMetric(context.seed, traits, 'disk', minute),
      });
    }
    return { sym, first, points };
  });
  for (let minute = query.firstMinute; minute <= query.lastMinute; minute += 1) {
    for (const { sym, first, points } of series) {
      const window = points.slice(minute - first - (LOAD_WINDOW_MINUTES - 1), minute - first + 1);
      const mean = (pick: (p: (typeof points)[number]) => number) => window.reduce((sum, p) => sum + pick(p), 0) / window.length;
      rows.push({ time: minuteTime(minute), sym, avgCPU: mean((p) => p.cpu), avgMemV: mean((p) => p.memV), avgMemP: mean((p) => p.memP), avgDisk: mean((p) => p.disk) });
    }
  }
  return rows;
};

/** `monPublic.getMem` (docs/spec/kx-connect.md §3): raw memory samples, one row per server per minute, with the columns of kdb+ `.Q.w[]`. */
import type { JsonObject } from '../../http/types.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { createAnswerCache } from '../../http/answerCache.js';
import { checkRowCount, minuteTime, readMonitorQuery, type MonitorQuery } from './monitorQuery.js';
import { memorySample } from './samples.js';
import { serverTraits } from './serverTraits.js';

/** What `getMem` takes and answers. */
export const GET_MEM_INFO: KxAnalyticInfo = {
  description: 'raw memory samples, one row per server per minute (the columns of kdb+ .Q.w[])',
  params: ['startTime', 'endTime', 'syms'],
  columns: ['time', 'sym', 'used', 'heap', 'peak', 'wmax', 'mmap', 'mphy', 'syms', 'symw'],
};

// The rows are a pure function of the seed, the servers and the minutes, so they are kept (frozen,
// with their JSON text) for clients that ask for the same window again, as pollers do within a minute.
const keptRows = createAnswerCache(4 * 1024 * 1024);

/**
 * Answers memory samples in `[startTime, endTime]` (default: the last hour), ordered by time,
 * then server in configured order.
 */
export const getMem: KxAnalyticHandler = (context) => {
  const query = readMonitorQuery(context, []);
  checkRowCount(query.minuteCount * query.syms.length, context.maxRows, 'rows', 'narrow startTime/endTime or syms, or use getMemBucket');
  const key = `${context.seed}|${query.syms.join(',')}|${query.firstMinute}|${query.lastMinute}`;
  const kept = keptRows.get(key, 0) ?? keptRows.set(key, 0, memoryRows(context.seed, query));
  return kept.body as JsonObject[];
};

function memoryRows(seed: number, query: MonitorQuery): JsonObject[] {
  const traits = query.syms.map((sym) => serverTraits(seed, sym));
  const rows: JsonObject[] = [];
  for (let minute = query.firstMinute; minute <= query.lastMinute; minute += 1) {
    const time = minuteTime(minute);
    for (const server of traits) {
      const sample = memorySample(seed, server, minute);
      // A whole literal, not a spread of the sample: V8 makes spread rows slower to build and to serialise.
      rows.push({
        time, sym: server.sym, used: sample.used, heap: sample.heap, peak: sample.peak, wmax: sample.wmax,
        mmap: sample.mmap, mphy: sample.mphy, syms: sample.syms, symw: sample.symw,
      });
    }
  }
  return rows;
}

/** `monPublic.getMemBucket` (docs/spec/kx-connect.md §3): memory samples averaged per server over buckets of `bucket` minutes. */
import type { JsonObject } from '../../http/types.js';
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { readKxWholeNumber } from '../analytics/params.js';
import { checkRowCount, minuteTime, readMonitorQuery } from './monitorQuery.js';
import { MEMORY_METRICS, memorySample } from './samples.js';
import { serverTraits } from './serverTraits.js';

/** Bucket width when a call gives none, minutes. */
export const DEFAULT_BUCKET_MINUTES = 10;
/** Widest bucket, minutes (a week). */
export const MAX_BUCKET_MINUTES = 10_080;
/** How many samples a call may average, per row allowed in an answer (`kx.maxRows`). */
export const SAMPLES_PER_ROW_LIMIT = 20;

/** What `getMemBucket` takes and answers. */
export const GET_MEM_BUCKET_INFO: KxAnalyticInfo = {
  description: 'memory samples averaged per server over buckets of `bucket` minutes (default 10), aligned like q xbar',
  params: ['startTime', 'endTime', 'syms', 'bucket'],
  columns: ['time', 'sym', 'used', 'heap', 'peak', 'wmax', 'mmap', 'mphy', 'syms', 'symw'],
};

/**
 * Answers one row per bucket per server: `time` is the bucket's start (`bucket xbar minute`, so
 * buckets align to multiples of `bucket` minutes since the epoch), and each memory column is the
 * plain mean of that server's samples in the bucket that fall inside the range (buckets cut by
 * the range average only the samples inside it).
 */
export const getMemBucket: KxAnalyticHandler = (context) => {
  const query = readMonitorQuery(context, ['bucket']);
  const bucket = readKxWholeNumber(context.params, 'bucket', { min: 1, max: MAX_BUCKET_MINUTES, fallback: DEFAULT_BUCKET_MINUTES, unit: 'minutes' });
  const samples = query.minuteCount * query.syms.length;
  checkRowCount(samples, context.maxRows * SAMPLES_PER_ROW_LIMIT, 'samples to average', 'narrow startTime/endTime or syms');
  const traits = query.syms.map((sym) => serverTraits(context.seed, sym));
  const rows: JsonObject[] = [];
  if (query.minuteCount === 0) return rows;
  for (let start = Math.floor(query.firstMinute / bucket) * bucket; start <= query.lastMinute; start += bucket) {
    const from = Math.max(start, query.firstMinute);
    const to = Math.min(start + bucket - 1, query.lastMinute);
    for (const server of traits) {
      const sums = MEMORY_METRICS.map(() => 0);
      for (let minute = from; minute <= to; minute += 1) {
        const sample = memorySample(context.seed, server, minute);
        MEMORY_METRICS.forEach((metric, i) => (sums[i]! += sample[metric]));
      }
      const row: JsonObject = { time: minuteTime(start), sym: server.sym };
      MEMORY_METRICS.forEach((metric, i) => (row[metric] = sums[i]! / (to - from + 1)));
      rows.push(row);
    }
  }
  checkRowCount(rows.length, context.maxRows, 'rows', 'widen bucket, or narrow startTime/endTime or syms');
  return rows;
};

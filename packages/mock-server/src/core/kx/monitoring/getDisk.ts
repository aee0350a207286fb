/** `monPublic.getDisk` (docs/spec/kx-connect.md §3, table monDisk): disk usage per server per minute. */
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { usagePerMinute } from './getCPU.js';

/** What `getDisk` takes and answers. */
export const GET_DISK_INFO: KxAnalyticInfo = {
  description: 'disk usage in percent (two decimals), one row per server per minute (monDisk)',
  params: ['startTime', 'endTime', 'syms'],
  columns: ['time', 'sym', 'usage'],
};

/** Answers `time, sym, usage` rows in `[startTime, endTime]` (default: the last hour). */
export const getDisk: KxAnalyticHandler = usagePerMinute('disk');

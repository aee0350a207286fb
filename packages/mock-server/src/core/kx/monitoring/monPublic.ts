/** The built-in analytic group `monPublic` (docs/spec/kx-connect.md §3): the guides' monitoring examples. */
import type { KxAnalyticHandler, KxAnalyticInfo } from '../analytics/analyticTypes.js';
import { getAvgLoad, GET_AVG_LOAD_INFO } from './getAvgLoad.js';
import { getCPU, GET_CPU_INFO } from './getCPU.js';
import { getDisk, GET_DISK_INFO } from './getDisk.js';
import { getMem, GET_MEM_INFO } from './getMem.js';
import { getMemBucket, GET_MEM_BUCKET_INFO } from './getMemBucket.js';

/** The group name of the monitoring analytics. */
export const MON_PUBLIC_GROUP = 'monPublic';

/** Each built-in monitoring analytic with what it takes and answers. */
export const MON_PUBLIC_ANALYTICS: ReadonlyArray<{ method: string; handler: KxAnalyticHandler; info: KxAnalyticInfo }> = [
  { method: 'getMem', handler: getMem, info: GET_MEM_INFO },
  { method: 'getMemBucket', handler: getMemBucket, info: GET_MEM_BUCKET_INFO },
  { method: 'getCPU', handler: getCPU, info: GET_CPU_INFO },
  { method: 'getDisk', handler: getDisk, info: GET_DISK_INFO },
  { method: 'getAvgLoad', handler: getAvgLoad, info: GET_AVG_LOAD_INFO },
];

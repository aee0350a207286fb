/** One minute of a monitored server: each metric a pure function of (seed, server, metric, minute), so any range is computed on demand. */
import { unitHash } from '../../random/deterministic.js';
import { HEAP_BLOCK_BYTES, type ServerTraits } from './serverTraits.js';

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** The memory columns of `.Q.w[]` in kdb+, bytes except `syms` (a count). */
export interface MemorySample {
  used: number;
  heap: number;
  peak: number;
  wmax: number;
  mmap: number;
  mphy: number;
  syms: number;
  symw: number;
}

/** Every metric of one server at one minute. */
export interface MonitorSample extends MemorySample {
  /** CPU usage, percent, two decimals. */
  cpu: number;
  /** Disk usage, percent, two decimals. */
  disk: number;
}

/** The metrics a sample has. */
export type MonitorMetric = keyof MonitorSample;

const round2 = (x: number) => Math.round(x * 100) / 100;
const mod = (a: number, n: number) => ((a % n) + n) % n;

/** 0 at the server's quietest minute of the day, 1 at its busiest. */
function dailyWave(traits: ServerTraits, minute: number): number {
  return (1 + Math.sin((2 * Math.PI * mod(minute + traits.phaseMinutes, MINUTES_PER_DAY)) / MINUTES_PER_DAY)) / 2;
}

function heapBytes(seed: number, traits: ServerTraits, minute: number): number {
  const blocks = traits.heapBaseBlocks + Math.floor(traits.heapSwingBlocks * dailyWave(traits, minute)) + Math.floor(unitHash(seed, traits.sym, 'heap', minute) * 2);
  return blocks * HEAP_BLOCK_BYTES;
}

/**
 * One metric of one server at one epoch minute (`floor(ms / 60000)`). The memory metrics keep the
 * invariants of `.Q.w[]`: `used <= heap <= peak`, `symw = syms × bytes per symbol`.
 *
 * @example
 * ```ts
 * monitorMetric(42, serverTraits(42, 'ds_rdb_ops_a'), 'cpu', 29_032_455); // e.g. 23.41, every time
 * ```
 */
export function monitorMetric(seed: number, traits: ServerTraits, metric: MonitorMetric, minute: number): number {
  switch (metric) {
    case 'cpu': {
      const noise = (unitHash(seed, traits.sym, 'cpu', minute) - 0.5) * 16;
      return round2(Math.min(100, Math.max(0, traits.cpuBase + traits.cpuSwing * (2 * dailyWave(traits, minute) - 1) + noise)));
    }
    case 'heap':
      return heapBytes(seed, traits, minute);
    case 'used':
      return Math.floor(heapBytes(seed, traits, minute) * (0.35 + 0.55 * unitHash(seed, traits.sym, 'used', minute)));
    case 'peak':
      // Above any heap the day can reach (base + swing + one noise block), so peak >= heap always holds.
      return (traits.heapBaseBlocks + traits.heapSwingBlocks + 2) * HEAP_BLOCK_BYTES;
    case 'wmax':
      return traits.wmax;
    case 'mmap':
      return traits.mmap;
    case 'mphy':
      return traits.mphy;
    case 'syms':
      // Symbols accumulate through the day and start again at midnight (end-of-day).
      return traits.symsBase + mod(minute, MINUTES_PER_DAY) * traits.symsPerMinute;
    case 'symw':
      return (traits.symsBase + mod(minute, MINUTES_PER_DAY) * traits.symsPerMinute) * traits.bytesPerSym;
    case 'disk': {
      const noise = (unitHash(seed, traits.sym, 'disk', minute) - 0.5) * 0.1;
      return round2(Math.min(99, traits.diskBase + (traits.diskWeeklyGrowth * mod(minute, MINUTES_PER_WEEK)) / MINUTES_PER_WEEK + noise));
    }
  }
}

/** The memory columns in `.Q.w[]` order. */
export const MEMORY_METRICS: readonly (keyof MemorySample)[] = ['used', 'heap', 'peak', 'wmax', 'mmap', 'mphy', 'syms', 'symw'];

/**
 * The memory metrics of one server at one minute.
 *
 * @example
 * ```ts
 * memorySample(42, traits, minute).heap % (64 * 1024 * 1024); // 0
 * ```
 */
export function memorySample(seed: number, traits: ServerTraits, minute: number): MemorySample {
  const heap = heapBytes(seed, traits, minute);
  const syms = monitorMetric(seed, traits, 'syms', minute);
  return {
    used: Math.floor(heap * (0.35 + 0.55 * unitHash(seed, traits.sym, 'used', minute))),
    heap,
    peak: monitorMetric(seed, traits, 'peak', minute),
    wmax: traits.wmax,
    mmap: traits.mmap,
    mphy: traits.mphy,
    syms,
    symw: syms * traits.bytesPerSym,
  };
}

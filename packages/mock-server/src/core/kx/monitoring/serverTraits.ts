/** What sets one monitored server apart from another (memory size, base load, disk): constants drawn from the seed and the server name. */
import { unitHash } from '../../random/deterministic.js';

/** kdb+ grows its heap in blocks of 64 MiB. */
export const HEAP_BLOCK_BYTES = 64 * 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

/** A server's constants. */
export interface ServerTraits {
  sym: string;
  /** Physical memory, bytes. */
  mphy: number;
  /** Workspace limit (`-w`), bytes; 0 for none. */
  wmax: number;
  /** Memory-mapped bytes (historical data). */
  mmap: number;
  /** Heap at the quietest time of day, in 64 MiB blocks. */
  heapBaseBlocks: number;
  /** Extra heap blocks at the busiest time of day. */
  heapSwingBlocks: number;
  /** Mean CPU usage, percent, and its daily swing either side. */
  cpuBase: number;
  cpuSwing: number;
  /** Disk usage at the start of each week, percent, and how much a week adds. */
  diskBase: number;
  diskWeeklyGrowth: number;
  /** Interned symbols at midnight, how many a minute adds, and bytes each takes. */
  symsBase: number;
  symsPerMinute: number;
  bytesPerSym: number;
  /** Minutes by which the server's daily cycle is shifted. */
  phaseMinutes: number;
}

/**
 * The constants of one server for a seed.
 *
 * @example
 * ```ts
 * serverTraits(42, 'ds_rdb_ops_a').mphy; // the same on every run: 16, 32, 64 or 128 GiB
 * ```
 */
export function serverTraits(seed: number, sym: string): ServerTraits {
  const u = (name: string) => unitHash(seed, 'kx-server', sym, name);
  const mphy = [16, 32, 64, 128][Math.floor(u('mphy') * 4)]! * GIB;
  return {
    sym,
    mphy,
    wmax: u('wmax') < 0.5 ? 0 : mphy / 2,
    mmap: u('mmap') < 0.4 ? (8 + Math.floor(u('mmapSize') * 56)) * GIB : 0,
    heapBaseBlocks: 4 + Math.floor(u('heapBase') * 60),
    heapSwingBlocks: 2 + Math.floor(u('heapSwing') * 16),
    cpuBase: 5 + u('cpuBase') * 40,
    cpuSwing: 5 + u('cpuSwing') * 25,
    diskBase: 20 + u('diskBase') * 50,
    diskWeeklyGrowth: 1 + u('diskGrowth') * 9,
    symsBase: 1000 + Math.floor(u('symsBase') * 49_000),
    symsPerMinute: Math.floor(u('symsRate') * 20),
    bytesPerSym: 16 + Math.floor(u('symWidth') * 33),
    phaseMinutes: Math.floor(u('phase') * 1440),
  };
}

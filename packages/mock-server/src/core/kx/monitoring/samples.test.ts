import { describe, expect, it } from 'vitest';
import { MEMORY_METRICS, memorySample, monitorMetric } from './samples.js';
import { HEAP_BLOCK_BYTES, serverTraits } from './serverTraits.js';

// About two weeks, sampled every seventh minute: every time of day and day of the week.
const minutes = Array.from({ length: 2000 }, (_, i) => 29_000_000 + i * 11);

describe('monitor samples', () => {
  it('are a pure function of seed, server, metric and minute', () => {
    const traits = serverTraits(42, 'rdb');
    for (const minute of minutes.slice(0, 50)) {
      expect(memorySample(42, traits, minute)).toEqual(memorySample(42, serverTraits(42, 'rdb'), minute));
      for (const metric of MEMORY_METRICS) expect(monitorMetric(42, traits, metric, minute)).toBe(memorySample(42, traits, minute)[metric]);
    }
    const series = (seed: number, sym: string) => minutes.slice(0, 50).map((m) => monitorMetric(seed, serverTraits(seed, sym), 'cpu', m));
    expect(series(42, 'rdb')).not.toEqual(series(43, 'rdb'));
    expect(series(42, 'rdb')).not.toEqual(series(42, 'hdb'));
  });

  it('keep the invariants of .Q.w[] and percent ranges at every minute', () => {
    const broken: string[] = [];
    for (const sym of ['tp', 'rdb', 'hdb', 'gw']) {
      const traits = serverTraits(7, sym);
      for (const minute of minutes) {
        const m = memorySample(7, traits, minute);
        const cpu = monitorMetric(7, traits, 'cpu', minute);
        const disk = monitorMetric(7, traits, 'disk', minute);
        const checks = {
          'used <= heap': m.used <= m.heap,
          'heap <= peak': m.heap <= m.peak,
          'heap in blocks': m.heap % HEAP_BLOCK_BYTES === 0,
          'symw = syms x width': m.syms * traits.bytesPerSym === m.symw,
          'whole bytes': Number.isSafeInteger(m.used) && Number.isSafeInteger(m.symw),
          'cpu percent': cpu >= 0 && cpu <= 100,
          'disk percent': disk >= 0 && disk <= 99,
        };
        for (const [name, holds] of Object.entries(checks)) if (!holds) broken.push(`${sym}@${minute}: ${name}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('start the symbol count again at each UTC midnight', () => {
    const traits = serverTraits(1, 'rdb');
    const midnight = 1440 * 20_000;
    expect(monitorMetric(1, traits, 'syms', midnight)).toBe(traits.symsBase);
    expect(monitorMetric(1, traits, 'syms', midnight - 1)).toBe(traits.symsBase + 1439 * traits.symsPerMinute);
  });
});

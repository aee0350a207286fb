import { describe, expect, it } from 'vitest';
import type { CheckCase } from '../cases/checkCase.js';
import type { Outcome } from '../judge/outcome.js';
import type { Exchange, ProtocolRequest } from '../protocol/types.js';
import { runCases } from './runCases.js';

const testCase = (index: number, category = 'generated'): CheckCase => ({
  category, caseId: `generated#${index}`, title: `case ${index}`, flags: [], request: { id: `generated#${index}` } as ProtocolRequest, expect: index, size: 1,
});
const echo: Exchange = async () => ({ kind: 'verdict', valid: true });
// Every seventh case fails.
const judge = (c: CheckCase): Outcome => ((c.expect as number) % 7 === 0 ? { ok: false, failure: { kind: 'protocol', classKey: 'seventh', headline: '', message: '', flags: [] } } : { ok: true });

describe('runCases', () => {
  it('builds lazy cases one at a time, keeps only the results asked for and counts every case', async () => {
    let built = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const exchange: Exchange = async (request) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return echo(request);
    };
    const run = await runCases({ length: 100, category: 'generated', at: (i) => (built++, testCase(i)) }, exchange, judge, {
      window: 8,
      retain: (r) => r.outcome !== undefined && !r.outcome.ok,
    });
    expect(built).toBe(100);
    expect(mostInFlight).toBeLessThanOrEqual(8);
    expect(run.results.map((r) => r.testCase.caseId)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98].map((i) => `generated#${i}`));
    expect(run.categories).toEqual([{ name: 'generated', total: 100, passed: 85, failed: 15, notRun: 0 }]);
  });

  it('counts lazy cases never built as not run when the run stops early', async () => {
    let sent = 0;
    const run = await runCases({ length: 50, category: 'generated', at: (i) => testCase(i) }, (r) => (sent++, echo(r)), judge, { window: 1, shouldStop: () => sent >= 10 });
    expect(run.categories).toEqual([{ name: 'generated', total: 50, passed: 8, failed: 2, notRun: 40 }]);
  });

  it('keeps every case of an array, run or not, with categories in the order of the cases', async () => {
    const cases = [testCase(1, 'vectors'), testCase(2, 'deviation vectors'), testCase(7, 'vectors'), testCase(4, 'deviation vectors')];
    let sent = 0;
    const run = await runCases(cases, (r) => (sent++, echo(r)), judge, { window: 1, shouldStop: () => sent >= 3 });
    expect(run.results.map((r) => r.outcome?.ok)).toEqual([true, true, false, undefined]);
    expect(run.categories).toEqual([
      { name: 'vectors', total: 2, passed: 1, failed: 1, notRun: 0 },
      { name: 'deviation vectors', total: 2, passed: 1, failed: 0, notRun: 1 },
    ]);
  });
});

/** The example adapters of examples/adapters, checked end to end through real adapter processes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdapter, type ConformanceReport } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const python = (file: string) => `python3 ${JSON.stringify(join(root, 'examples', 'adapters', file))}`;
const node = `node --conditions=@sigkit/source --import tsx ${JSON.stringify(join(root, 'examples', 'adapters', 'node_adapter.ts'))}`;

const casesRun = (report: ConformanceReport, category: string) => report.categories.find((c) => c.name === category);

describe('examples/adapters', () => {
  it('the correct Python xConnect adapter passes every vector and 2,000 generated cases', async () => {
    const report = await checkAdapter({ scheme: 'xconnect', command: python('xconnect_adapter.py'), cases: 2000, seed: 20240506, cwd: root });
    expect(report.fatal).toBeNull();
    expect(report.failures).toEqual([]);
    expect(casesRun(report, 'generated')).toMatchObject({ total: 2000, passed: 2000 });
    // The guide's documented example is among the vectors (vectors/README.md).
    expect(report.cases).toContainEqual(expect.objectContaining({ caseId: 'v1_canonicalization#1', status: 'passed' }));
    expect(report.ok).toBe(true);
  });

  it('the CRLF Python adapter fails, shrinks to one query parameter, and is named CrlfQueryLines', async () => {
    const report = await checkAdapter({ scheme: 'xconnect', command: python('xconnect_adapter_crlf.py'), cases: 300, seed: 7, cwd: root });
    expect(report.ok).toBe(false);
    expect(report.failures).toHaveLength(1);
    const [failure] = report.failures;
    expect(failure!.flags).toEqual(['CrlfQueryLines']);
    expect(failure!.step).toBe('query lines');
    const counterexample = failure!.counterexample;
    expect(counterexample.shrunk).not.toBeNull();
    expect(counterexample.request.role === 'signer' && counterexample.request.scheme === 'xconnect' && counterexample.request.query).toHaveLength(1);
    // The adapter sent its own canonical request: the diff shows the carriage return on the query line.
    const changed = counterexample.diagnosis!.diff!.lines.filter((l) => l.op !== 'same');
    expect(changed).toHaveLength(2);
    expect(changed[1]!.text).toBe(`${changed[0]!.text}\r`);
    // Requests without a query are signed the same with either line ending: the vector without one passes.
    expect(report.cases).toContainEqual(expect.objectContaining({ caseId: 'v1_canonicalization#3', status: 'passed' }));
  });

  it('the Node adapter passes 2,000 generated xConnect cases and the KX ones', async () => {
    const xconnect = await checkAdapter({ scheme: 'xconnect', command: node, cases: 2000, seed: 99, cwd: root });
    expect(xconnect.failures).toEqual([]);
    expect(casesRun(xconnect, 'generated')).toMatchObject({ total: 2000, passed: 2000 });
    const kx = await checkAdapter({ scheme: 'kx', command: node, cases: 500, seed: 99, cwd: root });
    expect(kx.failures).toEqual([]);
    expect(kx.ok).toBe(true);
  });

  it('the Node adapter, as a verifier, rules like the reference on vectors, server checks and tampered requests', async () => {
    for (const scheme of ['xconnect', 'kx'] as const) {
      const report = await checkAdapter({ scheme, role: 'verifier', command: node, cases: 500, seed: 3, cwd: root });
      expect(report.failures).toEqual([]);
      expect(casesRun(report, 'server checks')!.total).toBeGreaterThan(15);
      expect(casesRun(report, 'tampered')).toMatchObject({ total: 500, passed: 500 });
    }
  });

  it('the Python KX adapter passes under the default profile and under a variant profile', async () => {
    const standard = await checkAdapter({ scheme: 'kx', command: python('kx_adapter.py'), cases: 2000, seed: 5, cwd: root });
    expect(standard.failures).toEqual([]);
    expect(casesRun(standard, 'vectors')).toMatchObject({ total: 20, passed: 20 });
    const variant = await checkAdapter({ scheme: 'kx', profile: 'NoSeparator', command: python('kx_adapter.py'), cases: 300, seed: 5, cwd: root });
    expect(variant.ok).toBe(true);
    expect(variant.settings.profile?.joiner).toBe('none');
  });
});

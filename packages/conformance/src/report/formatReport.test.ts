import { describe, expect, it } from 'vitest';
import { formatReport } from './formatReport.js';
import { REPORT_VERSION, type ConformanceReport, type FailureReport } from './types.js';

const failure = (classKey: string, occurrences: number): FailureReport => ({
  classKey, kind: 'rejected', headline: `rejected: signature_mismatch, reproduced by ${classKey}`, message: '', flags: [classKey], occurrences,
  byCategory: { generated: occurrences }, caseIds: ['generated#1'],
  counterexample: { caseId: 'generated#1', category: 'generated', title: 'GET /', shrunk: null, request: { id: 'generated#1', scheme: 'xconnect', role: 'signer', method: 'GET', path: '/', query: [], rawQuery: null, body: '', apiKey: 'k', secretKey: 's', timestamp: '2016-04-12T14:28:36.218Z', version: 1 }, answer: null, message: '' },
});

const report = (failures: FailureReport[]): ConformanceReport => ({
  reportVersion: REPORT_VERSION, ok: failures.length === 0, scheme: 'xconnect', role: 'signer', subject: 'in-process', seed: 1, generatedCases: 10,
  settings: {}, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1,
  categories: [{ name: 'generated', total: 10, passed: 10 - failures.reduce((n, f) => n + f.occurrences, 0), failed: failures.reduce((n, f) => n + f.occurrences, 0), notRun: 0 }],
  cases: [], failures, fatal: null,
});

describe('formatReport', () => {
  it('counts causes in its headline, not the cases that failed (issue #14: one root cause, one failure)', () => {
    const text = formatReport(report([failure('UnsortedQuery', 7), failure('CrlfQueryLines', 2)]));
    expect(text).toContain('✗ 2 distinct causes, smallest counterexample first');
    expect(text).toContain('✗ FAILED: 9 of 10 cases failed');
    expect(formatReport(report([failure('UnsortedQuery', 7)]))).toContain('✗ 1 distinct cause,');
  });
});

/** The human-readable report: summary table per category, then each failure with its counterexample, step table and diff. */
import pc from 'picocolors';
import { formatDiagnosis, shortValue as short, showInvisible, wrapWords as wrap } from '@sigkit/signer/explain';
import type { ProtocolRequest } from '../protocol/types.js';
import type { ConformanceReport, FailureReport } from './types.js';

/** How {@link formatReport} writes. */
export interface FormatOptions {
  /** ANSI colours (default false: the caller decides, e.g. only on a TTY without NO_COLOR). */
  color?: boolean;
  /** How many failures to print in full (default 10; the rest are listed by headline). */
  maxFailures?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Formats a report for a terminal or a test failure message.
 *
 * @example
 * ```ts
 * const report = await checkClient({ scheme: 'xconnect', sign });
 * expect(report.ok, formatReport(report)).toBe(true);
 * ```
 */
export function formatReport(report: ConformanceReport, options: FormatOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  const settings = report.settings.versions ? `versions ${report.settings.versions.join(', ')}` : report.settings.profile ? profileText(report.settings.profile) : '';
  lines.push(c.bold(`sigkit check · ${report.scheme} ${report.role} · ${report.subject}`));
  lines.push(c.dim(`seed ${report.seed} · ${report.generatedCases} generated cases${settings ? ` · ${settings}` : ''} · ${(report.durationMs / 1000).toFixed(1)} s`));
  lines.push('');
  lines.push(...table(report, c));
  lines.push('');
  if (report.fatal) lines.push(c.red(c.bold(`✗ the run could not finish: ${report.fatal.message}`)), '');
  const shown = report.failures.slice(0, options.maxFailures ?? 10);
  if (report.failures.length > 0) {
    // The headline counts causes, not cases: one mistake is one entry however many cases it failed.
    lines.push(c.red(c.bold(`✗ ${report.failures.length} distinct cause${report.failures.length === 1 ? '' : 's'}, smallest counterexample first`)), '');
    shown.forEach((failure, i) => lines.push(...formatFailure(failure, i + 1, c), ''));
    for (const failure of report.failures.slice(shown.length)) lines.push(`   … ${failure.headline} (${failure.occurrences} cases)`);
  }
  const total = report.categories.reduce((n, row) => n + row.total, 0);
  const failed = report.categories.reduce((n, row) => n + row.failed, 0);
  const notRun = report.categories.reduce((n, row) => n + row.notRun, 0);
  if (report.ok) lines.push(c.green(c.bold(`✓ PASSED: all ${total} cases`)));
  else {
    const rest = notRun > 0 ? `, ${notRun} not run` : '';
    lines.push(c.red(c.bold(`✗ FAILED: ${failed} of ${total} cases failed${rest}`)) + c.dim(` (re-run the same cases with --seed ${report.seed})`));
  }
  return lines.join('\n') + '\n';
}

function profileText(profile: NonNullable<ConformanceReport['settings']['profile']>): string {
  return `profile ${profile.joiner}/${profile.bodyDigest}/${profile.contentTypePart}/${profile.datePart}/${profile.signatureEncoding}`;
}

function table(report: ConformanceReport, c: Colors): string[] {
  const header = ['category', 'cases', 'passed', 'failed', 'not run'];
  const rows = report.categories.map((row) => [row.name, String(row.total), String(row.passed), String(row.failed), String(row.notRun)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) => '  ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    c.dim(render(header)),
    ...rows.map((cells, i) => {
      const line = render(cells);
      const row = report.categories[i]!;
      return row.failed > 0 || row.notRun > 0 ? c.red(line) : c.green(line);
    }),
  ];
}

/**
 * One failure, in full: headline, where it occurred, the counterexample, the diagnosis.
 *
 * @example
 * ```ts
 * console.log(formatFailure(report.failures[0]!, 1).join('\n'));
 * ```
 */
export function formatFailure(failure: FailureReport, number: number, c: Colors = pc.createColors(false)): string[] {
  const x = failure.counterexample;
  const lines: string[] = [c.bold(`${number}. ${failure.headline}`)];
  const where = Object.entries(failure.byCategory).map(([category, n]) => `${category} ${n}`).join(', ');
  lines.push(c.dim(`   ${failure.occurrences} case${failure.occurrences === 1 ? '' : 's'} (${where}): ${failure.caseIds.slice(0, 6).join(', ')}${failure.occurrences > 6 ? ', …' : ''}`));
  const shrunk = x.shrunk ? `, shrunk in ${x.shrunk.steps} steps from ${x.shrunk.from}` : '';
  lines.push(`   counterexample ${x.caseId}${shrunk}: ${x.title}`);
  lines.push(...describeRequest(x.request).map((l) => `     ${l}`));
  if (x.diagnosis) lines.push(...formatDiagnosis(x.diagnosis, c).map((l) => `   ${l}`));
  else lines.push(...wrap(x.message, 100).map((l) => `   ${l}`));
  if (x.answer && 'target' in x.answer) {
    lines.push(c.dim(`   sent: ${x.answer.method} ${x.answer.target}`));
    for (const [name, value] of Object.entries(x.answer.headers)) lines.push(c.dim(`         ${name}: ${showInvisible(value)}`));
  } else if (x.answer && 'valid' in x.answer) lines.push(c.dim(`   answered: valid=${x.answer.valid}${x.answer.reason ? ` (${x.answer.reason})` : ''}`));
  return lines;
}

function describeRequest(request: ProtocolRequest): string[] {
  if (request.role === 'verifier') {
    const { wire } = request;
    return [`${wire.method} ${showInvisible(wire.target)}`, ...Object.entries(wire.headers).map(([k, v]) => `${k}: ${showInvisible(v)}`), `server clock ${request.now}`];
  }
  if (request.scheme === 'xconnect') {
    const body = request.bodyBase64 !== undefined ? `${Buffer.from(request.bodyBase64, 'base64').length}-byte binary body` : request.body ? `body ${JSON.stringify(short(request.body))}` : 'no body';
    const query = request.query.length === 0 ? 'no query parameters' : `query ${request.query.map(([n, v]) => `${JSON.stringify(n)}=${JSON.stringify(v)}`).join(', ')}`;
    return [`${request.method} ${request.path} · ${query} · ${body}`, `timestamp ${request.timestamp} · version ${request.version} · apiKey ${request.apiKey} · secretKey ${request.secretKey}`];
  }
  return [
    `${request.group}.${request.method} as ${request.username} (sessionId ${request.sessionId}) · date ${request.date}`,
    `params ${short(JSON.stringify(request.params))}${request.body !== undefined ? ` · exact body ${short(request.body)}` : ''}`,
  ];
}

/** The report as JUnit XML, which CI systems (Jenkins, GitLab, GitHub actions' test reporters) display. */
import junitModule, { type Builder } from 'junit-report-builder';
import type { ConformanceReport } from './types.js';
import { formatFailure } from './formatReport.js';

// The package's CommonJS entry exports the builder itself; its types describe an ES default export.
const junit = junitModule as unknown as Builder;

// XML 1.0 cannot carry most control characters, not even escaped; generated cases are full of them.
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const xmlSafe = (text: string) => text.replace(NOT_XML, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/**
 * Writes the report as JUnit XML: one `<testsuite>` per category. Vector categories have one
 * `<testcase>` per vector; generated categories one per distinct failure (with its shrunk
 * counterexample) and one for the whole batch; a run that could not finish adds an `<error>`.
 *
 * @example
 * ```ts
 * writeFileSync('sigkit.xml', toJunit(report));
 * ```
 */
export function toJunit(report: ConformanceReport): string {
  const builder = junit.newBuilder();
  const prefix = `sigkit.${report.scheme}.${report.role}`;
  const failuresByKey = new Map(report.failures.map((f, i) => [f.classKey, { failure: f, text: formatFailure(f, i + 1).join('\n') }]));
  const explained = new Set<string>();
  for (const category of report.categories) {
    const suite = builder.testSuite().name(`${prefix}.${category.name}`).property('seed', String(report.seed)).property('subject', xmlSafe(report.subject));
    const records = report.cases.filter((r) => r.category === category.name);
    // Generated categories list only their failing cases; those are reported per cause instead.
    const generated = records.length === 0 || records[0]!.caseId.startsWith('generated#');
    if (!generated) {
      for (const record of records) {
        const test = suite.testCase().className(`${prefix}.${category.name}`).name(xmlSafe(`${record.caseId} ${record.title}`));
        if (record.status === 'not run') test.skipped();
        else if (record.status === 'failed') {
          const found = record.failure === undefined ? undefined : failuresByKey.get(record.failure);
          test.failure(xmlSafe(found?.failure.headline ?? 'failed'), found?.failure.kind ?? 'failure');
          // The full story once per cause; later cases of the same cause point to it.
          if (found && !explained.has(found.failure.classKey)) {
            explained.add(found.failure.classKey);
            test.stacktrace(xmlSafe(found.text));
          } else if (found) test.stacktrace(xmlSafe(`${found.failure.message}\n(same cause as ${found.failure.caseIds[0]}: see there for the diagnosis)`));
        }
      }
      continue;
    }
    for (const found of failuresByKey.values()) {
      if (!(category.name in found.failure.byCategory)) continue;
      suite
        .testCase()
        .className(`${prefix}.${category.name}`)
        .name(xmlSafe(found.failure.headline))
        .failure(xmlSafe(`${found.failure.byCategory[category.name]} ${category.name} cases: ${found.failure.headline}`), found.failure.kind)
        .stacktrace(xmlSafe(found.text));
    }
    const batch = suite.testCase().className(`${prefix}.${category.name}`).name(`${category.total} ${category.name} cases (seed ${report.seed})`);
    if (category.failed > 0) batch.failure(`${category.failed} of ${category.total} failed`, 'failure');
    else if (category.notRun > 0) batch.skipped();
  }
  if (report.fatal) {
    builder
      .testSuite()
      .name(`${prefix}.run`)
      .testCase()
      .className(`${prefix}.run`)
      .name('the run finishes')
      .error(xmlSafe(report.fatal.message), 'fatal');
  }
  return builder.build();
}

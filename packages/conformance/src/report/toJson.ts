/** The report as JSON, in the shape documented by report.schema.json. */
import type { ConformanceReport } from './types.js';

/**
 * Serialises a report (two-space indented, ending in a newline).
 *
 * @example
 * ```ts
 * writeFileSync('sigkit.json', toJson(report));
 * ```
 */
export function toJson(report: ConformanceReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The human-readable form of a capture's explanation. */
import { showInvisible } from './showInvisible.js';
import { formatDiagnosis, PLAIN, type Painter } from './formatDiagnosis.js';
import type { CaptureExplanation } from './explainCapture.js';

/**
 * Formats an explanation: the request, the verdict, the expected trace beside what was provided,
 * the first differing step, the canonical diff and the deviation that reproduces the signature.
 *
 * @example
 * ```ts
 * process.stdout.write(formatExplanation(explainCapture(captured, { secretKey }), { painter: pc.createColors(true) }));
 * ```
 */
export function formatExplanation(explanation: CaptureExplanation, options: { painter?: Painter } = {}): string {
  const c = options.painter ?? PLAIN;
  const { request } = explanation;
  const lines = [c.bold(`sigkit explain · ${explanation.scheme} · ${explanation.source}`), `${request.method} ${showInvisible(request.target)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(c.dim(`  ${name}: ${showInvisible(value)}`));
  const size = request.bodyBase64 !== undefined ? Buffer.from(request.bodyBase64, 'base64').length : Buffer.byteLength(request.body ?? '', 'utf8');
  lines.push(c.dim(`  (${size}-byte body)`), '');
  if (explanation.signatureMatches) lines.push(c.green(c.bold('✓ the signature matches the reference: nothing to explain')));
  else lines.push(c.red(c.bold('✗ the signature differs from the reference')));
  lines.push(...formatDiagnosis(explanation.diagnosis, c));
  if (explanation.note) lines.push(c.dim(explanation.note));
  if (!explanation.signatureMatches && explanation.diagnosis.deviations.length === 0) {
    lines.push(c.yellow('no known deviation reproduces the signature: check the keys, or compare the client\'s own canonical request with the expected one above'));
  }
  return lines.join('\n') + '\n';
}

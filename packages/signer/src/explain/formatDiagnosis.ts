/** The human-readable form of a diagnosis: the step table, the first differing step, the line diff and the deviations. */
import { showInvisible } from './showInvisible.js';
import type { Diagnosis } from './types.js';

/**
 * The styles a formatter paints with. Every function returns its text, styled or not; picocolors'
 * `createColors()` is one (the kit's CLI passes it), {@link PLAIN} leaves text as it is.
 */
export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const same = (text: string): string => text;

/** The painter that adds nothing: the text of every explanation without colour. */
export const PLAIN: Painter = { bold: same, dim: same, red: same, green: same, yellow: same };

/**
 * The step table, the first differing step, the line diff and the deviations of a diagnosis.
 *
 * @example
 * ```ts
 * formatDiagnosis(diagnoseXConnect(wire, { apiKey, secretKey })).join('\n');
 * ```
 */
export function formatDiagnosis(diagnosis: Diagnosis, c: Painter = PLAIN): string[] {
  const lines: string[] = [];
  if (diagnosis.verdict) lines.push(`reference verifier: ${c.red(diagnosis.verdict.code)}: ${diagnosis.verdict.message}`);
  if (diagnosis.deviations.length === 0 && diagnosis.source === 'wire') lines.push(...wrapWords(diagnosis.summary, 100));
  for (const d of diagnosis.deviations) lines.push(c.yellow(`reproduced by ${d.flags.join(' + ')} [${d.bugType}]: ${d.description}`));
  if (diagnosis.firstDifferingStep) {
    const from = diagnosis.source === 'adapter' ? "the implementation's own intermediates" : diagnosis.source === 'deviation' ? 'the trace of the deviation' : 'the wire';
    lines.push(c.bold(`first differing step: ${diagnosis.firstDifferingStep}`) + c.dim(` (provided values from ${from})`));
  }
  if (diagnosis.steps.length > 0) {
    const stepWidth = Math.max(4, ...diagnosis.steps.map((s) => s.step.length));
    const fieldWidth = Math.max(5, ...diagnosis.steps.map((s) => s.field.length));
    lines.push(c.dim(`  ${'step'.padEnd(stepWidth)}  ${'field'.padEnd(fieldWidth)}  expected → provided`));
    for (const s of diagnosis.steps) {
      const mark = s.provided === undefined ? c.dim('?') : s.same ? c.green('=') : c.red('≠');
      const shown = s.provided === undefined ? c.dim('(not known)') : s.same ? c.dim('same') : c.red(shortValue(s.provided));
      lines.push(`${mark} ${s.step.padEnd(stepWidth)}  ${s.field.padEnd(fieldWidth)}  ${shortValue(s.expected)} → ${shown}`);
    }
  }
  if (diagnosis.diff) {
    lines.push(c.bold(`${diagnosis.diff.field} (- expected, + provided):`));
    for (const line of diagnosis.diff.lines) {
      const text = showInvisible(line.text);
      lines.push(line.op === 'same' ? `    ${text}` : line.op === 'removed' ? c.red(`  - ${text}`) : c.green(`  + ${text}`));
    }
  }
  return lines;
}

/** A value as one short line: invisible characters shown, cut at 72 characters. */
export function shortValue(value: string): string {
  const text = showInvisible(value);
  return text.length > 72 ? `${text.slice(0, 69)}…` : text;
}

/** Words laid in lines of at most `width` characters (a longer word has a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) out.push(line);
  return out;
}

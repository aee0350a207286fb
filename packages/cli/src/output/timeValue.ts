/** Reads the `time` cell of a table row as an instant: ISO-8601, kdb+ timestamp text, or epoch milliseconds. */

// kdb+ prints timestamps as 2019.07.26D15:59:00.000000000 (also with T, or a space, in exports).
const KDB_TIMESTAMP = /^(\d{4})\.(\d{2})\.(\d{2})[DT ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
// ISO-8601 needs at least a date; a bare time of day cannot be placed on a time axis.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * The instant a time cell names, as epoch milliseconds, or `undefined` when it names none.
 * Text without a zone is read as UTC (kdb+ timestamps are UTC by convention); a number is epoch ms.
 *
 * @example
 * ```ts
 * timeValueMs('2019-07-26T15:59:00.000Z');      // 1564156740000
 * timeValueMs('2019.07.26D15:59:00.000000000'); // 1564156740000
 * timeValueMs('15:59');                          // undefined
 * ```
 */
export function timeValueMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const kdb = KDB_TIMESTAMP.exec(text);
  if (kdb) {
    const [, y, mo, d, h, mi, s = '0', frac = ''] = kdb;
    const ms = Number(`0.${frac || '0'}`) * 1000;
    const instant = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), 0) + ms;
    return Number.isFinite(instant) ? instant : undefined;
  }
  if (!ISO_DATE.test(text)) return undefined;
  let iso = text.length === 10 ? `${text}T00:00:00` : text.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? undefined : instant;
}

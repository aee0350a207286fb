/** The TimestampReformatted family as rules: how a client re-spells the timestamp it sends before signing it, so that a rule proved on one request can be replayed on another. */

/**
 * One way of re-spelling a timestamp (docs/spec/xconnect.md §1.5: the text signed must be the text
 * sent). Each part of the spelling is decided by one field:
 * - `frame`: the wall time as sent (`'sent'`), or the instant converted to this offset in minutes;
 * - `seconds`: `'keep'` them as sent (absent stays absent) or write them `'always'`;
 * - `fraction`: `'keep'` the text as sent, or write the digits of the whole fraction (`all`) or of its
 *   milliseconds (`millis`) at a fixed width (zero-padded or cut) or at their `min`imal width;
 * - `separator`: `'keep'` the one sent, or write `T` or a space;
 * - `zone`: `'keep'` the one sent; `Z>+0000`: replace a sent `Z` by that text and keep any other zone;
 *   `+0000|colon`: format the offset, the zero offset as that text and others as `±hh:mm` (`nocolon`: `±hhmm`).
 */
export interface TimestampRule {
  frame: 'sent' | number;
  seconds: 'keep' | 'always';
  fraction: 'keep' | `${'all' | 'millis'}:${'min' | number}`;
  separator: 'keep' | 'T' | ' ';
  zone: string;
}

/** A timestamp split into the parts a rule re-spells. */
interface Parsed {
  date: string;
  separator: string;
  hm: string;
  /** `:ss`, or empty when the seconds were left out. */
  seconds: string;
  /** The fraction as sent with its mark (`.218`), or empty. */
  fractionText: string;
  /** Its digits without trailing zeros. */
  digits: string;
  zone: string;
  offset: number;
  /** The instant, in milliseconds (sub-millisecond digits are in `digits`). */
  utcMs: number;
}

const PATTERN = /^(\d{4}-\d{2}-\d{2})([Tt ])(\d{2}:\d{2})(:\d{2})?([.,]\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** The spellings of the zero offset a client may write. */
export const ZERO_ZONES = ['Z', 'z', '+00:00', '-00:00', '+0000', '-0000', '+00', '-00'] as const;

const FRACTIONS: TimestampRule['fraction'][] = ['keep', ...(['all', 'millis'] as const).flatMap((source) => (['min', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((w) => `${source}:${w}` as const))];
const SEPARATORS: TimestampRule['separator'][] = ['keep', 'T', ' '];
const FORMATTED_ZONES = ZERO_ZONES.flatMap((zero) => [`${zero}|colon`, `${zero}|nocolon`]);
const SENT_ZONES = ['keep', ...ZERO_ZONES.map((zero) => `Z>${zero}`), ...FORMATTED_ZONES];

const cache = new Map<string, Parsed | undefined>();

function parse(timestamp: string): Parsed | undefined {
  if (cache.has(timestamp)) return cache.get(timestamp);
  if (cache.size > 10_000) cache.clear();
  const m = PATTERN.exec(timestamp);
  let parsed: Parsed | undefined;
  if (m) {
    const [, date, separator, hm, seconds = '', fractionText = '', zone] = m as unknown as [string, string, string, string, string | undefined, string | undefined, string];
    const offset = zoneMinutes(zone);
    const digits = fractionText.slice(1).replace(/0+$/, '');
    const local = Date.parse(`${date}T${hm}${seconds || ':00'}.${digits.padEnd(3, '0').slice(0, 3)}Z`);
    if (!Number.isNaN(local)) parsed = { date, separator, hm, seconds, fractionText, digits, zone, offset, utcMs: local - offset * 60_000 };
  }
  cache.set(timestamp, parsed);
  return parsed;
}

function zoneMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function formatOffset(minutes: number, zero: string, colon: boolean): string {
  if (minutes === 0) return zero;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(abs % 60).padStart(2, '0')}`;
}

/** The wall time of a frame: date, hh:mm and :ss. */
function wall(p: Parsed, frame: TimestampRule['frame']): { date: string; hm: string; seconds: string; offset: number } {
  if (frame === 'sent') return { date: p.date, hm: p.hm, seconds: p.seconds, offset: p.offset };
  const iso = new Date(p.utcMs + frame * 60_000).toISOString();
  return { date: iso.slice(0, 10), hm: iso.slice(11, 16), seconds: iso.slice(16, 19), offset: frame };
}

function fractionOf(p: Parsed, rule: TimestampRule['fraction']): string {
  if (rule === 'keep') return p.fractionText;
  const [source, width] = rule.split(':') as ['all' | 'millis', string];
  const digits = source === 'all' ? p.digits : p.digits.slice(0, 3).replace(/0+$/, '');
  const text = width === 'min' ? digits : digits.padEnd(Number(width), '0').slice(0, Number(width));
  return text === '' ? '' : `.${text}`;
}

function zoneOf(p: Parsed, rule: string, offset: number): string | undefined {
  if (rule === 'keep') return p.zone;
  if (rule.startsWith('Z>')) return p.zone === 'Z' || p.zone === 'z' ? rule.slice(2) : p.zone;
  const [zero, colon] = rule.split('|') as [string, string];
  return formatOffset(offset, zero, colon === 'colon');
}

/**
 * The timestamp as a client following `rule` signs it, or undefined when the rule cannot read it
 * (then it changes nothing). A rule that converts to another frame always writes the seconds and a
 * formatted zone.
 *
 * @example
 * ```ts
 * respellTimestamp({ frame: 'sent', seconds: 'keep', fraction: 'keep', separator: 'keep', zone: 'Z>+0000' }, '2016-04-12T14:28Z'); // '2016-04-12T14:28+0000'
 * ```
 */
export function respellTimestamp(rule: TimestampRule, timestamp: string): string | undefined {
  const p = parse(timestamp);
  if (p === undefined) return undefined;
  const w = wall(p, rule.frame);
  const zone = zoneOf(p, rule.zone, w.offset);
  if (zone === undefined) return undefined;
  const seconds = rule.seconds === 'always' && w.seconds === '' ? ':00' : w.seconds;
  return `${w.date}${rule.separator === 'keep' ? p.separator : rule.separator}${w.hm}${seconds}${fractionOf(p, rule.fraction)}${zone}`;
}

/**
 * Every rule that turns `sent` into `signed`, found part by part (each part of the spelling is decided
 * by one field of the rule, so the rules are the product of each part's matching options). Frames
 * tried: the wall time sent, and conversion to the offset `signed` is written in. Empty when either
 * cannot be read or they name different instants.
 *
 * @example
 * ```ts
 * timestampRulesBetween('2016-04-12T14:28Z', '2016-04-12T14:28+0000').some((r) => r.zone === 'Z>+0000'); // true
 * ```
 */
export function timestampRulesBetween(sent: string, signed: string): TimestampRule[] {
  const p = parse(sent);
  const s = parse(signed);
  // A re-spelling names the same instant, as the kit reads it (to the millisecond).
  if (p === undefined || s === undefined || signed === sent || s.utcMs !== p.utcMs) return [];
  const { date, separator, hm, seconds, fractionText, zone } = s;
  const rules: TimestampRule[] = [];
  const frames: TimestampRule['frame'][] = ['sent', s.offset];
  for (const frame of frames) {
    const w = wall(p, frame);
    if (w.date !== date || w.hm !== hm) continue;
    const secondsOptions = (frame === 'sent' ? (['keep', 'always'] as const) : (['always'] as const)).filter((o) => (o === 'always' && w.seconds === '' ? ':00' : w.seconds) === seconds);
    const fractions = FRACTIONS.filter((f) => fractionOf(p, f) === fractionText);
    const separators = SEPARATORS.filter((o) => (o === 'keep' ? p.separator : o) === separator);
    const zones = (frame === 'sent' ? SENT_ZONES : FORMATTED_ZONES).filter((z) => zoneOf(p, z, w.offset) === zone);
    for (const sec of secondsOptions) for (const fraction of fractions) for (const sep of separators) for (const z of zones) rules.push({ frame, seconds: sec, fraction, separator: sep, zone: z });
  }
  return rules;
}

/**
 * Every other spelling of the instant a timestamp names that a client plausibly signs: in the frame
 * sent, any fraction width, `T` or a space, the zero offset written any way, seconds added; or
 * converted to UTC spelt the same ways, or to a whole- or half-hour offset (`±hh:mm` or `±hhmm`,
 * fraction as sent, in milliseconds or minimal). Empty when the timestamp cannot be read.
 *
 * @example
 * ```ts
 * timestampRespellings('2016-04-12T14:28:36.218Z').includes('2016-04-12T14:28:36.218+0000'); // true
 * ```
 */
export function timestampRespellings(timestamp: string): string[] {
  const p = parse(timestamp);
  if (p === undefined) return [];
  const out = new Set<string>();
  // Only fractions that keep the millisecond: a cut one names another instant.
  const millis = (f: string) => f.slice(1).padEnd(3, '0').slice(0, 3);
  const fractions = [...new Set(FRACTIONS.map((f) => fractionOf(p, f)))].filter((f) => millis(f) === millis(`.${p.digits}`));
  const separators = [...new Set(SEPARATORS.map((o) => (o === 'keep' ? p.separator : o)))];
  const spell = (w: ReturnType<typeof wall>, zones: Iterable<string>, seconds: string[], fractionList: string[], separatorList: string[]) => {
    for (const sec of seconds) for (const f of fractionList) for (const t of separatorList) for (const z of zones) out.add(`${w.date}${t}${w.hm}${sec}${f}${z}`);
  };
  const sentWall = wall(p, 'sent');
  const sentSeconds = [...new Set([sentWall.seconds, sentWall.seconds || ':00'])];
  spell(sentWall, new Set(SENT_ZONES.map((z) => zoneOf(p, z, p.offset)!)), sentSeconds, fractions, separators);
  for (let minutes = -12 * 60; minutes <= 14 * 60; minutes += 30) {
    if (minutes === p.offset) continue;
    const w = wall(p, minutes);
    if (minutes === 0) {
      // Converted to UTC, the commonest conversion: spelt every way, as in the frame sent.
      spell(w, new Set(FORMATTED_ZONES.map((z) => zoneOf(p, z, 0)!)), [w.seconds], fractions, separators);
      continue;
    }
    const fewer = [...new Set([p.fractionText, fractionOf(p, 'millis:3'), fractionOf(p, 'all:min')])].filter((f) => millis(f) === millis(`.${p.digits}`));
    spell(w, [formatOffset(minutes, 'Z', true), formatOffset(minutes, 'Z', false)], [w.seconds], fewer, ['T']);
  }
  out.delete(timestamp);
  return [...out];
}

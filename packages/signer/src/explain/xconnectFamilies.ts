/** Families of xConnect mistakes searched parametrically, each proved by replaying it on the request sent: timestamp re-spellings, one key-chain step in raw bytes, another line separator. */
import { constantTimeEqual } from '../shared/crypto.js';
import { createHash, createHmac } from 'node:crypto';
import type { XConnectTrace } from '../index.js';
import type { DeviationMatch } from './types.js';

/** What a family needs of the request as it arrived. */
export interface FamilyInputs {
  /** The reference trace of the request sent (docs/spec/xconnect.md §1–§2), version 1 or 2. */
  expected: XConnectTrace;
  apiKey: string;
  secretKey: string;
  /** `x-arrow-date` as sent. */
  timestamp: string;
  /** `x-arrow-signature` as sent. */
  signature: string;
}

/** A family member that reproduces the signature sent, with the client's intermediates under it. */
export interface FamilyMatch extends DeviationMatch {
  provided: Record<string, unknown>;
}

const hmac = (key: string | Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The separators a client may have written in place of "\n". */
export const SEPARATORS = ['\r\n', '', '\r', ' ', '\t', '\n\n', '\n\r'] as const;

const show = (separator: string) => (separator === '' ? 'nothing' : JSON.stringify(separator));

/**
 * The members of each family that reproduce `inputs.signature`, searched on the request as sent:
 * - `TimestampReformatted`: the instant of `x-arrow-date` spelt another way (`Z` as `+00:00`, `+0000`,
 *   `-00:00`…, 0–9 fraction digits, a space for `T`, or converted to another zone offset);
 * - `RawDigestKey`: the raw HMAC bytes instead of their hex text at one or two steps of the key chain;
 * - `CrlfQueryLines` / `WrongSeparator`: another separator than "\n" after each query line, between
 *   every line of the canonical request, or in the string to sign (docs/spec/xconnect.md §1.2–§1.3).
 * Version 0 requests and requests whose reference cannot be computed have no family to search.
 *
 * @example
 * ```ts
 * findXConnectFamilies({ expected, apiKey, secretKey, timestamp, signature })[0]?.flags; // ['TimestampReformatted']
 * ```
 */
export function findXConnectFamilies(inputs: FamilyInputs): FamilyMatch[] {
  const { expected } = inputs;
  if (expected.version === 0 || expected.payloadHash === null || expected.canonicalRequestHash === null) return [];
  const version = String(expected.version);
  const found: FamilyMatch[] = [];
  const firstKey = expected.version === 2 ? hmac(inputs.secretKey, inputs.apiKey) : hmac(inputs.apiKey, inputs.secretKey);
  const sign = (canonicalHash: string, timestamp: string, raw: readonly boolean[] = [false, false, false], stsSeparator = '\n') => {
    const toSign = [canonicalHash, inputs.apiKey, timestamp, version].join(stsSeparator);
    const pass = (mac: Buffer, step: number) => (raw[step] ? mac : mac.toString('hex'));
    const k2 = hmac(timestamp, pass(firstKey, 0));
    const k3 = hmac(version, pass(k2, 1));
    const signature = hmac(pass(k3, 2), toSign).toString('hex');
    return { toSign, chain: [firstKey.toString('hex'), k2.toString('hex'), k3.toString('hex')], signature };
  };

  // The key chain: raw bytes passed on at one or two of its three steps (all three is RawDigestKey proper, in the catalogue).
  const rawSteps: [boolean, boolean, boolean][] = [[true, false, false], [false, true, false], [false, false, true], [true, true, false], [true, false, true], [false, true, true]];
  for (const raw of rawSteps) {
    const s = sign(expected.canonicalRequestHash, inputs.timestamp, raw);
    if (constantTimeEqual(s.signature, inputs.signature)) {
      const which = raw.map((r, i) => (r ? ['k1', 'k2', 'k3'][i] : undefined)).filter(Boolean).join(' and ');
      found.push(match(['RawDigestKey'], ['signing key'], 'KEY_DERIVATION',
        `Passes the raw HMAC bytes of ${which} to the next step of the key chain instead of their lowercase hex text (the other steps are right).`,
        { signingKey: s.chain, signature: s.signature }));
    }
  }

  // Separators: after each query line, between every line of the canonical request, in the string to sign.
  const head = `${expected.method}\n${expected.path}\n`;
  for (const separator of SEPARATORS) {
    const candidates: { flag: string; step: string; where: string; canonical?: string; sts?: string }[] = [];
    if (expected.queryLines.length > 0) {
      candidates.push({ flag: separator === '\r\n' ? 'CrlfQueryLines' : 'WrongSeparator', step: 'query lines', where: 'after each canonical query line',
        canonical: `${head}${expected.queryLines.map((l) => l + separator).join('')}${expected.payloadHash}` });
    }
    candidates.push({ flag: 'WrongSeparator', step: 'canonical request', where: 'between the lines of the canonical request',
      canonical: [expected.method, expected.path, ...expected.queryLines, expected.payloadHash].join(separator) });
    candidates.push({ flag: 'WrongSeparator', step: 'string to sign', where: 'between the lines of the string to sign', sts: separator });
    for (const c of candidates) {
      const canonical = c.canonical ?? expected.canonicalRequest;
      if (canonical === expected.canonicalRequest && c.sts === undefined) continue;
      const canonicalHash = canonical === expected.canonicalRequest ? expected.canonicalRequestHash : sha256Hex(canonical);
      const s = sign(canonicalHash, inputs.timestamp, undefined, c.sts ?? '\n');
      if (!constantTimeEqual(s.signature, inputs.signature)) continue;
      const description = c.flag === 'CrlfQueryLines'
        ? 'Ends each canonical query line with "\\r\\n" instead of "\\n".'
        : `Writes ${show(separator)} instead of "\\n" ${c.where}.`;
      found.push(match([c.flag], [c.step === 'canonical request' ? 'line separators' : c.step], 'CANONICALIZATION', description,
        { canonicalRequest: canonical, canonicalRequestHash: canonicalHash, stringToSign: s.toSign, signingKey: s.chain, signature: s.signature }));
    }
  }
  // Timestamps last, only when nothing cheaper reproduced it: the family has hundreds of members.
  if (found.length > 0) return found;
  for (const spelling of timestampRespellings(inputs.timestamp)) {
    const s = sign(expected.canonicalRequestHash, spelling);
    if (constantTimeEqual(s.signature, inputs.signature)) {
      found.push(match(['TimestampReformatted'], ['string to sign', 'signing key'], 'ENCODING',
        `Signs the timestamp spelt ${JSON.stringify(spelling)} while sending ${JSON.stringify(inputs.timestamp)} (the same instant): the text signed must be the text sent.`,
        { stringToSign: s.toSign, signingKey: s.chain, signature: s.signature }));
      break;
    }
  }

  return found;
}

function match(flags: string[], steps: string[], bugType: string, description: string, provided: Record<string, unknown>): FamilyMatch {
  return { flags, steps, bugType, description, provided };
}

const ZERO_ZONES = ['Z', 'z', '+00:00', '-00:00', '+0000', '-0000', '+00', '-00'];

/**
 * Every other spelling of the instant a timestamp names that a client plausibly signs: 0–9 fraction
 * digits, `T` or a space, the zero offset written any way, or the time converted to a whole- or
 * half-hour offset (written `±hh:mm` or `±hhmm`). Empty when the timestamp cannot be read.
 *
 * @example
 * ```ts
 * timestampRespellings('2016-04-12T14:28:36.218Z').includes('2016-04-12T14:28:36.218+0000'); // true
 * ```
 */
export function timestampRespellings(timestamp: string): string[] {
  const m = /^(\d{4}-\d{2}-\d{2})[T t](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)$/.exec(timestamp);
  if (!m) return [];
  const [, date, sent, fractionText = '', zone] = m as unknown as [string, string, string, string | undefined, string];
  // Seconds left out ("14:28Z", which the platform reads) are zero seconds.
  const time = sent.length === 5 ? `${sent}:00` : sent;
  const fraction = fractionText.replace(/0+$/, '');
  // Time is read to the millisecond (parseXConnectTimestamp): a client that re-reads it drops the digits beyond the third.
  const millis = fraction.slice(0, 3).replace(/0+$/, '');
  const fractions: string[] = [];
  for (const f of new Set([fraction, millis])) {
    for (let digits = f.length; digits <= 9; digits += 1) fractions.push(digits === 0 ? '' : `.${f.padEnd(digits, '0')}`);
    if (f.length > 9) fractions.push(`.${f}`);
  }
  const out = new Set<string>();
  const offsetMinutes = zoneMinutes(zone);
  // In the zone it was sent in: every fraction, T or space, the zero offset spelt any way.
  const zones = offsetMinutes === 0 ? ZERO_ZONES : [zone, formatOffset(offsetMinutes, true), formatOffset(offsetMinutes, false)];
  for (const f of fractions) for (const t of ['T', ' ']) for (const z of zones) out.add(`${date}${t}${time}${f}${z}`);
  // Converted to another offset (as a client formatting the local time would), fractions as sent or in milliseconds.
  const utc = Date.parse(`${date}T${time}Z`) - offsetMinutes * 60_000;
  if (!Number.isNaN(utc)) {
    const fractionsHere = [...new Set([fractionText === '' ? '' : `.${fractionText}`, `.${fraction.padEnd(3, '0').slice(0, 3)}`, fraction === '' ? '' : `.${fraction}`])];
    for (let minutes = -12 * 60; minutes <= 14 * 60; minutes += 30) {
      if (minutes === offsetMinutes) continue;
      const local = new Date(utc + minutes * 60_000).toISOString();
      if (minutes === 0) {
        // Converted to UTC, the commonest conversion: spelt every way, as in the zone sent.
        for (const f of fractions) for (const t of ['T', ' ']) for (const z of ZERO_ZONES) out.add(`${local.slice(0, 10)}${t}${local.slice(11, 19)}${f}${z}`);
        continue;
      }
      for (const f of fractionsHere) for (const z of [formatOffset(minutes, true), formatOffset(minutes, false)]) out.add(`${local.slice(0, 19)}${f}${z}`);
    }
  }
  out.delete(timestamp);
  return [...out];
}

function zoneMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function formatOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

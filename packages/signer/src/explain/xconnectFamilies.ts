/** Families of xConnect mistakes searched parametrically, each proved by replaying it on the request sent: timestamp re-spellings, one key-chain step in raw bytes, another line separator. */
import { constantTimeEqual } from '../shared/crypto.js';
import { createHash, createHmac } from 'node:crypto';
import type { XConnectTrace } from '../index.js';
import { respellTimestamp, timestampRespellings, type TimestampRule } from './timestampFamily.js';
import type { DeviationMatch } from './types.js';

export { respellTimestamp, timestampRespellings, timestampRulesBetween, ZERO_ZONES, type TimestampRule } from './timestampFamily.js';

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
  /**
   * Rules a re-spelt timestamp of the same client was proved with on earlier requests: their
   * spellings are tried first. Nothing else changes (one spelling at most reproduces a signature,
   * and a hinted spelling counts only if the search would have tried it), but a client that
   * re-spells every timestamp is found in a few HMACs instead of hundreds.
   */
  timestampHints?: readonly TimestampRule[];
}

/**
 * Which member of a family a match is, so that it can be replayed on another request: the key-chain
 * steps passed on raw, where another separator was written, or the timestamp text signed (the rules
 * that re-spell the sent timestamp into it come from `timestampRulesBetween`).
 */
export type XConnectFamilyMember =
  | { family: 'RawDigestKey'; raw: [boolean, boolean, boolean] }
  | { family: 'WrongSeparator'; where: 'query lines' | 'canonical request' | 'string to sign'; separator: string }
  | { family: 'TimestampReformatted'; signed: string };

/** A member that can be replayed on any request: a timestamp member as one rule of re-spelling. */
export type XConnectReplayMember = Exclude<XConnectFamilyMember, { family: 'TimestampReformatted' }> | { family: 'TimestampReformatted'; rule: TimestampRule };

/** A family member that reproduces the signature sent, with the client's intermediates under it. */
export interface FamilyMatch extends DeviationMatch {
  provided: Record<string, unknown>;
  member: XConnectFamilyMember;
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
  const found: FamilyMatch[] = [];
  const signer = chainSigner(inputs);

  // The key chain: raw bytes passed on at one or two of its three steps (all three is RawDigestKey proper, in the catalogue).
  for (const raw of RAW_STEPS) {
    const s = signer(expected.canonicalRequestHash, inputs.timestamp, raw);
    if (constantTimeEqual(s.signature, inputs.signature)) {
      const which = raw.map((r, i) => (r ? ['k1', 'k2', 'k3'][i] : undefined)).filter(Boolean).join(' and ');
      found.push(match(['RawDigestKey'], ['signing key'], 'KEY_DERIVATION',
        `Passes the raw HMAC bytes of ${which} to the next step of the key chain instead of their lowercase hex text (the other steps are right).`,
        { signingKey: s.chain, signature: s.signature }, { family: 'RawDigestKey', raw: [...raw] }));
    }
  }

  // Separators: after each query line, between every line of the canonical request, in the string to sign.
  for (const separator of SEPARATORS) {
    for (const where of WHERE) {
      const c = separated(expected, where, separator);
      if (c === undefined) continue;
      const s = signer(c.canonicalHash, inputs.timestamp, undefined, c.stsSeparator);
      if (!constantTimeEqual(s.signature, inputs.signature)) continue;
      const flag = where === 'query lines' && separator === '\r\n' ? 'CrlfQueryLines' : 'WrongSeparator';
      const description = flag === 'CrlfQueryLines'
        ? 'Ends each canonical query line with "\\r\\n" instead of "\\n".'
        : `Writes ${show(separator)} instead of "\\n" ${WHERE_TEXT[where]}.`;
      found.push(match([flag], [where === 'canonical request' ? 'line separators' : where], 'CANONICALIZATION', description,
        { canonicalRequest: c.canonical, canonicalRequestHash: c.canonicalHash, stringToSign: s.toSign, signingKey: s.chain, signature: s.signature },
        { family: 'WrongSeparator', where, separator }));
    }
  }
  // Timestamps last, only when nothing cheaper reproduced it: the family has hundreds of members.
  if (found.length > 0) return found;
  const spellings = timestampRespellings(inputs.timestamp);
  const hinted = new Set<string>();
  for (const rule of inputs.timestampHints ?? []) {
    const spelling = respellTimestamp(rule, inputs.timestamp);
    if (spelling !== undefined && spelling !== inputs.timestamp) hinted.add(spelling);
  }
  const ordered = hinted.size === 0 ? spellings : [...spellings.filter((s) => hinted.has(s)), ...spellings.filter((s) => !hinted.has(s))];
  for (const spelling of ordered) {
    const s = signer(expected.canonicalRequestHash, spelling);
    if (constantTimeEqual(s.signature, inputs.signature)) {
      found.push(match(['TimestampReformatted'], ['string to sign', 'signing key'], 'ENCODING',
        `Signs the timestamp spelt ${JSON.stringify(spelling)} while sending ${JSON.stringify(inputs.timestamp)} (the same instant): the text signed must be the text sent.`,
        { stringToSign: s.toSign, signingKey: s.chain, signature: s.signature }, { family: 'TimestampReformatted', signed: spelling }));
      break;
    }
  }

  return found;
}

/** The key chain passed on raw at one or two of its steps. */
const RAW_STEPS: [boolean, boolean, boolean][] = [[true, false, false], [false, true, false], [false, false, true], [true, true, false], [true, false, true], [false, true, true]];

const WHERE = ['query lines', 'canonical request', 'string to sign'] as const;
const WHERE_TEXT = { 'query lines': 'after each canonical query line', 'canonical request': 'between the lines of the canonical request', 'string to sign': 'between the lines of the string to sign' };

/** Signs a canonical request hash at a timestamp through the key chain (docs/spec/xconnect.md §1.3), some steps passed on raw, the string to sign joined by a separator. */
function chainSigner(inputs: Omit<FamilyInputs, 'signature'>) {
  const version = String(inputs.expected.version);
  const firstKey = inputs.expected.version === 2 ? hmac(inputs.secretKey, inputs.apiKey) : hmac(inputs.apiKey, inputs.secretKey);
  return (canonicalHash: string, timestamp: string, raw: readonly boolean[] = [false, false, false], stsSeparator = '\n') => {
    const toSign = [canonicalHash, inputs.apiKey, timestamp, version].join(stsSeparator);
    const pass = (mac: Buffer, step: number) => (raw[step] ? mac : mac.toString('hex'));
    const k2 = hmac(timestamp, pass(firstKey, 0));
    const k3 = hmac(version, pass(k2, 1));
    const signature = hmac(pass(k3, 2), toSign).toString('hex');
    return { toSign, chain: [firstKey.toString('hex'), k2.toString('hex'), k3.toString('hex')], signature };
  };
}

/** The canonical request (and its hash) with `separator` in place of "\n" at `where`; undefined when that changes nothing. */
function separated(expected: XConnectTrace, where: (typeof WHERE)[number], separator: string): { canonical: string; canonicalHash: string; stsSeparator: string } | undefined {
  if (expected.payloadHash === null || expected.canonicalRequestHash === null) return undefined;
  let canonical = expected.canonicalRequest;
  if (where === 'query lines') {
    if (expected.queryLines.length === 0) return undefined;
    canonical = `${expected.method}\n${expected.path}\n${expected.queryLines.map((l) => l + separator).join('')}${expected.payloadHash}`;
  } else if (where === 'canonical request') {
    canonical = [expected.method, expected.path, ...expected.queryLines, expected.payloadHash].join(separator);
  }
  const stsSeparator = where === 'string to sign' ? separator : '\n';
  if (canonical === expected.canonicalRequest && stsSeparator === '\n') return undefined;
  return { canonical, canonicalHash: canonical === expected.canonicalRequest ? expected.canonicalRequestHash : sha256Hex(canonical), stsSeparator };
}

/**
 * The signature a client making `member`'s mistake sends for the request whose reference trace is
 * `inputs.expected`, or undefined when the member changes nothing there (no query lines to end, a
 * timestamp the rule leaves as sent) or does not apply (version 0 has no key chain). The same
 * computation as the search, so that a member proved on one request can be tested on every other.
 *
 * @example
 * ```ts
 * signXConnectFamilyMember({ expected, apiKey, secretKey, timestamp }, { family: 'RawDigestKey', raw: [false, true, false] });
 * ```
 */
export function signXConnectFamilyMember(inputs: Omit<FamilyInputs, 'signature'>, member: XConnectReplayMember): string | undefined {
  const { expected } = inputs;
  if (member.family === 'TimestampReformatted') {
    const spelling = respellTimestamp(member.rule, inputs.timestamp);
    if (spelling === undefined || spelling === inputs.timestamp) return undefined;
    if (expected.version === 0) {
      // Version 0 signs the date as the canonical request's last line (docs/spec/xconnect.md §1.4).
      const line = `x-arrow-date=${inputs.timestamp}`;
      if (!expected.canonicalRequest.endsWith(line)) return undefined;
      return hmac(inputs.secretKey, `${expected.canonicalRequest.slice(0, -line.length)}x-arrow-date=${spelling}`).toString('hex');
    }
    if (expected.canonicalRequestHash === null) return undefined;
    return chainSigner(inputs)(expected.canonicalRequestHash, spelling).signature;
  }
  if (expected.version === 0 || expected.canonicalRequestHash === null) return undefined;
  if (member.family === 'RawDigestKey') return chainSigner(inputs)(expected.canonicalRequestHash, inputs.timestamp, member.raw).signature;
  const c = separated(expected, member.where, member.separator);
  return c === undefined ? undefined : chainSigner(inputs)(c.canonicalHash, inputs.timestamp, undefined, c.stsSeparator).signature;
}

/**
 * The member a catalogue match of docs/spec/xconnect.md §4 is, when its flag names a family: the
 * timestamp text a `TimestampReformatted` trace signed (its attempts are several spellings, and the
 * catalogue's replay tries only the first). Undefined for any other match.
 */
export function familyMemberOfTrace(flags: readonly string[], trace: XConnectTrace): XConnectFamilyMember | undefined {
  if (flags.length !== 1 || flags[0] !== 'TimestampReformatted') return undefined;
  const signed = trace.version === 0 ? /\nx-arrow-date=([^\n]*)$/.exec(trace.canonicalRequest)?.[1] : trace.stringToSign.split('\n')[2];
  return signed === undefined ? undefined : { family: 'TimestampReformatted', signed };
}

function match(flags: string[], steps: string[], bugType: string, description: string, provided: Record<string, unknown>, member: XConnectFamilyMember): FamilyMatch {
  return { flags, steps, bugType, description, provided, member };
}

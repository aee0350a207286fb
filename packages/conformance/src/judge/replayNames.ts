/** Replays a named mistake on any request the implementation signed: does the mistake reproduce the signature sent there, change nothing, or contradict it? */
import {
  applyKxVariants,
  constantTimeEqual,
  headerValue,
  kxIdentity,
  parseRfc1123,
  parseXConnectTimestamp,
  signXConnectRequestWithDeviations,
  verifyKxRequest,
  verifyXConnectRequest,
  XCONNECT_DEVIATIONS,
  KX_VARIANTS,
  type KxTrace,
  type KxVariantName,
  type XConnectDeviationFlag,
  type XConnectTrace,
} from '@sigkit/signer';
import { respellTimestamp, signKxFamilyMember, signXConnectFamilyMember, timestampRulesBetween, type DeviationMatch, type XConnectReplayMember, type KxFamilyMember } from '@sigkit/signer/explain';
import type { KxSignRequest, Reply, XConnectSignRequest } from '../protocol/types.js';

/**
 * One mistake that can be replayed on any request: catalogue flags (docs/spec/xconnect.md §4, or KX
 * profile variants of docs/spec/kx-connect.md §2), or one member of a family. `name` is what the
 * report calls it (`SortByName`, `RawDigestKey`, `NameNotLowercased + ValueEncoded`).
 */
export interface Replayable {
  name: string;
  flags: string[];
  member?: XConnectReplayMember | KxFamilyMember;
}

/** What a mistake says of one signed request: it `reproduces` the signature sent, changes nothing (`neutral`), or predicts another signature (`refutes`). */
export type Replayed = 'reproduces' | 'neutral' | 'refutes';

/** One request the implementation was asked to sign and what it sent. */
export interface SignedCase {
  request: XConnectSignRequest | KxSignRequest;
  reply: Reply | undefined;
}

/** What every replay on one case needs, computed once. */
interface CaseContext {
  sent?: string;
  xconnect?: { trace: XConnectTrace; apiKey: string; timestamp: string };
  /** Signatures of re-spelt timestamps already computed here: many rules spell one timestamp alike. */
  bySpelling?: Map<string, string | undefined>;
  kx?: { expected: KxTrace };
}

/** Replays catalogue or family mistakes on signed cases, computing each case's reference once. */
export class NameReplayer {
  private readonly contexts = new WeakMap<object, CaseContext | null>();

  /**
   * The replayable mistakes an explanation proved on a case stands for: itself for catalogue flags
   * and most family members; for a re-spelt timestamp, every rule that turns the timestamp sent into
   * the one signed (each is replayed on its own, and the name stands while one of them does).
   */
  replayablesOf(explanation: Pick<DeviationMatch, 'flags' | 'member'>, testCase: SignedCase): Replayable[] {
    const name = explanation.flags.join(' + ');
    const member = explanation.member;
    if (member === undefined) return [{ name, flags: explanation.flags }];
    if (member.family === 'TimestampReformatted') {
      const sent = testCase.reply?.kind === 'signed' ? headerValue(testCase.reply.wire.headers, 'x-arrow-date') : undefined;
      if (sent === undefined) return [];
      return timestampRulesBetween(sent, member.signed).map((rule) => ({ name, flags: explanation.flags, member: { family: 'TimestampReformatted', rule } }));
    }
    return [{ name, flags: explanation.flags, member }];
  }

  /**
   * Replays one mistake on one case: a deterministic client with this mistake would have sent the
   * replayed signature there. Requests the reference cannot read (no signature, a session it cannot
   * find) and platform mistakes are neutral. Never throws.
   *
   * @example
   * ```ts
   * replayer.replay({ name: 'UnsortedQuery', flags: ['UnsortedQuery'] }, passedCase); // 'refutes' when that request has b=1&a=1
   * ```
   */
  replay(mistake: Replayable, testCase: SignedCase): Replayed {
    const context = this.contextOf(testCase);
    if (context === null || context.sent === undefined) return 'neutral';
    const predicted = this.predict(mistake, testCase, context);
    if (predicted === undefined) return 'neutral';
    return constantTimeEqual(predicted, context.sent) ? 'reproduces' : 'refutes';
  }

  /** The signature the mistake gives on this case, or undefined when it changes nothing or cannot be replayed there. */
  private predict(mistake: Replayable, testCase: SignedCase, context: CaseContext): string | undefined {
    const { request } = testCase;
    const wire = testCase.reply?.kind === 'signed' ? testCase.reply.wire : undefined;
    if (wire === undefined) return undefined;
    try {
      if (request.scheme === 'xconnect') {
        if (mistake.member !== undefined) {
          if (context.xconnect === undefined || mistake.member.family === 'kx') return undefined;
          const { trace, apiKey, timestamp } = context.xconnect;
          const inputs = { expected: trace, apiKey, secretKey: request.secretKey, timestamp };
          if (mistake.member.family !== 'TimestampReformatted') return signXConnectFamilyMember(inputs, mistake.member);
          const spelling = respellTimestamp(mistake.member.rule, timestamp);
          if (spelling === undefined || spelling === timestamp) return undefined;
          context.bySpelling ??= new Map();
          if (!context.bySpelling.has(spelling)) context.bySpelling.set(spelling, signXConnectFamilyMember(inputs, mistake.member));
          return context.bySpelling.get(spelling);
        }
        const flags = mistake.flags as XConnectDeviationFlag[];
        // A platform mistake is no signature to replay; TimestampReformatted has several spellings and the catalogue replays only
        // its first (alone it is replayed as a family member; in a pair it is left to the case it was proved on).
        if (flags.some((f) => !(f in XCONNECT_DEVIATIONS) || XCONNECT_DEVIATIONS[f].scope !== 'signature' || f === 'UnknownVersionNoSignature' || f === 'TimestampReformatted')) return undefined;
        const q = wire.target.indexOf('?');
        // Throws DEVIATION_NOT_APPLICABLE when the mistake would not change this request's signature.
        const signed = signXConnectRequestWithDeviations(
          {
            method: wire.method,
            path: q < 0 ? wire.target : wire.target.slice(0, q),
            query: q < 0 ? undefined : wire.target.slice(q + 1),
            body: wire.body,
            apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? request.apiKey,
            secretKey: request.secretKey,
            timestamp: headerValue(wire.headers, 'x-arrow-date') ?? request.timestamp,
            version: request.version,
          },
          flags,
        );
        return headerValue(signed.headers, 'x-arrow-signature');
      }
      if (context.kx === undefined) return undefined;
      if (mistake.member !== undefined) return mistake.member.family === 'kx' ? signKxFamilyMember(context.kx.expected, request.sessionId, mistake.member) : undefined;
      if (mistake.flags.some((f) => !(f in KX_VARIANTS))) return undefined;
      const verdict = verifyKxRequest(wire, kxOptions(request, { ...applyKxVariants(request.profile, mistake.flags as KxVariantName[]), clockWindowSeconds: ANY_CLOCK }));
      const predicted = verdict.expected?.signature;
      return predicted === undefined || constantTimeEqual(predicted, context.kx.expected.signature) ? undefined : predicted;
    } catch {
      return undefined;
    }
  }

  private contextOf(testCase: SignedCase): CaseContext | null {
    const key = testCase.reply as object | undefined;
    if (key === undefined) return null;
    const known = this.contexts.get(key);
    if (known !== undefined) return known;
    const context = computeContext(testCase);
    this.contexts.set(key, context);
    return context;
  }
}

/** A clock window no date sent falls outside of (317 years): what is replayed is the signature, not the clock. */
const ANY_CLOCK = 10_000_000_000;

function kxOptions(request: KxSignRequest, profile: KxSignRequest['profile']) {
  const identity = kxIdentity(request.username, request.sessionId);
  return {
    lookupSession: (candidate: string) => (candidate === identity ? { username: request.username, sessionId: request.sessionId } : undefined),
    now: parseRfc1123(request.date),
    profile,
  };
}

/** The signature sent and the reference computation of the request sent, or null when there is nothing to replay on. */
function computeContext({ request, reply }: SignedCase): CaseContext | null {
  if (reply?.kind !== 'signed') return null;
  const wire = reply.wire;
  try {
    if (request.scheme === 'xconnect') {
      const context: CaseContext = {};
      const sent = headerValue(wire.headers, 'x-arrow-signature');
      if (sent !== undefined) context.sent = sent;
      const verdict = verifyXConnectRequest(wire, {
        lookupCredentials: () => ({ apiKey: request.apiKey, secretKey: request.secretKey }),
        now: parseXConnectTimestamp(request.timestamp),
        acceptedVersions: [0, 1, 2],
        isExempt: () => false,
        // The replay is of the request as sent, whatever its date: the clock is not what is being replayed.
        clockWindowSeconds: ANY_CLOCK,
      });
      if (verdict.expected) {
        context.xconnect = { trace: verdict.expected, apiKey: headerValue(wire.headers, 'x-arrow-apikey') ?? request.apiKey, timestamp: headerValue(wire.headers, 'x-arrow-date') ?? '' };
      }
      return context;
    }
    const verdict = verifyKxRequest(wire, { ...kxOptions(request, request.profile), profile: { ...request.profile, clockWindowSeconds: ANY_CLOCK } });
    const context: CaseContext = {};
    if (verdict.provided?.signature !== undefined) context.sent = verdict.provided.signature;
    if (verdict.expected) context.kx = { expected: verdict.expected };
    return context;
  } catch {
    return null;
  }
}

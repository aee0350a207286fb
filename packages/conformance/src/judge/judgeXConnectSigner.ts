/** Rules on an xConnect signer's answer: does the request it would send verify, and is it the request asked for? */
import {
  constantTimeEqual,
  decodeMoonstoneQuery,
  decodeQuery,
  headerValue,
  moonstoneFrontRejection,
  MOONSTONE_METHODS,
  parseXConnectTimestamp,
  verifyXConnectRequest,
  XCONNECT_DEVIATIONS,
  type WireRequest,
  type XConnectDeviationFlag,
  type XConnectPlatform,
} from '@sigkit/signer';
import { isUtf8 } from 'node:buffer';
import type { XConnectSignerCase } from '../cases/xconnectVectorCases.js';
import { diagnoseXConnect, showInvisible, type SearchBudget } from '@sigkit/signer/explain';
import { bodyBytesOf } from '../protocol/bodyEncoding.js';
import type { Reply } from '../protocol/types.js';
import { failed, failureOfReply, rejectedFailure, type Outcome } from './outcome.js';

const OK: Outcome = { ok: true };

/** Options of {@link judgeXConnectSigner}. */
export interface JudgeXConnectSignerOptions {
  /**
   * Whose rules the request sent must pass (default `'kit'`, docs/spec/xconnect.md §1–§3). With
   * `'moonstone'` it must pass the published platform's reading too (§3b): a body that is not UTF-8
   * must be hashed as its lossy re-encoding (else `NonUtf8Body`). A request the platform would
   * have refused whatever the client did (a `;` asked for in the path) is judged by the kit's rules.
   */
  platform?: XConnectPlatform;
  /**
   * Shared by the judgements of one run: once pairs of catalogued mistakes, or the families, have
   * explained none of so many rejections, they are no longer searched (a client whose failures
   * nothing explains paid for both searches on every case: 11–14 s at the default instead of 3–5).
   */
  searchBudget?: SearchBudget;
}

/**
 * Judges one answer to an xConnect signer case (docs/spec/xconnect.md §1–§3):
 * 1. the request sent must pass the reference verifier, configured with the case's keys, at the
 *    case's timestamp, accepting only the case's version; a rejection is diagnosed step by step;
 * 2. it must be the request asked for: same method, path, decoded parameters, body and headers;
 * 3. for a vector, it must carry the vector's signature.
 *
 * @example
 * ```ts
 * const outcome = judgeXConnectSigner(testCase, await exchange(testCase.request));
 * if (!outcome.ok) console.log(outcome.failure.headline);
 * ```
 */
export function judgeXConnectSigner(testCase: XConnectSignerCase, reply: Reply, options: JudgeXConnectSignerOptions = {}): Outcome {
  if (reply.kind === 'error' || reply.kind === 'problem') return { ok: false, failure: failureOfReply(reply, 'signer') };
  if (reply.kind !== 'signed') return failed('protocol', 'protocol', 'protocol: a verdict where a signed request was expected', 'The answer carries "valid" but no request.');
  const asked = testCase.request;
  const wire: WireRequest = reply.wire;
  const refused = platformRefusal(asked, wire);
  if (refused) return refused;
  const verifyAs = (platform: XConnectPlatform) =>
    verifyXConnectRequest(wire, {
      lookupCredentials: (apiKey) => (apiKey === asked.apiKey ? { apiKey: asked.apiKey, secretKey: asked.secretKey } : undefined),
      now: parseXConnectTimestamp(asked.timestamp),
      acceptedVersions: [asked.version],
      // OPTIONS is exempt on a server, but a signer must still sign it right.
      isExempt: () => false,
      platform,
    });
  // Under moonstone, the platform's reading decides, unless the platform would refuse the asked request whatever a client did.
  const platform: XConnectPlatform = options.platform === 'moonstone' && platformChecks(asked) ? 'moonstone' : 'kit';
  const verdict = verifyAs(platform);
  const sentSignature = headerValue(reply.wire.headers, 'x-arrow-signature');
  if (!verdict.ok && platform === 'moonstone' && verifyAs('kit').ok) return platformRejection(verdict.code, verdict.message, reply.wire.body);

  if (!verdict.ok) {
    const diagnosis = diagnoseXConnect(wire, asked, reply.intermediates, { code: verdict.code, message: verdict.message }, options.searchBudget);
    // Named only by what the diagnosis replayed on this request: equal to a deviation vector's signature proves nothing by itself.
    return rejectedFailure(verdict.code, diagnosis, requestDifference(testCase, reply.wire));
  }

  const difference = requestDifference(testCase, reply.wire);
  if (difference !== undefined) {
    return failed('wrong_request', `wrong_request:${difference.split(' ')[0]}`, `wrong_request: the request verifies but is not the one asked for`, `The signature verifies, but ${difference}`);
  }
  const { vectorSignature } = testCase.expect;
  // The vectors follow the kit's rules: under the platform's, they hold where the two agree on the signature.
  // Signatures are compared in constant time everywhere, as the verifiers do (issue #18).
  const vectorApplies = platform === 'kit' || (verdict.expected !== undefined && vectorSignature !== undefined && constantTimeEqual(verdict.expected.signature, vectorSignature));
  if (vectorSignature !== undefined && vectorApplies && !constantTimeEqual(sentSignature ?? '', vectorSignature)) {
    return failed(
      'vector_mismatch',
      'vector_mismatch',
      'vector_mismatch: verifies, yet differs from the published vector',
      `x-arrow-signature is ${sentSignature}, the vector has ${vectorSignature}; the vector and the reference verifier disagree, which is a sigkit bug: please report it.`,
    );
  }
  return OK;
}

/** The asked request's target, as the client should send it. */
const askedTarget = (asked: XConnectSignerCase['request']) => (asked.rawQuery === null ? asked.path : `${asked.path}?${asked.rawQuery}`);

/**
 * The finding for a request sent that the published platform would have refused before checking its
 * signature (a 400, or a 500 from its firewall or method lookup), when it would have checked the
 * request asked for: the client introduced the problem (a lower-cased method, a `;jsessionid` added).
 */
function platformRefusal(asked: XConnectSignerCase['request'], wire: WireRequest): Outcome | undefined {
  const sent = moonstoneFrontRejection(wire.method, wire.target);
  if (sent === null || sent.status === 302 || sent.status === 404) return undefined;
  if (moonstoneFrontRejection(asked.method, askedTarget(asked)) !== null) return undefined;
  let flag: XConnectDeviationFlag | undefined;
  if (sent.layer === 'firewall') flag = 'FirewallRejectedPath';
  if (sent.layer === 'method' && MOONSTONE_METHODS.includes(wire.method.toUpperCase())) flag = 'LowercaseMethod';
  const named = flag === undefined ? '' : `, ${flag}`;
  const fix = flag === undefined ? '' : ` ${XCONNECT_DEVIATIONS[flag].fix}`;
  return {
    ok: false,
    failure: {
      // A kind of 'rejected': by the platform, in front of its signature check (the report's kinds are a fixed list).
      kind: 'rejected',
      classKey: `rejected:platform_${sent.layer}:${flag ?? sent.rule}`,
      headline: `rejected: the platform would answer ${sent.status} (${sent.layer}) before checking the signature${named}`,
      message: `The request sent (${wire.method} ${wire.target}) would never reach the platform's signature check: ${sent.reason}. The request asked for (${asked.method} ${askedTarget(asked)}) would.${fix}`,
      flags: flag === undefined ? [] : [flag],
    },
  };
}

/** Whether the platform would check the asked request at all: not when it refuses it whatever a client does. */
function platformChecks(asked: XConnectSignerCase['request']): boolean {
  if (moonstoneFrontRejection(asked.method, askedTarget(asked)) !== null) return false;
  try {
    return !decodeMoonstoneQuery(asked.rawQuery ?? undefined).some((p) => p.name === '');
  } catch {
    return false;
  }
}

/** The failure for a request the kit accepts and the platform's reading refuses: for a body that is not UTF-8 hashed as sent, NonUtf8Body. */
function platformRejection(code: string, message: string, body: Uint8Array): Outcome {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const nonUtf8 = code === 'signature_mismatch' && !isUtf8(bytes);
  const flags: XConnectDeviationFlag[] = nonUtf8 ? ['NonUtf8Body'] : [];
  const d = XCONNECT_DEVIATIONS.NonUtf8Body;
  return {
    ok: false,
    failure: {
      kind: 'rejected',
      classKey: `rejected:${code}:${nonUtf8 ? 'NonUtf8Body' : 'platform'}`,
      headline: `rejected: ${code} by the platform's reading${nonUtf8 ? ', reproduced by NonUtf8Body' : ''}`,
      message: `The kit's rules accept the request sent, the published platform's do not (docs/spec/xconnect.md §3b): ${message}.${nonUtf8 ? ` ${d.description} ${d.fix}` : ''}`,
      flags,
    },
  };
}

type Pair = readonly [string, string];
const byText = (a: Pair, b: Pair) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
const showPairs = (pairs: readonly Pair[]) => (pairs.length === 0 ? 'none' : pairs.map(([n, v]) => `${showInvisible(n)}=${showInvisible(v)}`).join(', '));

/** How the request sent differs from the one asked for, as a sentence starting with the part's name; undefined when it does not. */
export function requestDifference(testCase: XConnectSignerCase, wire: { method: string; target: string; headers: Record<string, string>; body: Uint8Array }): string | undefined {
  const asked = testCase.request;
  if (wire.method.toUpperCase() !== asked.method.toUpperCase()) return `method ${JSON.stringify(wire.method)} was sent, ${asked.method} was asked for.`;
  const q = wire.target.indexOf('?');
  const path = q < 0 ? wire.target : wire.target.slice(0, q);
  if (path !== asked.path) {
    return `path ${JSON.stringify(path)} was sent, ${JSON.stringify(asked.path)} was asked for; the path is sent and signed exactly as given (docs/spec/xconnect.md §1).`;
  }
  const sentQuery = q < 0 ? '' : wire.target.slice(q + 1);
  // asked.query is what the server decodes from asked.rawQuery, so the same text decodes the same.
  if (sentQuery !== (asked.rawQuery ?? '')) {
    let sent: Pair[];
    try {
      sent = decodeQuery(sentQuery).map((p) => [p.name, p.value] as const);
    } catch (error) {
      return `query cannot be decoded: ${(error as Error).message}.`;
    }
    const want = [...asked.query].sort(byText);
    sent.sort(byText);
    if (want.length !== sent.length || want.some((pair, i) => byText(pair, sent[i]!) !== 0)) {
      return `query parameters decode to [${showPairs(sent)}], but [${showPairs(want)}] were asked for (a server decodes %XX as UTF-8 and + as a space, docs/spec/xconnect.md §1.1).`;
    }
  }
  const body = testCase.expect.body ?? bodyBytesOf(asked);
  if (!sameBytes(body, wire.body)) return `body of ${wire.body.length} bytes was sent, ${body.length} bytes were asked for.`;
  const date = headerValue(wire.headers, 'x-arrow-date');
  if (date !== asked.timestamp) return `x-arrow-date ${JSON.stringify(date)} was sent, ${JSON.stringify(asked.timestamp)} was asked for (it is signed exactly as sent).`;
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

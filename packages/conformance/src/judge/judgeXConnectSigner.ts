/** Rules on an xConnect signer's answer: does the request it would send verify, and is it the request asked for? */
import { decodeQuery, headerValue, parseXConnectTimestamp, verifyXConnectRequest, type WireRequest } from '@sigkit/signer';
import type { XConnectSignerCase } from '../cases/xconnectVectorCases.js';
import { diagnoseXConnect } from '../diagnosis/diagnoseXConnect.js';
import { showInvisible } from '../diagnosis/showInvisible.js';
import { bodyBytesOf } from '../protocol/bodyEncoding.js';
import type { Reply } from '../protocol/types.js';
import { failed, failureOfReply, rejectedFailure, type Outcome } from './outcome.js';

const OK: Outcome = { ok: true };

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
export function judgeXConnectSigner(testCase: XConnectSignerCase, reply: Reply): Outcome {
  if (reply.kind === 'error' || reply.kind === 'problem') return { ok: false, failure: failureOfReply(reply, 'signer') };
  if (reply.kind !== 'signed') return failed('protocol', 'protocol', 'protocol: a verdict where a signed request was expected', 'The answer carries "valid" but no request.');
  const asked = testCase.request;
  const wire: WireRequest = reply.wire;
  const verdict = verifyXConnectRequest(wire, {
    lookupCredentials: (apiKey) => (apiKey === asked.apiKey ? { apiKey: asked.apiKey, secretKey: asked.secretKey } : undefined),
    now: parseXConnectTimestamp(asked.timestamp),
    acceptedVersions: [asked.version],
    // OPTIONS is exempt on a server, but a signer must still sign it right.
    isExempt: () => false,
  });
  const sentSignature = headerValue(reply.wire.headers, 'x-arrow-signature');

  if (!verdict.ok) {
    const diagnosis = diagnoseXConnect(wire, asked, reply.intermediates, { code: verdict.code, message: verdict.message });
    const vectorFlags = testCase.expect.deviantSignature !== undefined && sentSignature === testCase.expect.deviantSignature ? testCase.flags : [];
    return rejectedFailure(verdict.code, diagnosis, vectorFlags, requestDifference(testCase, reply.wire));
  }

  const difference = requestDifference(testCase, reply.wire);
  if (difference !== undefined) {
    return failed('wrong_request', `wrong_request:${difference.split(' ')[0]}`, `wrong_request: the request verifies but is not the one asked for`, `The signature verifies, but ${difference}`);
  }
  const { vectorSignature } = testCase.expect;
  if (vectorSignature !== undefined && sentSignature !== vectorSignature) {
    return failed(
      'vector_mismatch',
      'vector_mismatch',
      'vector_mismatch: verifies, yet differs from the published vector',
      `x-arrow-signature is ${sentSignature}, the vector has ${vectorSignature}; the vector and the reference verifier disagree, which is a sigkit bug: please report it.`,
    );
  }
  return OK;
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

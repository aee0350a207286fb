/** Rules on a KX Connect signer's answer: does the call it would send verify, and is it the call asked for? */
import { constantTimeEqual, headerValue, kxIdentity, parseRfc1123, verifyKxRequest } from '@sigkit/signer';
import type { KxSignerCase } from '../cases/kxVectorCases.js';
import { diagnoseKx } from '@sigkit/signer/explain';
import type { Reply, SignedReply } from '../protocol/types.js';
import { failed, failureOfReply, rejectedFailure, type Outcome } from './outcome.js';
import { sameJson } from './sameJson.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Judges one answer to a KX Connect signer case (docs/spec/kx-connect.md §2):
 * 1. the call sent must pass the reference verifier with the case's session and profile at the
 *    case's date; a rejection is diagnosed part by part;
 * 2. it must be the call asked for: `POST /connect/api/<group>/<method>`, and a body carrying the
 *    case's type, parameters, id and date (byte for byte when the case gives the body, by meaning
 *    otherwise);
 * 3. for a vector sent byte for byte, it must carry the vector's Authorization.
 *
 * @example
 * ```ts
 * judgeKxSigner(testCase, await exchange(testCase.request)).ok;
 * ```
 */
export function judgeKxSigner(testCase: KxSignerCase, reply: Reply): Outcome {
  if (reply.kind === 'error' || reply.kind === 'problem') return { ok: false, failure: failureOfReply(reply, 'signer') };
  if (reply.kind !== 'signed') return failed('protocol', 'protocol', 'protocol: a verdict where a signed request was expected', 'The answer carries "valid" but no request.');
  const asked = testCase.request;
  const identity = kxIdentity(asked.username, asked.sessionId);
  const verdict = verifyKxRequest(reply.wire, {
    lookupSession: (candidate) => (candidate === identity ? { username: asked.username, sessionId: asked.sessionId } : undefined),
    now: parseRfc1123(asked.date),
    profile: asked.profile,
  });
  const authorization = headerValue(reply.wire.headers, 'authorization');
  if (!verdict.ok) {
    const diagnosis = diagnoseKx(reply.wire, asked, reply.intermediates, { code: verdict.code, message: verdict.message });
    // Named only by what the diagnosis replayed on this call: equal to a deviation vector's Authorization proves nothing by itself.
    return rejectedFailure(verdict.code, diagnosis);
  }
  const difference = callDifference(testCase, reply.wire);
  if (difference !== undefined) {
    return failed('wrong_request', `wrong_request:${difference.split(' ')[0]}`, 'wrong_request: the call verifies but is not the one asked for', `The signature verifies, but ${difference}`);
  }
  const vector = testCase.expect.vector;
  if (vector && bodyText(reply.wire.body) === vector.body && headerValue(reply.wire.headers, 'content-type') === vector.contentType && !constantTimeEqual(authorization ?? '', vector.authorization)) {
    return failed(
      'vector_mismatch',
      'vector_mismatch',
      'vector_mismatch: verifies, yet differs from the published vector',
      `Authorization is ${authorization}, the vector has ${vector.authorization} for the same body; the vector and the reference verifier disagree, which is a sigkit bug: please report it.`,
    );
  }
  return { ok: true };
}

function bodyText(body: Uint8Array): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/** How the call sent differs from the one asked for, as a sentence starting with the part's name; undefined when it does not. */
function callDifference(testCase: KxSignerCase, wire: SignedReply['wire']): string | undefined {
  const asked = testCase.request;
  if (wire.method.toUpperCase() !== 'POST') return `method ${JSON.stringify(wire.method)} was sent; KX Connect calls are POST (docs/spec/kx-connect.md §2).`;
  const path = `/connect/api/${asked.group}/${asked.method}`;
  if (wire.target !== path) return `target ${JSON.stringify(wire.target)} was sent, ${JSON.stringify(path)} was asked for.`;
  const text = bodyText(wire.body);
  if (text === undefined) return 'body is not UTF-8 text.';
  if (asked.body !== undefined) {
    if (text === asked.body) return undefined;
    let same = false;
    try {
      same = sameJson(JSON.parse(text), JSON.parse(asked.body));
    } catch {
      same = false;
    }
    return same ? undefined : `body ${JSON.stringify(text.slice(0, 200))} was sent, ${JSON.stringify(asked.body.slice(0, 200))} was asked for.`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'body is not JSON.';
  }
  const want = { type: asked.type, msg: [asked.params], id: asked.requestId, date: asked.date };
  for (const field of ['type', 'msg', 'id', 'date'] as const) {
    if (!sameJson(body[field], want[field])) return `body field ${field} is ${JSON.stringify(body[field])?.slice(0, 200)}, ${JSON.stringify(want[field]).slice(0, 200)} was asked for.`;
  }
  return undefined;
}

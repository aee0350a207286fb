/** Writes a reply the way the protocol would, for reports. */
import { bodyFields } from '../protocol/bodyEncoding.js';
import type { Reply } from '../protocol/types.js';
import type { AnswerRecord } from './types.js';

/**
 * The reply as a JSON-friendly record: the signed request (body as text or Base64), the verdict,
 * the error, or the problem.
 *
 * @example
 * ```ts
 * answerRecord({ kind: 'verdict', valid: true }); // { valid: true }
 * ```
 */
export function answerRecord(reply: Reply): AnswerRecord {
  switch (reply.kind) {
    case 'signed': {
      const record: AnswerRecord = { method: reply.wire.method, target: reply.wire.target, headers: reply.wire.headers, ...bodyFields(reply.wire.body) };
      if (reply.intermediates) record.intermediates = reply.intermediates;
      return record;
    }
    case 'verdict':
      return reply.reason === undefined ? { valid: reply.valid } : { valid: reply.valid, reason: reply.reason };
    case 'error':
      return { error: reply.code === undefined ? { message: reply.message } : { message: reply.message, code: reply.code } };
    case 'problem':
      return { problem: reply.problem, message: reply.message };
  }
}

/** Reads one answer of the implementation under test into a Reply, refusing anything that breaks the protocol. */
import { bodyBytesOf } from './bodyEncoding.js';
import type { Reply, Role } from './types.js';

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : value instanceof Uint8Array ? 'bytes' : typeof value;

function protocol(message: string): Reply {
  return { kind: 'problem', problem: 'protocol', message };
}

/**
 * Turns an answer (the parsed JSON line of an adapter, or what an in-process function returned)
 * into a {@link Reply}. An `error` field makes an error reply; otherwise a signer must give
 * `method`, `target` and string `headers` (plus an optional body and `intermediates`) and a
 * verifier a boolean `valid`. Anything else is a `protocol` problem naming the field.
 *
 * @example
 * ```ts
 * readAnswer({ id: 'c1', valid: false }, 'verifier'); // { kind: 'verdict', valid: false }
 * readAnswer({ id: 'c2', error: 'unsupported' }, 'signer'); // { kind: 'error', message: 'unsupported' }
 * ```
 */
export function readAnswer(answer: unknown, role: Role): Reply {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return protocol(`the answer is ${describe(answer)}, not an object`);
  const fields = answer as Record<string, unknown>;
  if (fields['error'] !== undefined && fields['error'] !== null) return errorReply(fields['error']);
  return role === 'signer' ? signedReply(fields) : verdictReply(fields);
}

function errorReply(error: unknown): Reply {
  if (typeof error === 'string') return { kind: 'error', message: error };
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>)['message'] === 'string') {
    const { message, code } = error as { message: string; code?: unknown };
    return typeof code === 'string' ? { kind: 'error', message, code } : { kind: 'error', message };
  }
  return protocol(`"error" must be a string or an object with a "message", got ${describe(error)}`);
}

function verdictReply(fields: Record<string, unknown>): Reply {
  const valid = fields['valid'];
  if (typeof valid !== 'boolean') return protocol(`a verifier's answer needs a boolean "valid", got ${describe(valid)}`);
  const reason = fields['reason'];
  return typeof reason === 'string' ? { kind: 'verdict', valid, reason } : { kind: 'verdict', valid };
}

function signedReply(fields: Record<string, unknown>): Reply {
  const { method, target, headers, intermediates } = fields;
  if (typeof method !== 'string' || method === '') return protocol(`a signer's answer needs a non-empty string "method", got ${describe(method)}`);
  if (typeof target !== 'string' || !target.startsWith('/')) {
    return protocol(`a signer's answer needs a "target" starting with "/" (path and query as sent), got ${typeof target === 'string' ? JSON.stringify(target) : describe(target)}`);
  }
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return protocol(`a signer's answer needs a "headers" object, got ${describe(headers)}`);
  const headerRecord: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') return protocol(`header ${JSON.stringify(name)} must be a string, got ${describe(value)}`);
    headerRecord[name] = value;
  }
  let body: Uint8Array;
  if (fields['body'] instanceof Uint8Array) body = fields['body'];
  else {
    try {
      body = bodyBytesOf(fields);
    } catch (error) {
      return protocol((error as Error).message);
    }
  }
  const reply: Reply = { kind: 'signed', wire: { method, target, headers: headerRecord, body } };
  if (intermediates !== undefined && intermediates !== null) {
    if (typeof intermediates !== 'object' || Array.isArray(intermediates)) return protocol(`"intermediates" must be an object, got ${describe(intermediates)}`);
    reply.intermediates = intermediates as Record<string, unknown>;
  }
  return reply;
}

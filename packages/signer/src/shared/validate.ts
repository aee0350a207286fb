/** Input guards shared by both schemes: each throws a SigkitInputError naming the argument. @internal */
import { SigkitInputError } from '../errors.js';

/** Throws unless `value` is a non-empty string. @internal */
export function requireNonEmptyString(value: unknown, name: string, code: string): string {
  if (typeof value !== 'string') {
    throw new SigkitInputError(code, `${name} must be a string, got ${describeType(value)}`, { expected: 'a non-empty string' });
  }
  if (value.length === 0) {
    throw new SigkitInputError(code, `${name} must not be empty`, { expected: 'a non-empty string' });
  }
  return value;
}

/** Throws unless `value` is a string, a Uint8Array, or undefined/null (meaning no body). @internal */
export function requireBody(value: unknown, name = 'body'): string | Uint8Array {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new SigkitInputError('INVALID_BODY', `${name} must be a string or a Uint8Array, got ${describeType(value)}`, {
    expected: 'the exact body bytes sent, as a string (UTF-8) or a Uint8Array; serialise objects yourself',
  });
}

/** A short description of a value's type for error messages. @internal */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

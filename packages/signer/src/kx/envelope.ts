/** The `id` and `date` every KX Connect request body carries: checked when given, made when not. @internal */
import { randomUUID } from 'node:crypto';
import { SigkitDateError, SigkitInputError } from '../errors.js';
import { describeType } from '../shared/validate.js';
import { formatRfc1123, parseRfc1123 } from './rfc1123.js';

// RFC 9562 textual form, any version: the guides only say "UUID" (docs/spec/kx-connect.md §1).
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its 8-4-4-4-12 hex form. @internal */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * The request id: the one given (which must be a UUID) or a fresh random one.
 * @internal
 */
export function kxRequestId(id: unknown): string {
  if (id === undefined) return randomUUID();
  if (!isUuid(id)) {
    throw new SigkitInputError('INVALID_REQUEST_ID', `id must be a UUID, got ${typeof id === 'string' ? JSON.stringify(id) : describeType(id)}`, {
      expected: 'a UUID such as "e133598e-7b9e-429a-b3e5-bda881c47024"',
    });
  }
  return id;
}

/**
 * The request date as the RFC 1123 string that is sent and signed: now, a Date (formatted), or
 * a string that must already be RFC 1123 (kept verbatim, since that is what gets signed).
 * @internal
 */
export function kxRequestDate(date: unknown): string {
  if (date === undefined) return formatRfc1123(new Date());
  if (date instanceof Date) return formatRfc1123(date);
  if (typeof date === 'string') {
    parseRfc1123(date);
    return date;
  }
  throw new SigkitDateError('INVALID_DATE', `date must be a Date or an RFC 1123 string, got ${describeType(date)}`, {
    expected: 'a Date, or a string such as "Fri, 26 Jul 2019 15:59:00 GMT"',
  });
}

/** The client mistakes visible in a request itself that the published platform refused, named by their flags (docs/spec/xconnect.md §3b, §4). */
import { isUtf8 } from 'node:buffer';
import { bodyBytes, headerValue, splitTarget, type WireRequest } from '../shared/wire.js';
import { XCONNECT_DEVIATIONS, type XConnectDeviationFlag } from './deviations.js';
import { decodeMoonstoneQuery } from './moonstoneQuery.js';
import { MOONSTONE_METHODS, moonstoneFrontRejection } from './platformFront.js';
import { parseMoonstoneTimestamp } from './zonedDateTime.js';

/** One platform mistake found in a request. */
export interface XConnectPlatformMistake {
  /** One of the flags of scope `'platform'` (`XCONNECT_PLATFORM_DEVIATION_FLAGS`). */
  flag: XConnectDeviationFlag;
  /** What the platform answered such a request: 500 (firewall, method), 401 (the others). */
  status: number;
  /** What is wrong with this request, and what to send instead. */
  message: string;
}

/**
 * Lists the mistakes of docs/spec/xconnect.md §4 of scope `'platform'` that a request shows by itself:
 * a path the platform's firewall refused (`FirewallRejectedPath`), a lower-case method
 * (`LowercaseMethod`), a query parameter with an empty name (`EmptyParameterName`), an `x-arrow-date`
 * the platform could not read (`UnparseableDate`), a body that is not UTF-8 (`NonUtf8Body`, which
 * the platform hashed differently from the bytes). This kit's own rules accept all of them; the
 * published platform did not. Empty when there is none. Never throws on client input.
 *
 * @example
 * ```ts
 * findXConnectPlatformMistakes({ method: 'get', target: '/api/v1/kronos/devices;jsessionid=1', headers: {} })
 *   .map((m) => m.flag); // ['FirewallRejectedPath']  (the firewall answers before the method lookup)
 * ```
 */
export function findXConnectPlatformMistakes(wire: WireRequest): XConnectPlatformMistake[] {
  const method = String(wire.method ?? '');
  const target = String(wire.target ?? '');
  const mistakes: XConnectPlatformMistake[] = [];
  const add = (flag: XConnectDeviationFlag, status: number, what: string) => mistakes.push({ flag, status, message: `${what}. ${XCONNECT_DEVIATIONS[flag].fix}` });
  const front = moonstoneFrontRejection(method, target);
  if (front?.layer === 'firewall') add('FirewallRejectedPath', 500, front.reason.replace(/:[^:]*$/, ''));
  if (front?.layer === 'method' && MOONSTONE_METHODS.includes(method.toUpperCase())) add('LowercaseMethod', 500, `the method is sent as "${method}", which the platform did not know`);
  if (front?.layer === 'container') return mistakes;
  let empty = false;
  try {
    empty = decodeMoonstoneQuery(splitTarget(target).query).some((p) => p.name === '');
  } catch {
    empty = false;
  }
  if (empty) add('EmptyParameterName', 401, 'the query has a parameter with an empty name');
  const date = headerValue(wire.headers ?? {}, 'x-arrow-date');
  if (date !== undefined && date !== '') {
    try {
      parseMoonstoneTimestamp(date);
    } catch {
      add('UnparseableDate', 401, `x-arrow-date ${JSON.stringify(date)} is not a date-time the platform could read`);
    }
  }
  if (typeof wire.body !== 'string' && wire.body && !isUtf8(bodyBytes(wire.body))) {
    add('NonUtf8Body', 401, 'the body is not valid UTF-8, and the platform hashed its lossy re-encoding, not its bytes');
  }
  return mistakes;
}

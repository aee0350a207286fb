/** Reads the flat telemetry maps clients post (`{"_|timestamp":"…","f|temperature":"23.5"}`, docs/spec/xconnect.md §5). */
import { parseXConnectTimestamp } from '@sigkit/signer';
import type { JsonValue } from '../../http/types.js';
import { TYPE_BY_PREFIX, telemetryItem, type TelemetryItem, type TelemetryType, type TelemetryValue } from './telemetryItem.js';

/** The outcome of {@link readTelemetryMap}: the items, or a sentence saying which key is wrong. */
export type TelemetryMapResult = { ok: true; items: TelemetryItem[] } | { ok: false; message: string };

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function convert(type: TelemetryType, text: string): TelemetryValue | undefined {
  const trimmed = text.trim();
  switch (type) {
    case 'String':
      return text;
    case 'Integer': {
      if (!INTEGER.test(trimmed)) return undefined;
      const value = Number(trimmed);
      return Number.isSafeInteger(value) ? value : undefined;
    }
    case 'Float': {
      if (!FLOAT.test(trimmed)) return undefined;
      const value = Number(trimmed);
      return Number.isFinite(value) ? value : undefined;
    }
    case 'Boolean':
      return trimmed.toLowerCase() === 'true' ? true : trimmed.toLowerCase() === 'false' ? false : undefined;
    case 'Date': {
      const m = DATE.exec(trimmed);
      if (!m) return undefined;
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return date.toISOString().slice(0, 10) === trimmed ? trimmed : undefined;
    }
    case 'DateTime':
      try {
        return new Date(parseXConnectTimestamp(trimmed)).toISOString();
      } catch {
        return undefined;
      }
  }
}

const EXPECTED: Record<TelemetryType, string> = {
  String: 'text',
  Integer: 'an integer such as "42"',
  Float: 'a number such as "23.5"',
  Boolean: '"true" or "false"',
  Date: 'a date such as "2024-05-01"',
  DateTime: 'an ISO-8601 instant such as "2024-05-01T12:00:00Z"',
};

/**
 * Reads one posted telemetry map for a device. Keys are `prefix|name` with the prefixes of
 * docs/spec/xconnect.md §5; `_|` keys are system values (`_|timestamp` in epoch ms, default `now`; `_|deviceHid`
 * is overridden by the device in the path, as the platform did). Values may be strings (as the
 * platform's clients send them) or JSON numbers and booleans.
 *
 * @example
 * ```ts
 * readTelemetryMap({ '_|timestamp': '1700000000000', 'f|temperature': '23.5' }, hid, Date.now());
 * // { ok: true, items: [{ deviceHid: hid, name: 'temperature', type: 'Float', timestamp: 1700000000000, floatValue: 23.5 }] }
 * ```
 */
export function readTelemetryMap(value: JsonValue, deviceHid: string, now: number, where = 'telemetry'): TelemetryMapResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `${where} must be a JSON object of "prefix|name": "value" entries` };
  }
  const entries = Object.entries(value);
  let timestamp = now;
  const rawTimestamp = value['_|timestamp'];
  if (rawTimestamp !== undefined) {
    const text = typeof rawTimestamp === 'number' ? String(rawTimestamp) : rawTimestamp;
    if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim())) {
      return { ok: false, message: `${where}: "_|timestamp" must be epoch milliseconds such as "1700000000000"` };
    }
    timestamp = Number(text.trim());
  }
  const items: TelemetryItem[] = [];
  for (const [key, raw] of entries) {
    if (key.startsWith('_|')) continue;
    const bar = key.indexOf('|');
    const type = bar > 0 ? TYPE_BY_PREFIX[key.slice(0, bar + 1)] : undefined;
    const name = bar > 0 ? key.slice(bar + 1) : '';
    if (type === undefined || name === '') {
      return { ok: false, message: `${where}: key "${key}" must be "prefix|name" with a prefix among _| s| i| f| b| d| dt|` };
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      return { ok: false, message: `${where}: the value of "${key}" must be a string, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}` };
    }
    const converted = convert(type, String(raw));
    if (converted === undefined) return { ok: false, message: `${where}: the value of "${key}" must be ${EXPECTED[type]}, got ${JSON.stringify(raw)}` };
    items.push(telemetryItem(deviceHid, name, type, timestamp, converted));
  }
  return { ok: true, items };
}

/** The telemetry item shape of the Kronos API (docs/spec/xconnect.md §5) and its type prefixes. */

/** Telemetry value types, as the API names them in `type`. */
export type TelemetryType = 'String' | 'Integer' | 'Float' | 'Boolean' | 'Date' | 'DateTime';

/** One telemetry point as the API answers it; exactly one value field is present (nulls omitted). */
export interface TelemetryItem {
  deviceHid: string;
  name: string;
  type: TelemetryType;
  /** Epoch milliseconds. */
  timestamp: number;
  strValue?: string;
  intValue?: number;
  floatValue?: number;
  boolValue?: boolean;
  /** `YYYY-MM-DD`. */
  dateValue?: string;
  /** ISO-8601 instant. */
  datetimeValue?: string;
}

/** A telemetry value of any type. */
export type TelemetryValue = string | number | boolean;

/** The value field each type uses. */
export const VALUE_FIELD: Readonly<Record<TelemetryType, 'strValue' | 'intValue' | 'floatValue' | 'boolValue' | 'dateValue' | 'datetimeValue'>> = {
  String: 'strValue',
  Integer: 'intValue',
  Float: 'floatValue',
  Boolean: 'boolValue',
  Date: 'dateValue',
  DateTime: 'datetimeValue',
};

/** The posting prefixes of docs/spec/xconnect.md §5 (`f|temperature`), system keys (`_|`) excluded. */
export const TYPE_BY_PREFIX: Readonly<Record<string, TelemetryType>> = {
  's|': 'String',
  'i|': 'Integer',
  'f|': 'Float',
  'b|': 'Boolean',
  'd|': 'Date',
  'dt|': 'DateTime',
};

/** Builds an item with its one value field, keys in the API's order. */
export function telemetryItem(deviceHid: string, name: string, type: TelemetryType, timestamp: number, value: TelemetryValue): TelemetryItem {
  return { deviceHid, name, type, timestamp, [VALUE_FIELD[type]]: value } as TelemetryItem;
}

/** Orders items by timestamp, then device, then name: the order every telemetry list answers in. */
export function compareTelemetryItems(a: TelemetryItem, b: TelemetryItem): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  if (a.deviceHid !== b.deviceHid) return a.deviceHid < b.deviceHid ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}

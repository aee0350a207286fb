/** The device types the seeded data uses, each with the telemetry its devices report and how each value moves. */
import type { TelemetryType } from './telemetryItem.js';

/** How a generated telemetry value evolves minute by minute. */
export type TelemetryModel =
  /** A daily wave between min and max plus a little noise. */
  | { kind: 'wave'; min: number; max: number; decimals: number }
  /** Drains from max to min over `periodMinutes`, then starts again (a battery). */
  | { kind: 'drain'; min: number; max: number; periodMinutes: number }
  /** A random integer each minute. */
  | { kind: 'noise'; min: number; max: number }
  /** One of `values`, held for `holdMinutes`. */
  | { kind: 'choice'; values: readonly string[]; holdMinutes: number }
  /** A boolean held for `holdMinutes`. */
  | { kind: 'toggle'; holdMinutes: number }
  /** A date fixed per device (a service date). */
  | { kind: 'fixedDate' }
  /** The instant of the reading, a few seconds before the minute (a GPS fix). */
  | { kind: 'recentInstant' };

/** One telemetry a device type reports. */
export interface TelemetrySpec {
  name: string;
  type: TelemetryType;
  model: TelemetryModel;
}

/** A device type of the seeded data. */
export interface DeviceTypeSpec {
  /** The `type` field of devices of this type. */
  name: string;
  /** Human label used in device names. */
  label: string;
  /** Its telemetry, sorted by name (the order generated points appear in within a minute). */
  telemetry: readonly TelemetrySpec[];
}

const byName = (specs: TelemetrySpec[]): TelemetrySpec[] => specs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Every seeded device type. Together they cover all six telemetry types of docs/spec/xconnect.md §5. */
export const DEVICE_TYPES: readonly DeviceTypeSpec[] = [
  {
    name: 'environment-sensor',
    label: 'Environment Sensor',
    telemetry: byName([
      { name: 'temperature', type: 'Float', model: { kind: 'wave', min: 16, max: 29, decimals: 2 } },
      { name: 'humidity', type: 'Float', model: { kind: 'wave', min: 30, max: 70, decimals: 1 } },
      { name: 'battery', type: 'Integer', model: { kind: 'drain', min: 5, max: 100, periodMinutes: 30 * 24 * 60 } },
      { name: 'status', type: 'String', model: { kind: 'choice', values: ['OK', 'OK', 'OK', 'OK', 'WARN'], holdMinutes: 90 } },
    ]),
  },
  {
    name: 'power-meter',
    label: 'Power Meter',
    telemetry: byName([
      { name: 'voltage', type: 'Float', model: { kind: 'wave', min: 228, max: 242, decimals: 1 } },
      { name: 'current', type: 'Float', model: { kind: 'wave', min: 0.2, max: 16, decimals: 2 } },
      { name: 'relayOn', type: 'Boolean', model: { kind: 'toggle', holdMinutes: 240 } },
      { name: 'lastService', type: 'Date', model: { kind: 'fixedDate' } },
    ]),
  },
  {
    name: 'gps-tracker',
    label: 'GPS Tracker',
    telemetry: byName([
      { name: 'latitude', type: 'Float', model: { kind: 'wave', min: 40.4, max: 40.9, decimals: 5 } },
      { name: 'longitude', type: 'Float', model: { kind: 'wave', min: -74.2, max: -73.7, decimals: 5 } },
      { name: 'moving', type: 'Boolean', model: { kind: 'toggle', holdMinutes: 25 } },
      { name: 'fixTime', type: 'DateTime', model: { kind: 'recentInstant' } },
    ]),
  },
  {
    name: 'asset-tag',
    label: 'Asset Tag',
    telemetry: byName([
      { name: 'rssi', type: 'Integer', model: { kind: 'noise', min: -95, max: -40 } },
      { name: 'battery', type: 'Integer', model: { kind: 'drain', min: 1, max: 100, periodMinutes: 90 * 24 * 60 } },
      { name: 'zone', type: 'String', model: { kind: 'choice', values: ['dock', 'warehouse-a', 'warehouse-b', 'yard'], holdMinutes: 180 } },
    ]),
  },
];

/** Finds a seeded device type by name. */
export function deviceTypeSpec(name: string): DeviceTypeSpec | undefined {
  return DEVICE_TYPES.find((t) => t.name === name);
}

/** Seeded telemetry history computed on demand: each point is a pure function of (seed, device, name, minute). */
import { unitHash } from '../../random/deterministic.js';
import type { TelemetrySpec } from './deviceTypes.js';
import { telemetryItem, type TelemetryItem, type TelemetryValue } from './telemetryItem.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The value a seeded device reports for one telemetry at one minute (epoch minutes). Pure: the same
 * arguments always give the same value, so any slice of history can be computed without the rest.
 *
 * @example
 * ```ts
 * generatedTelemetryValue(42, deviceHid, { name: 'temperature', type: 'Float', model: { kind: 'wave', min: 16, max: 29, decimals: 2 } }, 28_500_000);
 * ```
 */
export function generatedTelemetryValue(seed: number, deviceHid: string, spec: TelemetrySpec, minute: number): TelemetryValue {
  const model = spec.model;
  switch (model.kind) {
    case 'wave': {
      const phase = unitHash(seed, deviceHid, spec.name, 'phase') * 2 * Math.PI;
      const middle = (model.min + model.max) / 2;
      const amplitude = ((model.max - model.min) / 2) * 0.8;
      const noise = (unitHash(seed, deviceHid, spec.name, minute) - 0.5) * (model.max - model.min) * 0.2;
      const value = middle + amplitude * Math.sin((2 * Math.PI * minute) / DAY_MINUTES + phase) + noise;
      return round(Math.min(model.max, Math.max(model.min, value)), model.decimals);
    }
    case 'drain': {
      const offset = Math.floor(unitHash(seed, deviceHid, spec.name, 'offset') * model.periodMinutes);
      const position = (((minute + offset) % model.periodMinutes) + model.periodMinutes) % model.periodMinutes;
      return Math.round(model.max - ((model.max - model.min) * position) / model.periodMinutes);
    }
    case 'noise':
      return model.min + Math.floor(unitHash(seed, deviceHid, spec.name, minute) * (model.max - model.min + 1));
    case 'choice': {
      const block = Math.floor(minute / model.holdMinutes);
      return model.values[Math.floor(unitHash(seed, deviceHid, spec.name, block) * model.values.length)]!;
    }
    case 'toggle':
      return unitHash(seed, deviceHid, spec.name, Math.floor(minute / model.holdMinutes)) < 0.5;
    case 'fixedDate': {
      const day = Math.floor(unitHash(seed, deviceHid, spec.name, 'date') * 365);
      return new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10);
    }
    case 'recentInstant': {
      const secondsBefore = Math.floor(unitHash(seed, deviceHid, spec.name, minute) * 30_000);
      return new Date(minute * MINUTE_MS - secondsBefore).toISOString();
    }
  }
}

/** A device whose history is generated. */
export interface GeneratedTelemetrySource {
  hid: string;
  /** Its telemetry, sorted by name. */
  telemetry: readonly TelemetrySpec[];
}

/** Random access to a generated history: `count` points, the i-th in list order. */
export interface TelemetryGrid {
  count: number;
  at(index: number): TelemetryItem;
}

/**
 * The generated points of some devices over whole minutes `[firstMinute, lastMinute]`, in list
 * order (timestamp, then device hid, then name), without materialising them: `at(i)` is O(log
 * devices). A year of per-minute points is just arithmetic.
 *
 * @example
 * ```ts
 * const grid = telemetryGrid(42, [device], { firstMinute: m, lastMinute: m + 59 });
 * grid.count;  // 60 × the device's telemetry count
 * grid.at(0);  // first telemetry (by name) of the first minute
 * ```
 */
export function telemetryGrid(
  seed: number,
  sources: readonly GeneratedTelemetrySource[],
  range: { firstMinute: number; lastMinute: number },
  names?: ReadonlySet<string>,
): TelemetryGrid {
  const devices = [...sources]
    .sort((a, b) => (a.hid < b.hid ? -1 : a.hid > b.hid ? 1 : 0))
    .map((d) => ({ hid: d.hid, telemetry: names ? d.telemetry.filter((t) => names.has(t.name)) : d.telemetry }))
    .filter((d) => d.telemetry.length > 0);
  const offsets: number[] = [];
  let perMinute = 0;
  for (const device of devices) {
    offsets.push(perMinute);
    perMinute += device.telemetry.length;
  }
  const minutes = Math.max(0, range.lastMinute - range.firstMinute + 1);
  return {
    count: perMinute * minutes,
    at(index) {
      const minute = range.firstMinute + Math.floor(index / perMinute);
      const within = index % perMinute;
      let lo = 0;
      let hi = offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid]! <= within) lo = mid;
        else hi = mid - 1;
      }
      const device = devices[lo]!;
      const spec = device.telemetry[within - offsets[lo]!]!;
      return telemetryItem(device.hid, spec.name, spec.type, minute * MINUTE_MS, generatedTelemetryValue(seed, device.hid, spec, minute));
    },
  };
}

/** Telemetry endpoints of the Kronos API (docs/spec/xconnect.md §5): latest values, time ranges computed on demand, and posting. */
import { parseXConnectTimestamp } from '@sigkit/signer';
import type { Route } from '../../http/routeTable.js';
import type { JsonValue } from '../../http/types.js';
import { telemetryGrid, generatedTelemetryValue, type GeneratedTelemetrySource } from '../data/generatedTelemetry.js';
import { mergedPage } from '../data/mergedPage.js';
import { readTelemetryMap } from '../data/postedTelemetry.js';
import type { DeviceRecord } from '../data/records.js';
import { compareTelemetryItems, telemetryItem, type TelemetryItem } from '../data/telemetryItem.js';
import { XConnectApiError } from '../errors.js';
import { pageOffset, pagedAnswer, readPageRequest } from '../paging.js';
import { STATUS_OK } from './gateways.js';
import { findDevice } from './devices.js';
import { queryValue, readBody, type XConnectHandler, type XConnectRouteContext } from './routeContext.js';

const MINUTE_MS = 60_000;

/** A time range `[from, to]` in epoch ms, both ends included. */
interface TimeRange {
  from: number;
  to: number;
}

function readTimestampParam(context: XConnectRouteContext, name: string): number {
  const raw = queryValue(context, name);
  if (raw === undefined || raw.trim() === '') throw new XConnectApiError(`${name} is required (ISO-8601, e.g. 2024-05-01T12:00:00Z)`);
  try {
    return parseXConnectTimestamp(raw.trim());
  } catch {
    throw new XConnectApiError(`invalid datetime format: ${name} "${raw}" is not ISO-8601 with a zone (e.g. 2024-05-01T12:00:00Z)`, {
      exception: 'moonstone.acs.AcsLogicalException',
    });
  }
}

function readRange(context: XConnectRouteContext): TimeRange {
  const from = readTimestampParam(context, 'fromTimestamp');
  const to = readTimestampParam(context, 'toTimestamp');
  if (from > to) throw new XConnectApiError('fromTimestamp must be less than toTimestamp');
  return { from, to };
}

function readNames(context: XConnectRouteContext): ReadonlySet<string> | undefined {
  const raw = queryValue(context, 'telemetryNames');
  if (raw === undefined || raw === '') return undefined;
  return new Set(raw.split(',').map((n) => n.trim()));
}

/** Whole minutes of generated history inside a range: from the history start up to the server's current minute. */
function generatedMinutes(context: XConnectRouteContext, range: TimeRange): { firstMinute: number; lastMinute: number } {
  return {
    firstMinute: Math.ceil(Math.max(range.from, context.store.historyStart) / MINUTE_MS),
    lastMinute: Math.floor(Math.min(range.to, context.now) / MINUTE_MS),
  };
}

/** Answers one page of generated history for some devices merged with what was posted for them. */
function historyPage(context: XConnectRouteContext, devices: readonly DeviceRecord[]): JsonValue {
  const page = readPageRequest(context.query, { defaultSize: 200, maxSize: 200 });
  const range = readRange(context);
  const names = readNames(context);
  const sources: GeneratedTelemetrySource[] = devices.flatMap((d) => (d.generatedTelemetry ? [{ hid: d.hid, telemetry: d.generatedTelemetry }] : []));
  const grid = telemetryGrid(context.store.seed, sources, generatedMinutes(context, range), names);
  const posted: TelemetryItem[] = devices
    .flatMap((d) => context.store.postedTelemetry(d.hid))
    .filter((item) => item.timestamp >= range.from && item.timestamp <= range.to && (!names || names.has(item.name)))
    .sort(compareTelemetryItems);
  const offset = pageOffset(page);
  const data = Number.isFinite(offset) ? mergedPage(grid.count, grid.at, posted, compareTelemetryItems, offset, page.size) : [];
  // Quirk of the platform (docs/spec/xconnect.md §5): in telemetry lists `size` is the requested page size.
  return pagedAnswer(data as unknown as JsonValue[], page, grid.count + posted.length, 'requested');
}

const deviceHistory: XConnectHandler = (context) => historyPage(context, [findDevice(context)]);

const applicationHistory: XConnectHandler = (context) => {
  if (context.params.appHid !== context.store.application.hid) throw new XConnectApiError('application not found');
  // The platform read the telemetry of the application's enabled devices only.
  return historyPage(context, context.store.devices().filter((d) => d.enabled));
};

const latest: XConnectHandler = (context) => {
  const device = findDevice(context);
  const byName = new Map<string, TelemetryItem>();
  const nowMinute = Math.floor(context.now / MINUTE_MS);
  if (device.generatedTelemetry && nowMinute * MINUTE_MS >= context.store.historyStart) {
    for (const spec of device.generatedTelemetry) {
      byName.set(spec.name, telemetryItem(device.hid, spec.name, spec.type, nowMinute * MINUTE_MS, generatedTelemetryValue(context.store.seed, device.hid, spec, nowMinute)));
    }
  }
  for (const item of context.store.postedTelemetry(device.hid)) {
    const current = byName.get(item.name);
    if (!current || item.timestamp >= current.timestamp) byName.set(item.name, item);
  }
  const data = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { size: data.length, data: data as unknown as JsonValue[] };
};

const postTelemetry: XConnectHandler = (context) => {
  const device = findDevice(context);
  const result = readTelemetryMap(readBody(context), device.hid, context.now);
  if (!result.ok) throw new XConnectApiError(result.message);
  context.store.addTelemetry(result.items);
  return STATUS_OK;
};

const postTelemetryBatch: XConnectHandler = (context) => {
  const device = findDevice(context);
  const body = readBody(context);
  if (!Array.isArray(body)) throw new XConnectApiError('the request body must be a JSON array of telemetry objects');
  const items: TelemetryItem[] = [];
  // Every entry is checked before any is stored, so a bad batch changes nothing.
  body.forEach((entry, index) => {
    const result = readTelemetryMap(entry, device.hid, context.now, `telemetry[${index}]`);
    if (!result.ok) throw new XConnectApiError(result.message);
    items.push(...result.items);
  });
  context.store.addTelemetry(items);
  return STATUS_OK;
};

/** The telemetry routes, relative to `/api/v1/kronos`. */
export const TELEMETRY_ROUTES: readonly Route<XConnectHandler>[] = [
  { method: 'GET', pattern: '/telemetries/devices/{hid}/latest', handler: latest },
  { method: 'GET', pattern: '/telemetries/devices/{hid}', handler: deviceHistory },
  { method: 'POST', pattern: '/telemetries/devices/{hid}', handler: postTelemetry },
  { method: 'POST', pattern: '/telemetries/devices/{hid}/batch', handler: postTelemetryBatch },
  { method: 'GET', pattern: '/telemetries/applications/{appHid}', handler: applicationHistory },
];

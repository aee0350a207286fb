/** The gateway and device records the xConnect store holds, and their API models (docs/spec/xconnect.md §5). */
import type { JsonObject } from '../../http/types.js';
import type { TelemetrySpec } from './deviceTypes.js';

/** Gateway types the API accepts (docs/spec/xconnect.md §5). */
export const GATEWAY_TYPES = ['Local', 'Cloud', 'Mobile'] as const;

/** A gateway type. */
export type GatewayType = (typeof GATEWAY_TYPES)[number];

/** A gateway as stored. Dates are epoch ms. */
export interface GatewayRecord {
  hid: string;
  uid: string;
  name: string;
  type: GatewayType;
  deviceType: string;
  osName: string;
  softwareName: string;
  softwareVersion: string;
  sdkVersion: string | null;
  applicationHid: string;
  userHid: string | null;
  info: Record<string, string>;
  properties: Record<string, string>;
  enabled: boolean;
  createdDate: number;
  createdBy: string;
  lastModifiedDate: number;
  lastModifiedBy: string;
  /** Last `PUT /gateways/{hid}/checkin`, epoch ms. */
  lastCheckinDate: number | null;
  /** Last `PUT /gateways/{hid}/heartbeat`, epoch ms. */
  lastHeartbeatDate: number | null;
}

/** A device as stored. Dates are epoch ms. */
export interface DeviceRecord {
  hid: string;
  uid: string;
  name: string;
  type: string;
  gatewayHid: string;
  nodeHid: string | null;
  userHid: string | null;
  softwareName: string | null;
  softwareVersion: string | null;
  info: Record<string, string>;
  properties: Record<string, string>;
  enabled: boolean;
  createdDate: number;
  createdBy: string;
  lastModifiedDate: number;
  lastModifiedBy: string;
  /** The telemetry whose history is generated (seeded devices); null for devices registered through the API. */
  generatedTelemetry: readonly TelemetrySpec[] | null;
}

// Records carry a few distinct dates each; their ISO text is cached, as formatting a page's dates
// cost more than verifying its signature.
const isoCache = new Map<number, string>();
const iso = (ms: number): string => {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size >= 100_000) isoCache.clear();
    text = new Date(ms).toISOString();
    isoCache.set(ms, text);
  }
  return text;
};

// The models are written as whole literals, not spread from a shared head: V8 gives spread
// objects a slower shape, which halved the mock's throughput when it was tried.

/** The API model of a gateway (nulls omitted, as the platform's JSON mapper did). */
export function gatewayModel(gateway: GatewayRecord): JsonObject {
  const model: JsonObject = {
    hid: gateway.hid,
    pri: `arw:krn:gtw:${gateway.hid}`,
    createdDate: iso(gateway.createdDate),
    createdBy: gateway.createdBy,
    lastModifiedDate: iso(gateway.lastModifiedDate),
    lastModifiedBy: gateway.lastModifiedBy,
    uid: gateway.uid,
    name: gateway.name,
    type: gateway.type,
    deviceType: gateway.deviceType,
    osName: gateway.osName,
    softwareName: gateway.softwareName,
    softwareVersion: gateway.softwareVersion,
  };
  if (gateway.sdkVersion !== null) model.sdkVersion = gateway.sdkVersion;
  model.applicationHid = gateway.applicationHid;
  if (gateway.userHid !== null) model.userHid = gateway.userHid;
  model.info = { ...gateway.info };
  model.properties = { ...gateway.properties };
  return model;
}

/** The API model of a device (docs/spec/xconnect.md §5 "Device item example fields"; nulls omitted). */
export function deviceModel(device: DeviceRecord): JsonObject {
  const model: JsonObject = {
    hid: device.hid,
    pri: `arw:krn:dev:${device.hid}`,
    createdDate: iso(device.createdDate),
    createdBy: device.createdBy,
    lastModifiedDate: iso(device.lastModifiedDate),
    lastModifiedBy: device.lastModifiedBy,
    uid: device.uid,
    name: device.name,
    type: device.type,
    gatewayHid: device.gatewayHid,
  };
  if (device.nodeHid !== null) model.nodeHid = device.nodeHid;
  if (device.userHid !== null) model.userHid = device.userHid;
  if (device.softwareName !== null) model.softwareName = device.softwareName;
  if (device.softwareVersion !== null) model.softwareVersion = device.softwareVersion;
  model.info = { ...device.info };
  model.properties = { ...device.properties };
  model.enabled = device.enabled;
  return model;
}

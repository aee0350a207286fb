/** Device endpoints of the Kronos API (docs/spec/xconnect.md §5). */
import type { Route } from '../../http/routeTable.js';
import { hexId } from '../../random/deterministic.js';
import { deviceModel, type DeviceRecord } from '../data/records.js';
import { XConnectApiError } from '../errors.js';
import { pageOf, readPageRequest } from '../paging.js';
import {
  actorOf,
  optionalFlag,
  optionalText,
  optionalTextMap,
  mergeTextMap,
  queryValue,
  readBodyObject,
  type XConnectHandler,
  type XConnectRouteContext,
} from './routeContext.js';

/** Looks up the device of the `{hid}` path parameter, or answers the platform's `device not found`. */
export function findDevice(context: XConnectRouteContext): DeviceRecord {
  const device = context.store.device(context.params.hid!);
  if (!device) throw new XConnectApiError('device not found');
  return device;
}

const listDevices: XConnectHandler = (context) => {
  const page = readPageRequest(context.query, { defaultSize: 100, maxSize: 200 });
  // Filters as the platform applied them: blank values are ignored; enabled is "true" (any case) or false.
  const uid = queryValue(context, 'uid') || undefined;
  const type = queryValue(context, 'type') || undefined;
  const gatewayHid = queryValue(context, 'gatewayHid') || undefined;
  const enabledText = queryValue(context, 'enabled') || undefined;
  const enabled = enabledText === undefined ? undefined : enabledText.toLowerCase() === 'true';
  const devices = context.store
    .devices()
    .filter(
      (d) =>
        (uid === undefined || d.uid === uid) &&
        (type === undefined || d.type === type) &&
        (gatewayHid === undefined || d.gatewayHid === gatewayHid) &&
        (enabled === undefined || d.enabled === enabled),
    );
  return pageOf(devices, page, deviceModel);
};

const getDevice: XConnectHandler = (context) => deviceModel(findDevice(context));

const registerDevice: XConnectHandler = (context) => {
  const body = readBodyObject(context, 'a device registration: uid, gatewayHid, name, type, …');
  const uid = optionalText(body, 'uid')?.trim();
  if (!uid) throw new XConnectApiError('uid is required');
  const gatewayHid = optionalText(body, 'gatewayHid')?.trim();
  const gateway = gatewayHid === undefined ? undefined : context.store.gateway(gatewayHid);
  if (gatewayHid !== undefined && !gateway) throw new XConnectApiError('gateway not found');
  const nodeHid = optionalText(body, 'nodeHid')?.trim();
  const name = optionalText(body, 'name')?.trim();
  const type = optionalText(body, 'type')?.trim() || 'Unknown';
  const softwareName = optionalText(body, 'softwareName')?.trim();
  const softwareVersion = optionalText(body, 'softwareVersion')?.trim();
  const enabled = optionalFlag(body, 'enabled');
  const info = optionalTextMap(body, 'info');
  const properties = optionalTextMap(body, 'properties');
  const actor = actorOf(context);

  const existing = context.store.deviceByUid(uid);
  if (existing) {
    // Upsert by uid, changing only what differs, as the platform's createOrUpdate did.
    const before = JSON.stringify(existing);
    if (body.type !== undefined && type !== existing.type) existing.type = type;
    if (gateway) existing.gatewayHid = gateway.hid;
    if (nodeHid) existing.nodeHid = nodeHid;
    if (info) existing.info = mergeTextMap(existing.info, info);
    if (properties) existing.properties = mergeTextMap(existing.properties, properties);
    if (enabled !== undefined) existing.enabled = enabled;
    if (softwareName) existing.softwareName = softwareName;
    if (softwareVersion) existing.softwareVersion = softwareVersion;
    const updated = JSON.stringify(existing) !== before;
    if (updated) {
      existing.lastModifiedDate = context.now;
      existing.lastModifiedBy = actor;
    }
    const message = updated ? 'device is already registered, device information has been updated' : 'device is already registered';
    return { hid: existing.hid, externalId: existing.uid, message };
  }
  if (!gateway) throw new XConnectApiError('gatewayHid is required to register a new device');
  if (!context.store.canRegister()) {
    throw new XConnectApiError(`the mock holds at most ${context.store.limits.maxRegistered} registered gateways and devices; reset it with POST /__sigkit/reset`);
  }
  const device: DeviceRecord = {
    hid: hexId(context.store.seed, 'registered-device', uid),
    uid,
    name: name ?? '',
    type,
    gatewayHid: gateway.hid,
    nodeHid: nodeHid || null,
    userHid: null,
    softwareName: softwareName || null,
    softwareVersion: softwareVersion || null,
    info: info ?? Object.create(null),
    properties: properties ?? Object.create(null),
    enabled: enabled ?? true,
    createdDate: context.now,
    createdBy: actor,
    lastModifiedDate: context.now,
    lastModifiedBy: actor,
    generatedTelemetry: null,
  };
  context.store.addDevice(device);
  return { hid: device.hid, externalId: device.uid, message: 'device was registered successfully' };
};

/** The device routes, relative to `/api/v1/kronos`. */
export const DEVICE_ROUTES: readonly Route<XConnectHandler>[] = [
  { method: 'GET', pattern: '/devices', handler: listDevices, cacheable: true },
  { method: 'POST', pattern: '/devices', handler: registerDevice },
  { method: 'GET', pattern: '/devices/{hid}', handler: getDevice, cacheable: true },
];

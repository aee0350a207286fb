/** Gateway endpoints of the Kronos API (docs/spec/xconnect.md §5). */
import type { Route } from '../../http/routeTable.js';
import type { JsonObject } from '../../http/types.js';
import { hexId } from '../../random/deterministic.js';
import { deviceModel, gatewayModel, GATEWAY_TYPES, type GatewayRecord, type GatewayType } from '../data/records.js';
import { XConnectApiError } from '../errors.js';
import { pageOf, readPageRequest } from '../paging.js';
import { actorOf, mergeTextMap, optionalText, optionalTextMap, readBodyObject, requiredText, type XConnectHandler, type XConnectRouteContext } from './routeContext.js';

/** The platform's `StatusModel.OK`. */
export const STATUS_OK: JsonObject = { status: 'OK', message: '' };

function findGateway(context: XConnectRouteContext): GatewayRecord {
  const gateway = context.store.gateway(context.params.hid!);
  // The platform's validateCanReadGateway/WriteGateway raised this AcsLogicalException.
  if (!gateway) throw new XConnectApiError('invalid gateway hid', { exception: 'moonstone.acs.AcsLogicalException' });
  return gateway;
}

function readGatewayType(body: JsonObject, required: boolean): GatewayType | undefined {
  const type = optionalText(body, 'type');
  if (type === undefined) {
    if (required) throw new XConnectApiError('type is required');
    return undefined;
  }
  if (!(GATEWAY_TYPES as readonly string[]).includes(type)) throw new XConnectApiError(`type must be one of ${GATEWAY_TYPES.join(', ')}, got "${type}"`);
  return type as GatewayType;
}

/** Applies the optional fields of a create/update body to a gateway, as the platform's populateGateway did. */
function applyGatewayFields(gateway: GatewayRecord, body: JsonObject, type: GatewayType | undefined): void {
  const text = (key: 'name' | 'osName' | 'softwareName' | 'softwareVersion' | 'uid' | 'deviceType') => optionalText(body, key);
  gateway.name = text('name') ?? gateway.name;
  gateway.type = type ?? gateway.type;
  gateway.osName = text('osName') ?? gateway.osName;
  gateway.softwareName = text('softwareName') ?? gateway.softwareName;
  gateway.softwareVersion = text('softwareVersion') ?? gateway.softwareVersion;
  gateway.sdkVersion = optionalText(body, 'sdkVersion') ?? gateway.sdkVersion;
  gateway.deviceType = text('deviceType')?.trim() ?? gateway.deviceType;
  // Merged into objects without prototype, so that `__proto__` and the like are kept as data (issue #18).
  gateway.info = mergeTextMap(gateway.info, optionalTextMap(body, 'info') ?? {});
  gateway.properties = mergeTextMap(gateway.properties, optionalTextMap(body, 'properties') ?? {});
}

const listGateways: XConnectHandler = (context) =>
  pageOf(context.store.gateways(), readPageRequest(context.query, { defaultSize: 100, maxSize: 200 }), gatewayModel);

const createGateway: XConnectHandler = (context) => {
  const body = readBodyObject(context, 'a gateway: uid, name, osName, softwareName, softwareVersion, type');
  // Checked in the platform's order (doCreate), so the first missing field is the one reported.
  const uid = requiredText(body, 'uid');
  if (optionalText(body, 'name') === undefined) throw new XConnectApiError('name is required');
  requiredText(body, 'osName');
  requiredText(body, 'softwareName');
  requiredText(body, 'softwareVersion');
  const type = readGatewayType(body, true);
  const actor = actorOf(context);
  let gateway = context.store.gatewayByUid(uid);
  if (gateway) {
    // An existing uid updates the gateway (the platform's "gateway already exists, information has been updated").
    applyGatewayFields(gateway, body, type);
    gateway.lastModifiedDate = context.now;
    gateway.lastModifiedBy = actor;
  } else {
    if (!context.store.canRegister()) {
      throw new XConnectApiError(`the mock holds at most ${context.store.limits.maxRegistered} registered gateways and devices; reset it with POST /__sigkit/reset`);
    }
    gateway = {
      hid: hexId(context.store.seed, 'registered-gateway', uid),
      uid,
      name: '',
      type: type!,
      deviceType: 'gateway',
      osName: '',
      softwareName: '',
      softwareVersion: '',
      sdkVersion: null,
      applicationHid: context.store.application.hid,
      userHid: null,
      info: {},
      properties: {},
      enabled: true,
      createdDate: context.now,
      createdBy: actor,
      lastModifiedDate: context.now,
      lastModifiedBy: actor,
      lastCheckinDate: null,
      lastHeartbeatDate: null,
    };
    applyGatewayFields(gateway, body, type);
    context.store.addGateway(gateway);
  }
  return { hid: gateway.hid, externalId: gateway.uid, message: 'OK' };
};

const getGateway: XConnectHandler = (context) => gatewayModel(findGateway(context));

const updateGateway: XConnectHandler = (context) => {
  const gateway = findGateway(context);
  const body = readBodyObject(context, 'the gateway fields to change');
  const uid = optionalText(body, 'uid');
  // The store finds gateways by uid (POST /gateways upserts by it), so the mock keeps uids fixed.
  if (uid !== undefined && uid !== gateway.uid) throw new XConnectApiError(`uid cannot be changed (gateway ${gateway.hid} has uid "${gateway.uid}")`);
  applyGatewayFields(gateway, body, readGatewayType(body, false));
  gateway.lastModifiedDate = context.now;
  gateway.lastModifiedBy = actorOf(context);
  return { hid: gateway.hid, message: 'OK' };
};

const checkin: XConnectHandler = (context) => {
  findGateway(context).lastCheckinDate = context.now;
  return STATUS_OK;
};

const heartbeat: XConnectHandler = (context) => {
  findGateway(context).lastHeartbeatDate = context.now;
  return STATUS_OK;
};

const gatewayConfig: XConnectHandler = (context) => {
  findGateway(context);
  // The platform answered the owner key of the gateway's application; here that is the key the request used.
  const key = context.credential ?? context.services.credentials.list()[0];
  if (!key) throw new XConnectApiError('OwnerKey not found', { exception: 'moonstone.acs.AcsLogicalException' });
  return { cloudPlatform: 'IotConnect', key: { apiKey: key.apiKey, secretKey: key.secretKey } };
};

const gatewayDevices: XConnectHandler = (context) => {
  const gateway = context.store.gateway(context.params.hid!);
  if (!gateway) throw new XConnectApiError('gateway not found');
  const data = context.store.devices().filter((d) => d.gatewayHid === gateway.hid).map(deviceModel);
  // A list answer, not a paged one: the platform's ListResultModel {size, data}.
  return { size: data.length, data };
};

/** The gateway routes, relative to `/api/v1/kronos`. */
export const GATEWAY_ROUTES: readonly Route<XConnectHandler>[] = [
  { method: 'GET', pattern: '/gateways', handler: listGateways, cacheable: true },
  { method: 'POST', pattern: '/gateways', handler: createGateway },
  { method: 'GET', pattern: '/gateways/{hid}', handler: getGateway, cacheable: true },
  { method: 'PUT', pattern: '/gateways/{hid}', handler: updateGateway },
  { method: 'PUT', pattern: '/gateways/{hid}/checkin', handler: checkin },
  { method: 'PUT', pattern: '/gateways/{hid}/heartbeat', handler: heartbeat },
  { method: 'GET', pattern: '/gateways/{hid}/config', handler: gatewayConfig },
  { method: 'GET', pattern: '/gateways/{hid}/devices', handler: gatewayDevices, cacheable: true },
];

/** The xConnect platform's state: seeded gateways and devices plus everything clients posted, bounded in size. */
import { compareTelemetryItems, type TelemetryItem } from './telemetryItem.js';
import type { DeviceRecord, GatewayRecord } from './records.js';
import { generateSeededDataset, type DatasetSize, type SeededDataset } from './seededDataset.js';

/** Limits on what clients can add, so a long-running mock cannot be made to grow without bound. */
export interface StoreLimits {
  /** Gateways plus devices registered through the API (default 10,000); beyond that registration is refused. */
  maxRegistered: number;
  /** Posted telemetry items kept (default 100,000); beyond that the oldest posted are dropped. */
  maxPostedTelemetry: number;
}

/** Default store limits. */
export const DEFAULT_STORE_LIMITS: StoreLimits = { maxRegistered: 10_000, maxPostedTelemetry: 100_000 };

/** The xConnect store. Records are live objects: routes update them in place. */
export interface XConnectStore {
  readonly seed: number;
  readonly application: { hid: string; name: string };
  /** Generated history starts here (epoch ms). */
  readonly historyStart: number;
  gateways(): readonly GatewayRecord[];
  gateway(hid: string): GatewayRecord | undefined;
  gatewayByUid(uid: string): GatewayRecord | undefined;
  devices(): readonly DeviceRecord[];
  device(hid: string): DeviceRecord | undefined;
  deviceByUid(uid: string): DeviceRecord | undefined;
  /** Room for another registration through the API. */
  canRegister(): boolean;
  addGateway(gateway: GatewayRecord): void;
  addDevice(device: DeviceRecord): void;
  /** Stores posted items; an item with the same device, name and timestamp replaces the earlier one. */
  addTelemetry(items: readonly TelemetryItem[]): void;
  /** A device's posted telemetry, sorted by timestamp then name. */
  postedTelemetry(deviceHid: string): readonly TelemetryItem[];
  /** Posted items dropped at `limits.maxPostedTelemetry` since the store was made: the answer that dropped them says so (issue #18). */
  readonly droppedTelemetry: number;
  readonly limits: StoreLimits;
  /** Back to the seeded data, forgetting everything posted. */
  reset(): void;
  /**
   * A number that changes whenever the store may have changed: on every method above that adds or
   * resets, and on {@link XConnectStore.touch}. Answers built from the store stay valid while it holds.
   */
  readonly revision: number;
  /** Says that records were (or may have been) changed in place, so answers built before are stale. */
  touch(): void;
}

function insertionIndex(items: readonly TelemetryItem[], item: TelemetryItem): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareTelemetryItems(items[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Creates the store for a seed.
 *
 * @example
 * ```ts
 * const store = createXConnectStore(42);
 * store.devices().length; // 240 with the default dataset size
 * ```
 */
export function createXConnectStore(seed: number, size?: DatasetSize, limits: StoreLimits = DEFAULT_STORE_LIMITS): XConnectStore {
  let gateways = new Map<string, GatewayRecord>();
  let devices = new Map<string, DeviceRecord>();
  let gatewaysByUid = new Map<string, GatewayRecord>();
  let devicesByUid = new Map<string, DeviceRecord>();
  let posted = new Map<string, TelemetryItem[]>();
  // Posted items in arrival order, to drop the oldest when over the limit.
  let arrivals: TelemetryItem[] = [];
  let arrivalsHead = 0;
  let postedCount = 0;
  let registered = 0;
  let dataset: SeededDataset;
  let revision = 0;
  // The dataset is generated on first use, not when the mock starts: it was most of the mock's
  // start-up time, and a session that only talks KX Connect never reads it.
  let loaded = false;

  const load = () => {
    loaded = true;
    revision += 1;
    dataset = generateSeededDataset(seed, size);
    gateways = new Map(dataset.gateways.map((g) => [g.hid, g]));
    devices = new Map(dataset.devices.map((d) => [d.hid, d]));
    gatewaysByUid = new Map(dataset.gateways.map((g) => [g.uid, g]));
    devicesByUid = new Map(dataset.devices.map((d) => [d.uid, d]));
    posted = new Map();
    arrivals = [];
    arrivalsHead = 0;
    postedCount = 0;
    registered = 0;
  };
  const loadedStore = () => {
    if (!loaded) load();
  };

  let droppedTelemetry = 0;
  const dropOldestPosted = () => {
    while (postedCount > limits.maxPostedTelemetry && arrivalsHead < arrivals.length) {
      const oldest = arrivals[arrivalsHead]!;
      arrivalsHead += 1;
      const list = posted.get(oldest.deviceHid);
      if (!list) continue;
      const index = insertionIndex(list, oldest);
      // A replaced item is no longer in the list; only drop the very object that arrived.
      if (list[index] === oldest) {
        list.splice(index, 1);
        postedCount -= 1;
        droppedTelemetry += 1;
      }
    }
    if (arrivalsHead > 1024 && arrivalsHead * 2 > arrivals.length) {
      arrivals = arrivals.slice(arrivalsHead);
      arrivalsHead = 0;
    }
  };

  return {
    seed,
    limits,
    get application() {
      loadedStore();
      return dataset.application;
    },
    get historyStart() {
      loadedStore();
      return dataset.baseTime;
    },
    gateways: () => (loadedStore(), [...gateways.values()]),
    gateway: (hid) => (loadedStore(), gateways.get(hid)),
    gatewayByUid: (uid) => (loadedStore(), gatewaysByUid.get(uid)),
    devices: () => (loadedStore(), [...devices.values()]),
    device: (hid) => (loadedStore(), devices.get(hid)),
    deviceByUid: (uid) => (loadedStore(), devicesByUid.get(uid)),
    canRegister: () => registered < limits.maxRegistered,
    addGateway(gateway) {
      loadedStore();
      revision += 1;
      gateways.set(gateway.hid, gateway);
      gatewaysByUid.set(gateway.uid, gateway);
      registered += 1;
    },
    addDevice(device) {
      loadedStore();
      revision += 1;
      devices.set(device.hid, device);
      devicesByUid.set(device.uid, device);
      registered += 1;
    },
    addTelemetry(items) {
      loadedStore();
      revision += 1;
      for (const item of items) {
        let list = posted.get(item.deviceHid);
        if (!list) {
          list = [];
          posted.set(item.deviceHid, list);
        }
        const index = insertionIndex(list, item);
        if (index < list.length && compareTelemetryItems(list[index]!, item) === 0) list[index] = item;
        else {
          list.splice(index, 0, item);
          postedCount += 1;
        }
        arrivals.push(item);
      }
      dropOldestPosted();
    },
    postedTelemetry: (deviceHid) => (loadedStore(), posted.get(deviceHid) ?? []),
    get droppedTelemetry() {
      return droppedTelemetry;
    },
    reset: load,
    get revision() {
      return revision;
    },
    touch() {
      revision += 1;
    },
  };
}

/**
 * The store as handed to code outside the mock (`core.state.xconnect`). Its records are live, and
 * whoever holds one may change it, so every call marks the store as touched: an answer cached
 * before is never served after a record was handed out.
 * @internal
 */
export function externalStoreView(store: XConnectStore): XConnectStore {
  const touched = <T>(value: T): T => {
    store.touch();
    return value;
  };
  return {
    seed: store.seed,
    limits: store.limits,
    get application() {
      return touched(store.application);
    },
    get historyStart() {
      return store.historyStart;
    },
    gateways: () => touched(store.gateways()),
    gateway: (hid) => touched(store.gateway(hid)),
    gatewayByUid: (uid) => touched(store.gatewayByUid(uid)),
    devices: () => touched(store.devices()),
    device: (hid) => touched(store.device(hid)),
    deviceByUid: (uid) => touched(store.deviceByUid(uid)),
    canRegister: () => store.canRegister(),
    addGateway: (gateway) => store.addGateway(gateway),
    addDevice: (device) => store.addDevice(device),
    addTelemetry: (items) => store.addTelemetry(items),
    postedTelemetry: (deviceHid) => touched(store.postedTelemetry(deviceHid)),
    get droppedTelemetry() {
      return store.droppedTelemetry;
    },
    reset: () => store.reset(),
    get revision() {
      return store.revision;
    },
    touch: () => store.touch(),
  };
}

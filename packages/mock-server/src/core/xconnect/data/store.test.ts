import { describe, expect, it } from 'vitest';
import { createXConnectStore } from './store.js';
import { telemetryItem } from './telemetryItem.js';

describe('xConnect store', () => {
  it('generates the requested number of gateways and devices, all with 40-hex hids', () => {
    const store = createXConnectStore(5, { gateways: 3, devicesPerGateway: 4 });
    expect(store.gateways()).toHaveLength(3);
    expect(store.devices()).toHaveLength(12);
    for (const entity of [...store.gateways(), ...store.devices()]) expect(entity.hid).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(store.devices().map((d) => d.uid)).size).toBe(12);
  });

  it('keeps posted telemetry sorted, replaces same-key items, and drops the oldest posted over the limit', () => {
    const store = createXConnectStore(5, { gateways: 1, devicesPerGateway: 1 }, { maxRegistered: 10, maxPostedTelemetry: 3 });
    const hid = store.devices()[0]!.hid;
    store.addTelemetry([telemetryItem(hid, 'b', 'Integer', 20, 1), telemetryItem(hid, 'a', 'Integer', 20, 2), telemetryItem(hid, 'a', 'Integer', 10, 3)]);
    expect(store.postedTelemetry(hid).map((i) => [i.timestamp, i.name])).toEqual([[10, 'a'], [20, 'a'], [20, 'b']]);
    store.addTelemetry([telemetryItem(hid, 'a', 'Integer', 10, 4)]);
    expect(store.postedTelemetry(hid)).toHaveLength(3);
    expect(store.postedTelemetry(hid)[0]!.intValue).toBe(4);
    store.addTelemetry([telemetryItem(hid, 'c', 'Integer', 30, 5)]);
    // The first arrival (b@20) is the oldest still stored; the replaced a@10 arrival is skipped.
    expect(store.postedTelemetry(hid).map((i) => [i.timestamp, i.name])).toEqual([[10, 'a'], [20, 'a'], [30, 'c']]);
  });

  it('refuses registrations beyond the limit until reset', () => {
    const store = createXConnectStore(5, { gateways: 1, devicesPerGateway: 1 }, { maxRegistered: 1, maxPostedTelemetry: 10 });
    const gateway = { ...store.gateways()[0]!, hid: 'f'.repeat(40), uid: 'new' };
    expect(store.canRegister()).toBe(true);
    store.addGateway(gateway);
    expect(store.canRegister()).toBe(false);
    expect(store.gatewayByUid('new')).toBe(gateway);
    store.reset();
    expect(store.canRegister()).toBe(true);
    expect(store.gatewayByUid('new')).toBeUndefined();
  });
});

describe('seeds', () => {
  it('keeps seeds above 32 bits apart', () => {
    const names = (seed: number) => createXConnectStore(seed, { gateways: 2, devicesPerGateway: 2 }).devices().map((d) => d.name);
    expect(names(2 ** 32 + 5)).not.toEqual(names(5));
  });
});

/** Generates the seeded application, gateways and devices with faker: one seed, byte-identical data. */
import type { Faker } from '@faker-js/faker';
// The English locale alone: the package's main entry loads every locale (13 MB of heap and a fifth
// of the CLI's start-up), of which the dataset uses one.
import { faker as englishFaker } from '@faker-js/faker/locale/en';

/** A fresh, separately seeded Faker over the English definitions (the shared instance is never seeded here). */
const FakerClass = englishFaker.constructor as typeof Faker;
import { hash32, hexId } from '../../random/deterministic.js';
import { DEVICE_TYPES } from './deviceTypes.js';
import type { DeviceRecord, GatewayRecord, GatewayType } from './records.js';

/** How much data to generate. */
export interface DatasetSize {
  /** Number of gateways (default 8). */
  gateways: number;
  /** Devices under each gateway (default 30). */
  devicesPerGateway: number;
}

/** Default dataset size: 8 gateways × 30 devices, enough for several pages of devices. */
export const DEFAULT_DATASET_SIZE: DatasetSize = { gateways: 8, devicesPerGateway: 30 };

/** The generated data of one seed. */
export interface SeededDataset {
  application: { hid: string; name: string };
  /** Midnight UTC derived from the seed: every seeded entity was created before it, and history starts at it. */
  baseTime: number;
  gateways: GatewayRecord[];
  devices: DeviceRecord[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Generates the dataset for a seed. Each entity gets its own faker seed derived from (seed, kind,
 * index), and dates come from a base date derived from the seed (never from the current time), so
 * the same seed gives the same data on every machine and every run.
 *
 * @example
 * ```ts
 * const data = generateSeededDataset(42, { gateways: 2, devicesPerGateway: 3 });
 * data.devices.length; // 6
 * ```
 */
export function generateSeededDataset(seed: number, size: DatasetSize = DEFAULT_DATASET_SIZE): SeededDataset {
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions });
  // faker seeds with 32-bit words, so the seed is split to keep every safe integer distinct.
  const seedWords = [seed % 0x1_0000_0000, Math.floor(seed / 0x1_0000_0000)];
  const baseTime = Date.UTC(2024, 0, 1) + (hash32(seed, 'base-date') % 180) * DAY_MS;

  faker.seed([...seedWords, 0]);
  const application = { hid: hexId(seed, 'application'), name: `${faker.company.name()} IoT` };
  const owner = faker.internet.email({ provider: 'example.com' }).toLowerCase();

  const gateways: GatewayRecord[] = [];
  const devices: DeviceRecord[] = [];
  for (let g = 0; g < size.gateways; g += 1) {
    faker.seed([...seedWords, 1, g]);
    const createdDate = baseTime - faker.number.int({ min: 60, max: 400 }) * DAY_MS - faker.number.int({ min: 0, max: 1439 }) * MINUTE_MS;
    const gateway: GatewayRecord = {
      hid: hexId(seed, 'gateway', g),
      uid: `${faker.word.noun({ length: { min: 4, max: 8 } }).toLowerCase()}-gw-${faker.string.alphanumeric({ length: 6, casing: 'lower' })}`,
      name: `${faker.location.city()} Gateway`,
      type: faker.helpers.weightedArrayElement<GatewayType>([
        { weight: 6, value: 'Local' },
        { weight: 3, value: 'Cloud' },
        { weight: 1, value: 'Mobile' },
      ]),
      deviceType: faker.helpers.arrayElement(['raspberry-pi-gateway', 'industrial-gateway', 'android-gateway']),
      osName: faker.helpers.arrayElement(['Linux', 'Android', 'Windows 10 IoT Core']),
      softwareName: faker.helpers.arrayElement(['acn-gateway', 'kronos-agent']),
      softwareVersion: faker.system.semver(),
      sdkVersion: faker.system.semver(),
      applicationHid: application.hid,
      userHid: null,
      info: { ipAddress: faker.internet.ipv4(), location: faker.location.city() },
      properties: {},
      enabled: true,
      createdDate,
      createdBy: owner,
      lastModifiedDate: Math.min(baseTime - DAY_MS, createdDate + faker.number.int({ min: 0, max: 30 }) * DAY_MS),
      lastModifiedBy: owner,
      lastCheckinDate: null,
      lastHeartbeatDate: null,
    };
    gateways.push(gateway);

    for (let d = 0; d < size.devicesPerGateway; d += 1) {
      const index = g * size.devicesPerGateway + d;
      faker.seed([...seedWords, 2, index]);
      const type = faker.helpers.arrayElement(DEVICE_TYPES);
      const deviceCreated = faker.number.int({ min: gateway.createdDate, max: baseTime - DAY_MS });
      const deviceCreatedMinute = deviceCreated - (deviceCreated % MINUTE_MS);
      devices.push({
        hid: hexId(seed, 'device', index),
        uid: `${type.name}-${faker.string.hexadecimal({ length: 8, casing: 'lower', prefix: '' })}`,
        name: `${faker.word.adjective({ length: { min: 4, max: 9 } }).replace(/^./, (c) => c.toUpperCase())} ${type.label}`,
        type: type.name,
        gatewayHid: gateway.hid,
        nodeHid: null,
        userHid: null,
        softwareName: `${type.name}-firmware`,
        softwareVersion: faker.system.semver(),
        info: { manufacturer: faker.company.name(), serialNumber: faker.string.alphanumeric({ length: 12, casing: 'upper' }) },
        properties: { reportingIntervalSeconds: '60' },
        // About one device in twelve is disabled, so the `enabled` filter has something to filter.
        enabled: faker.number.int({ min: 0, max: 11 }) !== 0,
        createdDate: deviceCreatedMinute,
        createdBy: owner,
        lastModifiedDate: deviceCreatedMinute,
        lastModifiedBy: owner,
        generatedTelemetry: type.telemetry,
      });
    }
  }
  return { application, baseTime, gateways, devices };
}

/** Options of the mock core, their defaults, and their validation (shared by the programmatic API and the config file). */
import { DEFAULT_CLOCK_WINDOW_SECONDS } from '../clock/clock.js';
import { parseCorsOption, type CorsOption } from '../cors/cors.js';
import { parseAdminToken } from '../admin/adminGuard.js';
import type { InspectorAssets } from '../ui/inspectorAssets.js';
import { GUIDE_CREDENTIAL, parseCredentialInput, type MockCredentialInput } from '../credentials/credentials.js';
import { parseFaultInput, type FaultInput } from '../faults/faults.js';
import { checkNumber, MockInputError, readObject, rejectUnknownKeys } from '../input/readInput.js';
import { DEFAULT_JOURNAL_MAX_BYTES, DEFAULT_JOURNAL_SIZE } from '../journal/journal.js';
import { parseKxOptions, resolveKxOptions, type KxOptions, type ResolvedKxOptions } from '../kx/config/kxOptions.js';
import { MOCK_PROFILES, type MockProfile } from '../platform/profile.js';
import { DEFAULT_DATASET_SIZE, type DatasetSize } from '../xconnect/data/seededDataset.js';
import { DEFAULT_STORE_LIMITS, type StoreLimits } from '../xconnect/data/store.js';

/** Options of {@link createMockCore}; every field is optional. */
export interface MockCoreOptions {
  /** Seed of the generated data (default 42): the same seed gives byte-identical answers. */
  seed?: number;
  /** `strict` (default) or `moonstone`; see {@link MockProfile}. */
  profile?: MockProfile;
  /** Credentials accepted in addition to the guide's example keys. */
  credentials?: readonly MockCredentialInput[];
  /** Accept the signing guide's example key pair (default true). */
  includeGuideCredentials?: boolean;
  /** Signature clock window in seconds (default 600, docs/spec/xconnect.md §3). */
  clockWindowSeconds?: number;
  /** Server clock offset in seconds, to simulate a skewed server (default 0). */
  clockOffsetSeconds?: number;
  /** Journal ring-buffer capacity (default 10,000). */
  journalSize?: number;
  /**
   * Approximate bytes the journal may keep (default 64 MiB, at least 64 KiB): beyond them the oldest
   * entries are evicted, as beyond `journalSize`. `GET /__sigkit/stats` shows `journal.bytes`.
   */
  journalMaxBytes?: number;
  /** Bytes of each request body kept in the journal (default 16 KiB). */
  journalBodyLimit?: number;
  /**
   * Bytes of each response body kept in the journal (default 2 KiB). Answers can be rebuilt from the
   * seed; keeping whole list pages made the journal, not the data, most of the mock's memory.
   */
  journalResponseBodyLimit?: number;
  /** Largest request body accepted, in bytes (default 1 MiB); larger bodies get 413. */
  bodyLimit?: number;
  /** Fault rules active from the start. */
  faults?: readonly FaultInput[];
  /** How much seeded xConnect data to generate (default 8 gateways × 30 devices). */
  dataset?: Partial<DatasetSize>;
  /** Bounds on what clients can add to the xConnect store. */
  limits?: Partial<StoreLimits>;
  /** The KX Connect platform: profile, users, sessions, servers, row limit, table analytics. */
  kx?: KxOptions;
  /**
   * CORS for browser clients (default `false`, no CORS headers): `true` allows any origin, a list
   * allows those origins (`["http://localhost:5173"]`). Preflights are answered 204 unsigned.
   */
  cors?: CorsOption;
  /**
   * The inspector page at `/__sigkit/ui`: its files (the Node adapters pass the prebuilt ones),
   * or `false` to turn it off (404). Default: on, served by the adapters that have the files.
   */
  ui?: boolean | InspectorAssets;
  /**
   * Token the admin API (`/__sigkit`) requires as `Authorization: Bearer <token>` (default none:
   * open to loopback callers). The Node server generates one when it binds a non-loopback address.
   */
  adminToken?: string;
  /**
   * Host names the admin API answers besides loopback names and the bound address (default none;
   * `["*"]` answers any `Host`, giving up the protection against DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** Time source in epoch ms (default `Date.now`); tests pass a fixed clock. */
  now?: () => number;
  /** How latency faults wait (default `setTimeout`); tests may pass a spy. */
  sleep?: (ms: number) => Promise<void>;
}

/** Options with every default filled in. */
export interface ResolvedMockCoreOptions {
  seed: number;
  profile: MockProfile;
  credentials: MockCredentialInput[];
  clockWindowSeconds: number;
  clockOffsetSeconds: number;
  journalSize: number;
  journalMaxBytes: number;
  journalBodyLimit: number;
  journalResponseBodyLimit: number;
  bodyLimit: number;
  faults: FaultInput[];
  dataset: DatasetSize;
  limits: StoreLimits;
  kx: ResolvedKxOptions;
  /** `false` (off), `true` (any origin) or the allowed origins, normalised. */
  cors: CorsOption;
  /** The inspector's files, or false when it is off or no adapter gave them. */
  ui: InspectorAssets | false;
  adminToken: string | undefined;
  allowedHosts: string[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Default largest request body: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Default journal body bound: 16 KiB per body. */
export const DEFAULT_JOURNAL_BODY_LIMIT = 16 * 1024;
/** Default of `journalResponseBodyLimit`. */
export const DEFAULT_JOURNAL_RESPONSE_BODY_LIMIT = 2 * 1024;
/** Default data seed. */
export const DEFAULT_SEED = 42;

/** Every option key that can come from data (the config file), i.e. all but the functions. */
export const DATA_OPTION_KEYS = [
  'seed', 'profile', 'credentials', 'includeGuideCredentials', 'clockWindowSeconds', 'clockOffsetSeconds',
  'journalSize', 'journalMaxBytes', 'journalBodyLimit', 'journalResponseBodyLimit', 'bodyLimit', 'faults', 'dataset', 'limits', 'kx', 'cors',
  'adminToken', 'allowedHosts',
] as const;

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/**
 * Validates option values that may come from untrusted data (the config file, or JavaScript
 * callers without types) and returns them typed. `where` prefixes every message.
 */
export function validateDataOptions(value: unknown, where: string, extraKeys: readonly string[] = []): Omit<MockCoreOptions, 'now' | 'sleep'> {
  const object = readObject(value, where);
  rejectUnknownKeys(object, [...DATA_OPTION_KEYS, ...extraKeys], where);
  const out: Omit<MockCoreOptions, 'now' | 'sleep'> = {};
  const num = (key: string, range: Parameters<typeof checkNumber>[2]) => (object[key] === undefined ? undefined : checkNumber(object[key], `${where}.${key}`, range));
  const seed = num('seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  if (seed !== undefined) out.seed = seed;
  if (object.profile !== undefined) {
    if (!MOCK_PROFILES.includes(object.profile as MockProfile)) {
      throw new MockInputError(`${where}.profile must be one of ${MOCK_PROFILES.join(', ')}, got ${JSON.stringify(object.profile)}`);
    }
    out.profile = object.profile as MockProfile;
  }
  if (object.credentials !== undefined) {
    if (!Array.isArray(object.credentials)) throw new MockInputError(`${where}.credentials must be an array of credential objects`);
    out.credentials = object.credentials.map((c, i) => parseCredentialInput(c, `${where}.credentials[${i}]`));
  }
  if (object.includeGuideCredentials !== undefined) {
    if (typeof object.includeGuideCredentials !== 'boolean') throw new MockInputError(`${where}.includeGuideCredentials must be true or false`);
    out.includeGuideCredentials = object.includeGuideCredentials;
  }
  const window = num('clockWindowSeconds', { min: 0, max: TEN_YEARS_SECONDS, minExclusive: true });
  if (window !== undefined) out.clockWindowSeconds = window;
  const offset = num('clockOffsetSeconds', { min: -TEN_YEARS_SECONDS, max: TEN_YEARS_SECONDS });
  if (offset !== undefined) out.clockOffsetSeconds = offset;
  const journalSize = num('journalSize', { min: 1, max: 1_000_000, integer: true });
  if (journalSize !== undefined) out.journalSize = journalSize;
  const journalMaxBytes = num('journalMaxBytes', { min: 64 * 1024, max: 2 ** 40, integer: true });
  if (journalMaxBytes !== undefined) out.journalMaxBytes = journalMaxBytes;
  const journalBodyLimit = num('journalBodyLimit', { min: 0, max: 1024 * 1024, integer: true });
  if (journalBodyLimit !== undefined) out.journalBodyLimit = journalBodyLimit;
  const journalResponseBodyLimit = num('journalResponseBodyLimit', { min: 0, max: 1024 * 1024, integer: true });
  if (journalResponseBodyLimit !== undefined) out.journalResponseBodyLimit = journalResponseBodyLimit;
  const bodyLimit = num('bodyLimit', { min: 1, max: 100 * 1024 * 1024, integer: true });
  if (bodyLimit !== undefined) out.bodyLimit = bodyLimit;
  if (object.faults !== undefined) {
    if (!Array.isArray(object.faults)) throw new MockInputError(`${where}.faults must be an array of fault objects`);
    out.faults = object.faults.map((f, i) => parseFaultInput(f, `${where}.faults[${i}]`));
  }
  if (object.dataset !== undefined) {
    const dataset = readObject(object.dataset, `${where}.dataset`);
    rejectUnknownKeys(dataset, ['gateways', 'devicesPerGateway'], `${where}.dataset`);
    out.dataset = {};
    if (dataset.gateways !== undefined) out.dataset.gateways = checkNumber(dataset.gateways, `${where}.dataset.gateways`, { min: 0, max: 1000, integer: true });
    if (dataset.devicesPerGateway !== undefined) {
      out.dataset.devicesPerGateway = checkNumber(dataset.devicesPerGateway, `${where}.dataset.devicesPerGateway`, { min: 0, max: 1000, integer: true });
    }
  }
  if (object.limits !== undefined) {
    const limits = readObject(object.limits, `${where}.limits`);
    rejectUnknownKeys(limits, ['maxRegistered', 'maxPostedTelemetry'], `${where}.limits`);
    out.limits = {};
    if (limits.maxRegistered !== undefined) out.limits.maxRegistered = checkNumber(limits.maxRegistered, `${where}.limits.maxRegistered`, { min: 0, max: 1_000_000, integer: true });
    if (limits.maxPostedTelemetry !== undefined) {
      out.limits.maxPostedTelemetry = checkNumber(limits.maxPostedTelemetry, `${where}.limits.maxPostedTelemetry`, { min: 0, max: 10_000_000, integer: true });
    }
  }
  if (object.kx !== undefined) out.kx = parseKxOptions(object.kx, `${where}.kx`);
  if (object.cors !== undefined) out.cors = parseCorsOption(object.cors, `${where}.cors`);
  if (object.adminToken !== undefined) out.adminToken = parseAdminToken(object.adminToken, `${where}.adminToken`);
  if (object.allowedHosts !== undefined) {
    if (!Array.isArray(object.allowedHosts) || !object.allowedHosts.every((h) => typeof h === 'string' && /^[^\s/?#@]+$/.test(h))) {
      throw new MockInputError(`${where}.allowedHosts must be an array of host names, e.g. ["mock.internal"]`);
    }
    out.allowedHosts = object.allowedHosts as string[];
  }
  return out;
}

/**
 * Fills in defaults and validates. Throws {@link MockInputError} with a one-line message on any
 * unusable value.
 *
 * @example
 * ```ts
 * resolveMockCoreOptions({ seed: 7 }).profile; // 'strict'
 * ```
 */
export function resolveMockCoreOptions(options: MockCoreOptions = {}): ResolvedMockCoreOptions {
  const { now, sleep, ui, ...data } = options;
  const checked = validateDataOptions(data, 'options');
  if (now !== undefined && typeof now !== 'function') throw new MockInputError('options.now must be a function returning epoch milliseconds');
  if (sleep !== undefined && typeof sleep !== 'function') throw new MockInputError('options.sleep must be a function returning a promise');
  const dataset = { ...DEFAULT_DATASET_SIZE, ...checked.dataset };
  if (dataset.gateways * dataset.devicesPerGateway > 100_000) throw new MockInputError('options.dataset must have at most 100000 devices (gateways × devicesPerGateway)');
  return {
    seed: checked.seed ?? DEFAULT_SEED,
    profile: checked.profile ?? 'strict',
    credentials: [...(checked.includeGuideCredentials === false ? [] : [GUIDE_CREDENTIAL]), ...(checked.credentials ?? [])],
    clockWindowSeconds: checked.clockWindowSeconds ?? DEFAULT_CLOCK_WINDOW_SECONDS,
    clockOffsetSeconds: checked.clockOffsetSeconds ?? 0,
    journalSize: checked.journalSize ?? DEFAULT_JOURNAL_SIZE,
    journalMaxBytes: checked.journalMaxBytes ?? DEFAULT_JOURNAL_MAX_BYTES,
    journalBodyLimit: checked.journalBodyLimit ?? DEFAULT_JOURNAL_BODY_LIMIT,
    journalResponseBodyLimit: checked.journalResponseBodyLimit ?? DEFAULT_JOURNAL_RESPONSE_BODY_LIMIT,
    bodyLimit: checked.bodyLimit ?? DEFAULT_BODY_LIMIT,
    faults: [...(checked.faults ?? [])],
    dataset,
    limits: { ...DEFAULT_STORE_LIMITS, ...checked.limits },
    kx: resolveKxOptions(checked.kx, 'options.kx'),
    cors: checked.cors ?? false,
    ui: typeof ui === 'object' && ui !== null && typeof ui.read === 'function' ? ui : false,
    adminToken: checked.adminToken,
    allowedHosts: [...(checked.allowedHosts ?? [])],
    now: now ?? Date.now,
    sleep: sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

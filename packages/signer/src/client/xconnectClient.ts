/** A typed client of the xConnect (Kronos) API of docs/spec/xconnect.md §5 that signs every request with the reference signer. */
import { SigkitInputError } from '../errors.js';
import { requireNonEmptyString } from '../shared/validate.js';
import { signXConnectRequest } from '../xconnect/sign.js';
import type { XConnectVersion } from '../xconnect/types.js';
import { resolveFetch, sendRequest, type FetchLike } from './sendRequest.js';

/** A page of a list (docs/spec/xconnect.md §5). */
export interface Page<T> {
  size: number;
  page: number;
  totalSize: number;
  totalPages: number;
  data: T[];
}

/** Query parameters: values are sent as text; `undefined` leaves a parameter out. */
export type QueryValues = Record<string, string | number | boolean | undefined>;

/** A device as the platform lists it. */
export interface Device {
  hid: string;
  uid: string;
  name?: string;
  type?: string;
  gatewayHid?: string;
  enabled?: boolean;
  [field: string]: unknown;
}

/** A gateway as the platform lists it. */
export interface Gateway {
  hid: string;
  uid: string;
  name?: string;
  type?: string;
  [field: string]: unknown;
}

/** One telemetry value (docs/spec/xconnect.md §5). */
export interface TelemetryItem {
  deviceHid: string;
  name: string;
  type: string;
  timestamp: number;
  [field: string]: unknown;
}

/** Options of {@link createXConnectClient}. */
export interface XConnectClientOptions {
  /** e.g. `http://127.0.0.1:8080`; paths are under `/api/v1/kronos`. */
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  /** Signature version (default 1). */
  version?: XConnectVersion;
  /** A Fetch API implementation (default: the global `fetch`). */
  fetch?: FetchLike;
  /** The client's clock (default `Date.now`), e.g. to simulate a skewed client. */
  now?: () => number;
  /** Called with every request's signing trace (for `--trace`). */
  onSigned?: (signed: ReturnType<typeof signXConnectRequest>) => void;
}

const API = '/api/v1/kronos';

function queryPairs(query: QueryValues | undefined): [string, string][] {
  if (!query) return [];
  return Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => [name, String(value)]);
}

function pathSegment(value: string, name: string): string {
  requireNonEmptyString(value, name, 'INVALID_ARGUMENT');
  return encodeURIComponent(value);
}

/**
 * Creates an xConnect client. Every call is signed with {@link signXConnectRequest}; an error
 * answer throws a `PlatformError` (with the sigkit mock's diagnosis when there is one), no answer a
 * `PlatformUnreachableError`. List calls have an `all(…)` twin that iterates over every page.
 *
 * @example
 * ```ts
 * const client = createXConnectClient({ baseUrl: 'http://127.0.0.1:8080', apiKey, secretKey });
 * const page = await client.devices.list({ type: 'Sensor', _size: 50 });
 * for await (const device of client.devices.all({ enabled: true })) console.log(device.hid);
 * const latest = await client.telemetry.latest(page.data[0]!.hid);
 * ```
 */
export function createXConnectClient(options: XConnectClientOptions) {
  const baseUrl = requireNonEmptyString(options?.baseUrl, 'baseUrl', 'INVALID_BASE_URL').replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new SigkitInputError('INVALID_BASE_URL', `baseUrl "${baseUrl}" is not an absolute URL`, { expected: 'e.g. http://127.0.0.1:8080' });
  }
  const apiKey = requireNonEmptyString(options.apiKey, 'apiKey', 'EMPTY_API_KEY');
  const secretKey = requireNonEmptyString(options.secretKey, 'secretKey', 'EMPTY_SECRET_KEY');
  const fetchImpl = resolveFetch(options.fetch);
  const now = options.now ?? Date.now;

  /** Signs and sends any request under the API prefix (or any absolute path starting with `/`). */
  async function request<T = unknown>(method: string, path: string, init: { query?: QueryValues; body?: unknown } = {}): Promise<T> {
    const fullPath = path.startsWith(API) || path.startsWith('/__') ? path : API + path;
    const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    const signed = signXConnectRequest({
      method, path: fullPath, query: queryPairs(init.query), body, apiKey, secretKey, timestamp: new Date(now()), version: options.version ?? 1,
    });
    options.onSigned?.(signed);
    const headers: Record<string, string> = { ...(signed.headers as Record<string, string>), accept: 'application/json' };
    if (body !== '') headers['content-type'] = 'application/json';
    return (await sendRequest(fetchImpl, baseUrl + signed.target, { method: signed.method, headers, body }, `${signed.method} ${signed.target}`)) as T;
  }

  /** Iterates over every item of every page of a paged list, asking for the next page until the last. */
  async function* allPages<T>(path: string, query: QueryValues = {}, onPage?: (page: Page<T>) => void): AsyncGenerator<T> {
    let pageNumber = Number(query._page ?? 0);
    for (;;) {
      const page = await request<Page<T>>('GET', path, { query: { ...query, _page: pageNumber } });
      onPage?.(page);
      yield* page.data;
      pageNumber += 1;
      if (page.data.length === 0 || pageNumber >= page.totalPages) return;
    }
  }

  return {
    request,
    allPages,
    /** Gateways (docs/spec/xconnect.md §5). */
    gateways: {
      list: (query?: QueryValues) => request<Page<Gateway>>('GET', '/gateways', { query }),
      all: (query?: QueryValues, onPage?: (page: Page<Gateway>) => void) => allPages<Gateway>('/gateways', query, onPage),
      get: (hid: string) => request<Gateway>('GET', `/gateways/${pathSegment(hid, 'hid')}`),
      create: (gateway: Record<string, unknown>) => request<{ hid: string; externalId: string; message: string }>('POST', '/gateways', { body: gateway }),
      update: (hid: string, gateway: Record<string, unknown>) => request<unknown>('PUT', `/gateways/${pathSegment(hid, 'hid')}`, { body: gateway }),
      checkin: (hid: string) => request<unknown>('PUT', `/gateways/${pathSegment(hid, 'hid')}/checkin`),
      heartbeat: (hid: string) => request<unknown>('PUT', `/gateways/${pathSegment(hid, 'hid')}/heartbeat`),
      config: (hid: string) => request<{ cloudPlatform: string; key: { apiKey: string; secretKey: string } }>('GET', `/gateways/${pathSegment(hid, 'hid')}/config`),
      devices: (hid: string) => request<{ size: number; data: Device[] }>('GET', `/gateways/${pathSegment(hid, 'hid')}/devices`),
    },
    /** Devices (docs/spec/xconnect.md §5). */
    devices: {
      list: (query?: QueryValues) => request<Page<Device>>('GET', '/devices', { query }),
      all: (query?: QueryValues, onPage?: (page: Page<Device>) => void) => allPages<Device>('/devices', query, onPage),
      get: (hid: string) => request<Device>('GET', `/devices/${pathSegment(hid, 'hid')}`),
      register: (device: Record<string, unknown>) => request<{ hid: string; message: string }>('POST', '/devices', { body: device }),
    },
    /** Telemetry (docs/spec/xconnect.md §5). */
    telemetry: {
      latest: (deviceHid: string) => request<{ size: number; data: TelemetryItem[] }>('GET', `/telemetries/devices/${pathSegment(deviceHid, 'deviceHid')}/latest`),
      device: (deviceHid: string, query: QueryValues) => request<Page<TelemetryItem>>('GET', `/telemetries/devices/${pathSegment(deviceHid, 'deviceHid')}`, { query }),
      deviceAll: (deviceHid: string, query: QueryValues, onPage?: (page: Page<TelemetryItem>) => void) =>
        allPages<TelemetryItem>(`/telemetries/devices/${pathSegment(deviceHid, 'deviceHid')}`, query, onPage),
      application: (applicationHid: string, query: QueryValues) => request<Page<TelemetryItem>>('GET', `/telemetries/applications/${pathSegment(applicationHid, 'applicationHid')}`, { query }),
      applicationAll: (applicationHid: string, query: QueryValues, onPage?: (page: Page<TelemetryItem>) => void) =>
        allPages<TelemetryItem>(`/telemetries/applications/${pathSegment(applicationHid, 'applicationHid')}`, query, onPage),
      /** Uploads one flat telemetry map (`{"_|deviceHid": …, "_|timestamp": "<epoch ms>", "f|temperature": "23.5"}`). */
      upload: (deviceHid: string, item: Record<string, string>) => request<{ status: string; message: string }>('POST', `/telemetries/devices/${pathSegment(deviceHid, 'deviceHid')}`, { body: item }),
      uploadBatch: (deviceHid: string, items: Record<string, string>[]) =>
        request<{ status: string; message: string }>('POST', `/telemetries/devices/${pathSegment(deviceHid, 'deviceHid')}/batch`, { body: items }),
    },
  };
}

/** The client {@link createXConnectClient} returns. */
export type XConnectClient = ReturnType<typeof createXConnectClient>;


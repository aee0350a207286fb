/** The tamper campaign's xConnect side: random valid requests of the API (docs/spec/xconnect.md §5), and one mutation of what each signs (docs/spec/xconnect.md §1). */
import { canonicalQueryLines, decodeQuery, encodeQuery, payloadHash, type QueryParam, type signXConnectRequest } from '@sigkit/signer';
import { API, NOW, randomText, replaceChar, type Random } from './campaignKit.js';
import { ALNUM, drawRealMutation, mutateByte, shuffled, type Tampered, type Wire, type World } from './tampering.js';

const HEX_BOTH_CASES = '0123456789abcdefABCDEF';
// Unreserved characters: a path byte replaced by one of these is still a path as sent, never a query or fragment.
const PATH_CHARACTERS = `${ALNUM}-._~`;
const TIMESTAMP_CHARACTERS = '0123456789TZ:+-.,';

const KNOWN_QUERY_NAMES = new Set(['_page', '_size', 'uid', 'type', 'gatewayHid', 'enabled', 'fromTimestamp', 'toTimestamp', 'telemetryNames']);

/** An x-arrow-date within the clock window, in one of the ISO-8601 shapes the platform accepts. */
export function randomTimestamp(r: Random): string {
  const at = NOW + (r.int(1_180_001) - 590_000);
  const iso = new Date(at).toISOString();
  switch (r.int(5)) {
    case 0:
      return iso;
    case 1:
      return `${iso.slice(0, 19)}Z`;
    case 2:
      return `${iso.slice(0, 23)}000Z`;
    default: {
      const offsetMinutes = (r.chance(0.5) ? 1 : -1) * r.int(14 * 60);
      const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const abs = Math.abs(offsetMinutes);
      const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${r.chance(0.5) ? ':' : ''}${String(abs % 60).padStart(2, '0')}`;
      return `${local}${offsetMinutes < 0 ? '-' : '+'}${hhmm}`;
    }
  }
}

function randomJson(r: Random, value: unknown): string {
  return JSON.stringify(value, null, r.pick([0, 0, 2, '\t']));
}

function extraQuery(r: Random): QueryParam[] {
  const extras: QueryParam[] = [];
  for (let i = r.int(4); i > 0; i -= 1) {
    let name = randomText(r, 1, 8);
    while (KNOWN_QUERY_NAMES.has(name)) name = randomText(r, 1, 8);
    extras.push([name, r.chance(0.15) ? '' : randomText(r, 0, 10)]);
  }
  if (extras.length > 0 && r.chance(0.2)) extras.push([extras[0]![0], randomText(r, 0, 6)]);
  return extras;
}

/** A random request of the xConnect API that the mock answers with 200 (docs/spec/xconnect.md §5). */
export function randomXConnectRequest(r: Random, world: World, index: number): { method: string; path: string; query: QueryParam[]; body: string } {
  const gateway = r.pick(world.gateways);
  const device = r.pick(world.devices);
  const range: QueryParam[] = [
    ['fromTimestamp', new Date(NOW - (1 + r.int(120)) * 60_000).toISOString()],
    ['toTimestamp', new Date(NOW - r.int(30) * 1000).toISOString()],
  ];
  const paging: QueryParam[] = r.chance(0.5) ? [['_page', String(r.int(3))], ['_size', String(1 + r.int(200))]] : [];
  const telemetry = () => ({ '_|timestamp': String(NOW - r.int(3_600_000)), 'f|temperature': (r.int(4000) / 100).toString(), [`s|${randomText(r, 1, 6).replace('|', '')}`]: randomText(r, 0, 12) });
  const choice = r.int(14);
  const shapes: Array<() => { method: string; path: string; query: QueryParam[]; body: string }> = [
    () => ({ method: 'GET', path: `${API}/gateways`, query: paging, body: '' }),
    () => ({ method: 'GET', path: `${API}/gateways/${gateway}`, query: [], body: '' }),
    () => ({ method: 'GET', path: `${API}/gateways/${gateway}/devices`, query: [], body: '' }),
    () => ({ method: 'GET', path: `${API}/gateways/${gateway}/config`, query: [], body: '' }),
    () => ({ method: 'PUT', path: `${API}/gateways/${gateway}/${r.pick(['checkin', 'heartbeat'])}`, query: [], body: '' }),
    () => ({ method: 'PUT', path: `${API}/gateways/${gateway}`, query: [], body: randomJson(r, { name: randomText(r, 1, 20), properties: { [randomText(r, 1, 5)]: randomText(r, 0, 8) } }) }),
    () => ({ method: 'GET', path: `${API}/devices`, query: [...paging, ...(r.chance(0.5) ? [['type', r.pick(['asset-tag', 'power-meter', randomText(r, 0, 6)])] as const] : []), ...(r.chance(0.3) ? [['enabled', r.pick(['true', 'FALSE', ' True '])] as const] : [])], body: '' }),
    () => ({ method: 'GET', path: `${API}/devices/${device}`, query: [], body: '' }),
    () => ({
      method: 'POST',
      path: `${API}/devices`,
      query: [],
      body: randomJson(r, { uid: `tamper-${index}-${randomText(r, 1, 10)}`, gatewayHid: gateway, name: randomText(r, 0, 16), type: 'asset-tag', info: { [randomText(r, 1, 4)]: randomText(r, 0, 6) } }),
    }),
    () => ({
      method: 'POST',
      path: `${API}/gateways`,
      query: [],
      body: randomJson(r, { uid: `tamper-gw-${index}-${randomText(r, 1, 8)}`, name: randomText(r, 1, 12), osName: 'Linux', softwareName: 'sigkit', softwareVersion: '1.0', type: r.pick(['Local', 'Cloud', 'Mobile']) }),
    }),
    () => ({ method: 'GET', path: `${API}/telemetries/devices/${device}/latest`, query: [], body: '' }),
    () => ({ method: 'GET', path: `${API}/telemetries/devices/${device}`, query: [...range, ...paging], body: '' }),
    () => ({ method: 'POST', path: `${API}/telemetries/devices/${device}${r.chance(0.5) ? '' : '/batch'}`, query: [], body: '' }),
    () => ({ method: 'GET', path: `${API}/telemetries/applications/${world.application}`, query: [...range, ['_size', String(1 + r.int(20))]], body: '' }),
  ];
  const request = shapes[choice]!();
  if (request.method === 'POST' && request.path.includes('/telemetries/')) {
    request.body = randomJson(r, request.path.endsWith('/batch') ? Array.from({ length: 1 + r.int(3) }, telemetry) : telemetry());
  }
  return { ...request, query: shuffled(r, [...request.query, ...extraQuery(r)]) };
}

export function xconnectWire(signed: ReturnType<typeof signXConnectRequest>): Wire {
  const body = Buffer.from(signed.body);
  const headers: Record<string, string> = { ...(signed.headers as Record<string, string>) };
  if (body.length > 0) headers['content-type'] = 'application/json';
  return { method: signed.method, target: signed.target, headers, body };
}

/**
 * What an xConnect server signs and compares, as the server reads it (docs/spec/xconnect.md §1): two wires
 * with the same material get the same verdict, so a mutation must change it.
 */
function xconnectMaterial(wire: Wire): string {
  const q = wire.target.indexOf('?');
  const path = q < 0 ? wire.target : wire.target.slice(0, q);
  let lines: string[] | string;
  try {
    lines = canonicalQueryLines(q < 0 ? undefined : wire.target.slice(q + 1));
  } catch (error) {
    lines = `malformed: ${(error as Error).message}`;
  }
  const header = (name: string) => wire.headers[name]?.trim() ?? '<absent>';
  return JSON.stringify([wire.method.toUpperCase(), path, lines, payloadHash(wire.body), ...['x-arrow-apikey', 'x-arrow-date', 'x-arrow-version', 'x-arrow-signature'].map(header)]);
}

const XCONNECT_KINDS = ['method', 'path', 'queryName', 'queryValue', 'body', 'timestamp', 'apiKey', 'version', 'signature'] as const;

const XCONNECT_EXPECTED: Record<(typeof XCONNECT_KINDS)[number], readonly string[]> = {
  method: ['signature_mismatch'],
  path: ['signature_mismatch'],
  queryName: ['signature_mismatch'],
  queryValue: ['signature_mismatch'],
  body: ['signature_mismatch'],
  timestamp: ['invalid_date', 'clock_skew', 'signature_mismatch'],
  apiKey: ['invalid_api_key'],
  version: ['unsupported_version'],
  signature: ['signature_mismatch'],
};

/** Rewrites one query parameter's name or value (decoded, then encoded again) at its place in the raw query. */
function mutateQueryParam(r: Random, target: string, part: 'name' | 'value'): string {
  const q = target.indexOf('?');
  const segments = target.slice(q + 1).split('&');
  const params = decodeQuery(target.slice(q + 1));
  const index = r.int(segments.length);
  const [param] = decodeQuery(segments[index]);
  const name = param?.name ?? params[0]!.name;
  const value = param?.value ?? '';
  const chars = [...(part === 'name' ? name : value)];
  // Replace, insert or delete one character of the decoded text.
  const at = r.int(chars.length + 1);
  const op = chars.length === 0 ? 'insert' : r.pick(['replace', 'insert', 'delete'] as const);
  const replacement = randomText(r, 1, 1);
  if (op === 'replace') chars.splice(Math.min(at, chars.length - 1), 1, replacement);
  else if (op === 'insert') chars.splice(at, 0, replacement);
  else chars.splice(Math.min(at, chars.length - 1), 1);
  let mutated = chars.join('');
  if (part === 'name' && mutated === '') mutated = replacement;
  const encoded = part === 'name' ? encodeQuery([[mutated, value]]) : encodeQuery([[name, mutated]]);
  segments[index] = encoded;
  return `${target.slice(0, q)}?${segments.join('&')}`;
}

function drawXConnectMutation(r: Random, wire: Wire, kind: (typeof XCONNECT_KINDS)[number]): Wire {
  const headers = { ...wire.headers };
  const replaceHeaderChar = (name: string, alphabet: string) => {
    const value = headers[name]!;
    headers[name] = replaceChar(r, value, r.int(value.length), alphabet);
  };
  switch (kind) {
    case 'method':
      return { ...wire, method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== wire.method)) };
    case 'path': {
      // After `/api/v1/kronos/`, so the request still reaches the xConnect platform and is verified.
      const q = wire.target.indexOf('?');
      const pathEnd = q < 0 ? wire.target.length : q;
      const at = API.length + 1 + r.int(pathEnd - API.length - 1);
      return { ...wire, target: replaceChar(r, wire.target, at, PATH_CHARACTERS) };
    }
    case 'queryName':
    case 'queryValue':
      return { ...wire, target: mutateQueryParam(r, wire.target, kind === 'queryName' ? 'name' : 'value') };
    case 'body':
      return { ...wire, body: mutateByte(r, wire.body) };
    case 'timestamp':
      replaceHeaderChar('x-arrow-date', TIMESTAMP_CHARACTERS);
      return { ...wire, headers };
    case 'apiKey':
      replaceHeaderChar('x-arrow-apikey', ALNUM);
      return { ...wire, headers };
    case 'version': {
      const version = r.pick(['0', '2', '3', '01', '1.0', 'v1', '11', '', null]);
      if (version === null) delete headers['x-arrow-version'];
      else headers['x-arrow-version'] = version;
      return { ...wire, headers };
    }
    case 'signature':
      replaceHeaderChar('x-arrow-signature', HEX_BOTH_CASES);
      return { ...wire, headers };
  }
}

/** One mutation of a kind that applies to the request, redrawn until it changes what the server signs or compares. */
export function tamperXConnect(r: Random, wire: Wire): Tampered {
  const hasQuery = wire.target.includes('?');
  const kinds = XCONNECT_KINDS.filter((k) => (k !== 'queryName' && k !== 'queryValue') || hasQuery).filter((k) => k !== 'body' || wire.body.length > 0);
  const kind = r.pick(kinds);
  const mutated = drawRealMutation(wire, xconnectMaterial, () => drawXConnectMutation(r, wire, kind), `${kind} mutation of ${wire.method} ${wire.target}`);
  return { kind, wire: mutated, expectedCodes: XCONNECT_EXPECTED[kind] };
}

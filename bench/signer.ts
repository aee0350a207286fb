/** Signer benchmarks: sigkit beside the floor (the same hash/HMAC calls inlined with node:crypto) and crypto-js. */
import { createHmac, hash } from 'node:crypto';
import { signKxRequest, signXConnectRequest, verifyXConnectRequest } from '@sigkit/signer';
import type { Bench } from 'tinybench';
import { cryptoJsKx, cryptoJsXConnectV1 } from './cryptoJs.js';

const apiKey = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const secretKey = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const timestamp = '2024-01-01T00:00:00.000Z';
const path = '/api/v1/kronos/devices';
const query = '_page=0&_size=20&type=Sensor&enabled=true';
const queryLines = '_page=0\n_size=20\nenabled=true\ntype=Sensor\n';
const body1k = JSON.stringify({ data: 'x'.repeat(1000) }).slice(0, 1024);
const sessionId = '7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60';
const kxDate = 'Mon, 01 Jan 2024 00:00:00 GMT';
const kxId = 'e133598e-7b9e-429a-b3e5-bda881c47024';
const kxParams = { pad: 'x'.repeat(900) };
/** The getMem body, serialised as sigkit builds it from `kxParams`. */
const buildKxBody = (): string => JSON.stringify({ type: 'getMemReq', msg: [kxParams], id: kxId, date: kxDate });
const kxBody = buildKxBody();

const hex = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
// The floors hash with the one-shot crypto.hash, the fastest node:crypto call, as the signer does.
const sha = (data: string) => hash('sha256', data, 'hex');

/** The floor for xConnect v1: exactly its hashes and HMACs, the canonical lines written by hand. */
function floorXConnect(method: string, lines: string, body: string): string {
  const canonical = `${method}\n${path}\n${lines}${sha(body)}`;
  const toSign = `${sha(canonical)}\n${apiKey}\n${timestamp}\n1`;
  return hex(hex('1', hex(timestamp, hex(apiKey, secretKey))), toSign);
}

/** The floor for xConnect v1 with a given api key. */
function floorXConnectWithKey(method: string, lines: string, body: string, key: string): string {
  const canonical = `${method}\n${path}\n${lines}${sha(body)}`;
  const toSign = `${sha(canonical)}\n${key}\n${timestamp}\n1`;
  return hex(hex('1', hex(timestamp, hex(key, secretKey))), toSign);
}

// More api keys than the signer's first-key cache holds (1,024), used in turn, so that none is cached.
const freshKeys = Array.from({ length: 4096 }, (_, i) => sha(`bench key ${i}`));
let keyIndex = 0;
const nextIndex = (): number => (keyIndex = (keyIndex + 1) % freshKeys.length);
const nextKey = (): string => freshKeys[nextIndex()]!;

/** The floor for KX: MD5, one HMAC-SHA1, Base64. */
function floorKx(body = kxBody): string {
  const digest = hash('md5', body, 'hex');
  const toSign = `POST\n/connect/api/monPublic/getMem\nkxSupport\n${digest}\napplication/json\n${kxDate}\n${sessionId}`;
  return createHmac('sha1', sessionId).update(toSign).digest('base64');
}

/** The floor for KX when the body is built from parameters: serialising the envelope, then as `floorKx`. */
function floorKxFromParams(): string {
  return floorKx(buildKxBody());
}

/** Each group: its floor first, then sigkit, then crypto-js; ratios are taken against the floor. */
export function addSignerBenchmarks(bench: Bench): void {
  const signedGet = signXConnectRequest({ method: 'GET', path, query, apiKey, secretKey, timestamp });
  const lookupCredentials = () => ({ apiKey, secretKey });
  const now = Date.parse(timestamp);
  // Prepared up front, so that the figure is verification alone, not finding its inputs.
  const verifyInputs = freshKeys.map((key) => ({
    signed: signXConnectRequest({ method: 'GET', path, query, apiKey: key, secretKey, timestamp }),
    options: { lookupCredentials: () => ({ apiKey: key, secretKey }), now },
  }));
  bench
    .add('xconnect v1 GET 4 params | floor', () => floorXConnect('GET', queryLines, ''))
    .add('xconnect v1 GET 4 params | sigkit', () => signXConnectRequest({ method: 'GET', path, query, apiKey, secretKey, timestamp }))
    .add('xconnect v1 GET 4 params | crypto-js', () => cryptoJsXConnectV1('GET', path, queryLines, '', apiKey, secretKey, timestamp))
    .add('xconnect v1 POST 1 KiB | floor', () => floorXConnect('POST', '', body1k))
    .add('xconnect v1 POST 1 KiB | sigkit', () => signXConnectRequest({ method: 'POST', path, body: body1k, apiKey, secretKey, timestamp }))
    .add('xconnect v1 POST 1 KiB | crypto-js', () => cryptoJsXConnectV1('POST', path, '', body1k, apiKey, secretKey, timestamp))
    .add('xconnect v1 verify GET | floor', () => floorXConnect('GET', queryLines, ''))
    .add('xconnect v1 verify GET | sigkit', () => verifyXConnectRequest(signedGet, { lookupCredentials, now }))
    // The signer keeps the first link of the key chain per credential pair; these groups draw a new
    // api key for every call, so every HMAC of the chain is computed, as in the floor.
    .add('xconnect v1 GET, new api key each call | floor', () => floorXConnectWithKey('GET', queryLines, '', nextKey()))
    .add('xconnect v1 GET, new api key each call | sigkit', () => signXConnectRequest({ method: 'GET', path, query, apiKey: nextKey(), secretKey, timestamp }))
    .add('xconnect v1 verify GET, new api key each call | floor', () => floorXConnectWithKey('GET', queryLines, '', nextKey()))
    .add('xconnect v1 verify GET, new api key each call | sigkit', () => {
      const { signed, options } = verifyInputs[nextIndex()]!;
      return verifyXConnectRequest(signed, options);
    })
    // The body given verbatim: sigkit also checks that it is a JSON object and reads its date, which
    // the floor, given the date, skips.
    .add('kx 1 KiB verbatim body | floor', () => floorKx())
    .add('kx 1 KiB verbatim body | sigkit', () => signKxRequest({ group: 'monPublic', method: 'getMem', body: kxBody, username: 'kxSupport', sessionId }))
    .add('kx 1 KiB verbatim body | crypto-js', () => cryptoJsKx('/connect/api/monPublic/getMem', 'kxSupport', kxBody, kxDate, sessionId))
    // The usual call: the body built from the parameters, which every implementation must serialise.
    .add('kx 1 KiB from params | floor', floorKxFromParams)
    .add('kx 1 KiB from params | sigkit', () => signKxRequest({ group: 'monPublic', method: 'getMem', params: kxParams, id: kxId, date: kxDate, username: 'kxSupport', sessionId }))
    .add('kx 1 KiB from params | crypto-js', () => cryptoJsKx('/connect/api/monPublic/getMem', 'kxSupport', buildKxBody(), kxDate, sessionId));
}

/** Sanity: every implementation of a group computes the same signature, or the comparison is meaningless. */
export function checkSignerBaselinesAgree(): void {
  const pairs: [string, string, string][] = [
    ['xconnect GET', signXConnectRequest({ method: 'GET', path, query, apiKey, secretKey, timestamp }).headers['x-arrow-signature'], floorXConnect('GET', queryLines, '')],
    ['xconnect GET crypto-js', floorXConnect('GET', queryLines, ''), cryptoJsXConnectV1('GET', path, queryLines, '', apiKey, secretKey, timestamp)],
    ['xconnect POST', signXConnectRequest({ method: 'POST', path, body: body1k, apiKey, secretKey, timestamp }).headers['x-arrow-signature'], cryptoJsXConnectV1('POST', path, '', body1k, apiKey, secretKey, timestamp)],
    ['xconnect GET new key', signXConnectRequest({ method: 'GET', path, query, apiKey: freshKeys[7]!, secretKey, timestamp }).headers['x-arrow-signature'], floorXConnectWithKey('GET', queryLines, '', freshKeys[7]!)],
    ['kx', signKxRequest({ group: 'monPublic', method: 'getMem', body: kxBody, username: 'kxSupport', sessionId }).trace.signature, floorKx()],
    ['kx crypto-js', floorKx(), cryptoJsKx('/connect/api/monPublic/getMem', 'kxSupport', kxBody, kxDate, sessionId)],
    ['kx from params', signKxRequest({ group: 'monPublic', method: 'getMem', params: kxParams, id: kxId, date: kxDate, username: 'kxSupport', sessionId }).trace.signature, floorKxFromParams()],
  ];
  for (const [name, a, b] of pairs) if (a !== b) throw new Error(`benchmark baselines disagree for ${name}: ${a} vs ${b}`);
}

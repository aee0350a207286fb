/** Property-generated xConnect requests: unicode, empty, bare and repeated parameters, reserved characters, bodies of every size, all methods. */
import fc from 'fast-check';
import { encodeQuery, type XConnectVersion } from '@sigkit/signer';
import { requestSize } from './checkCase.js';
import type { XConnectRequestParts, XConnectSignerCase } from './xconnectVectorCases.js';
import { xconnectSignRequest } from './xconnectVectorCases.js';

/** One generated parameter: decoded name and value, and whether an empty value is sent bare (`?flag`). */
export interface GeneratedParam {
  name: string;
  value: string;
  bare: boolean;
}

/** A body as generated: shrinking makes it empty, then short. */
export type GeneratedBody =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'large'; size: number; seed: number };

/** One generated xConnect request, before it becomes a protocol line. */
export interface GeneratedXConnectRequest {
  method: string;
  /** Path segments, already percent-encoded as sent. */
  segments: string[];
  params: GeneratedParam[];
  body: GeneratedBody;
  timestampMs: number;
  apiKey: string;
  secretKey: string;
  version: XConnectVersion;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
// Names that collide once lower-cased, prefix each other across the "=" boundary, or are the API's own.
const TRICKY_NAMES = ['a', 'A', 'a-b', 'a.b', 'a_b', 'ab', 'a=', '_page', '_size', 'fromTimestamp', 'Name', 'name', 'x y', 'é', 'É'];
const TRICKY_VALUES = ['', ' ', 'a+b', 'a b', '%41', 'a=b', 'a&b', '100%', '?#/', ' padded ', '\tJane\n', '\u00a0nbsp\u00a0', 'Ä', '😀', '日本'];
const RESERVED = [' ', '!', '"', '#', '$', '%', '&', "'", '(', ')', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']', '~', '\t', '\n', '\u0000', '\u007f', 'é', '😀'];

const reservedText = (minLength: number) => fc.string({ unit: fc.constantFrom(...RESERVED, 'a', 'Z', '0'), minLength, maxLength: 8 });
const unicodeText = (minLength: number) => fc.string({ unit: 'grapheme', minLength, maxLength: 10 });

const paramName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_NAMES) },
  { weight: 2, arbitrary: unicodeText(1) },
  { weight: 1, arbitrary: reservedText(1) },
);
const paramValue = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_VALUES) },
  { weight: 2, arbitrary: unicodeText(0) },
  { weight: 1, arbitrary: reservedText(0) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '  ', '\t', '\u0001'), unicodeText(0), fc.constantFrom(' ', '\r\n', '\u001f')).map((p) => p.join('')) },
);
const param: fc.Arbitrary<GeneratedParam> = fc.record({ name: paramName, value: paramValue, bare: fc.boolean() });

const pathSegment = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/) },
  { weight: 1, arbitrary: unicodeText(1).map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.constantFrom("a+b", 'a;b=c', 'x,y', '@:', "$&'()*+,;=", 'a%20b', 'a%2Fb', '%C3%A9t%C3%A9', '%c3%a9') },
);

// Large bodies are drawn as a size and a seed: drawing every byte through fast-check would be slow.
// The size is log-uniform from 1 KiB to 256 KiB: an octave 2^k (k = 10…17) is drawn first, then a
// size within it, so every octave (and every buffer-size boundary a signer may trip on) is as likely
// as any other, every size in between can occur, and shrinking goes to 1024 bytes.
const LARGE_MIN_OCTAVE = 10;
const LARGE_MAX_OCTAVE = 17;
const largeBody: fc.Arbitrary<GeneratedBody> = fc
  .record({ octave: fc.integer({ min: LARGE_MIN_OCTAVE, max: LARGE_MAX_OCTAVE }), within: fc.nat({ max: 1 << LARGE_MAX_OCTAVE }), seed: fc.integer() })
  .map(({ octave, within, seed }): GeneratedBody => ({ kind: 'large', size: (1 << octave) + Math.floor(within / (1 << (LARGE_MAX_OCTAVE - octave))), seed }));

const body: fc.Arbitrary<GeneratedBody> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<GeneratedBody>({ kind: 'empty' }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).map((text): GeneratedBody => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((text): GeneratedBody => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes): GeneratedBody => ({ kind: 'bytes', bytes })) },
  { weight: 1, arbitrary: largeBody },
);

// An api key is 64 lower-case hex digits; any one is as good as another, so it is drawn as a seed
// that picks 64 digits of a fixed pseudo-random hex text (drawing 64 characters through fast-check
// cost a third of the generation time, and shrinking them one by one spent the shrink budget on a
// part of the request that never matters).
const HEX_KEYS = 4096;
let hexPool: string | undefined;
const apiKey: fc.Arbitrary<string> = fc.integer().map((seed) => {
  hexPool ??= Buffer.from(largeBodyPool().subarray(0, (HEX_KEYS + 64) / 2)).toString('hex');
  const offset = (seed >>> 0) % HEX_KEYS;
  return hexPool.slice(offset, offset + 64);
});

/**
 * The arbitrary of generated xConnect requests for the given signature versions.
 *
 * @example
 * ```ts
 * fc.sample(xconnectRequests([1]), 1)[0].method; // 'GET'
 * ```
 */
export function xconnectRequests(versions: readonly XConnectVersion[]): fc.Arbitrary<GeneratedXConnectRequest> {
  return fc.record({
    method: fc.constantFrom(...METHODS),
    segments: fc.array(pathSegment, { minLength: 1, maxLength: 5 }),
    params: fc.array(param, { maxLength: 8 }),
    body,
    timestampMs: fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 11, 31) }),
    apiKey,
    secretKey: fc.base64String({ minLength: 4, maxLength: 120 }),
    version: fc.constantFrom(...versions),
  });
}

/**
 * The request with one part removed, for each part a counterexample can do without: the body (made
 * empty), each parameter, each parameter's value (made empty), each path segment (the last one
 * leaves the path `/`). Shrinking tries them last, so that the request reported is 1-minimal.
 *
 * @example
 * ```ts
 * xconnectRemovals({ ...request, params: [a, b], segments: ['x'], body: { kind: 'empty' } }).length; // 3, when a and b have empty values
 * ```
 */
export function xconnectRemovals(request: GeneratedXConnectRequest): GeneratedXConnectRequest[] {
  const removals: GeneratedXConnectRequest[] = [];
  if (request.body.kind !== 'empty') removals.push({ ...request, body: { kind: 'empty' } });
  request.params.forEach((_, i) => removals.push({ ...request, params: request.params.filter((__, j) => j !== i) }));
  request.params.forEach((param, i) => {
    if (param.value !== '') removals.push({ ...request, params: request.params.map((p, j) => (j === i ? { ...p, value: '' } : p)) });
  });
  request.segments.forEach((_, i) => removals.push({ ...request, segments: request.segments.filter((__, j) => j !== i) }));
  return removals;
}

// Large bodies are windows of one pseudo-random stream (xorshift32 from a fixed seed), at an offset
// chosen by the body's seed: filling up to 256 KiB per case byte by byte cost more than signing it.
const POOL_BYTES = 2 * (1 << (LARGE_MAX_OCTAVE + 1));
let pool: Uint8Array | undefined;

function largeBodyPool(): Uint8Array {
  if (pool === undefined) {
    const words = new Uint32Array(POOL_BYTES / 4);
    let state = 0x2545f491;
    for (let i = 0; i < words.length; i += 1) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[i] = state;
    }
    pool = new Uint8Array(words.buffer);
  }
  return pool;
}

/**
 * Bytes of a generated body. A large body is `size` bytes of a fixed pseudo-random stream, from an
 * offset given by its seed (same size and seed, same bytes), as a view into a buffer shared by all
 * large bodies: read it, never modify it.
 */
export function generatedBodyBytes(generated: GeneratedBody): Uint8Array {
  switch (generated.kind) {
    case 'empty':
      return new Uint8Array(0);
    case 'text':
      return new Uint8Array(Buffer.from(generated.text, 'utf8'));
    case 'bytes':
      return generated.bytes;
    case 'large': {
      const bytes = largeBodyPool();
      const offset = (generated.seed >>> 0) % (bytes.length - generated.size + 1);
      return bytes.subarray(offset, offset + generated.size);
    }
  }
}

/** The query string the kit sends for generated parameters: every reserved character percent-encoded, bare flags without `=`. */
export function generatedRawQuery(params: readonly GeneratedParam[]): string | null {
  if (params.length === 0) return null;
  // An encoded name or value never contains "&" (it is %26), so the pairs split back one by one.
  const pairs = encodeQuery(params.map((p) => [p.name, p.value])).split('&');
  return params.map((p, i) => (p.bare && p.value === '' ? pairs[i]!.slice(0, -1) : pairs[i]!)).join('&');
}

/**
 * Turns a generated request into a case with the given id (the runner uses `generated#<run index>`).
 *
 * @example
 * ```ts
 * const c = generatedXConnectCase(fc.sample(xconnectRequests([1]), 1)[0]!, 'generated#0');
 * c.request.path; // e.g. '/a'
 * ```
 */
export function generatedXConnectCase(generated: GeneratedXConnectRequest, caseId: string): XConnectSignerCase {
  const parts: XConnectRequestParts = {
    method: generated.method,
    path: '/' + generated.segments.join('/'),
    rawQuery: generatedRawQuery(generated.params),
    // Every reserved character of a name or value is percent-encoded, so the server decodes the
    // rawQuery to exactly these pairs (xconnectGenerated.test.ts checks it).
    query: generated.params.map((p) => [p.name, p.value]),
    body: generatedBodyBytes(generated.body),
    apiKey: generated.apiKey,
    secretKey: generated.secretKey,
    timestamp: new Date(generated.timestampMs).toISOString(),
    version: generated.version,
  };
  const request = xconnectSignRequest(caseId, parts);
  const query = request.rawQuery === null ? '' : `?${request.rawQuery}`;
  const bodySize = parts.body.length === 0 ? '' : ` with a ${parts.body.length}-byte body`;
  const title = `${request.method} ${request.path}${query.length > 80 ? query.slice(0, 80) + '…' : query}${bodySize} (version ${request.version})`;
  return new GeneratedCase(caseId, title, request, parts.body);
}

/**
 * A generated case. A class rather than an object literal, because a literal with a getter was
 * built far more slowly, and `size` is worth computing only for the few cases that fail (they are
 * listed smallest first).
 */
class GeneratedCase implements XConnectSignerCase {
  readonly category = 'generated';
  readonly flags: string[] = [];
  readonly expect: XConnectSignerCase['expect'];

  constructor(
    readonly caseId: string,
    readonly title: string,
    readonly request: XConnectSignerCase['request'],
    body: Uint8Array,
  ) {
    this.expect = { body };
  }

  get size(): number {
    return requestSize(this.request);
  }
}

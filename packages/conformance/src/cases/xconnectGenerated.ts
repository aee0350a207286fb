/** Property-generated xConnect requests: unicode, empty, bare and repeated parameters, reserved characters, bodies of every size, all methods. */
import fc from 'fast-check';
import { encodeQuery, type XConnectVersion } from '@sigkit/signer';
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

const body: fc.Arbitrary<GeneratedBody> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<GeneratedBody>({ kind: 'empty' }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).map((text): GeneratedBody => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((text): GeneratedBody => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes): GeneratedBody => ({ kind: 'bytes', bytes })) },
  // Large bodies are drawn as a size and a seed: drawing every byte through fast-check would be slow.
  { weight: 1, arbitrary: fc.record({ size: fc.integer({ min: 1024, max: 256 * 1024 }), seed: fc.integer() }).map((b): GeneratedBody => ({ kind: 'large', ...b })) },
);

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
    apiKey: fc.stringMatching(/^[0-9a-f]{64}$/),
    secretKey: fc.base64String({ minLength: 4, maxLength: 120 }),
    version: fc.constantFrom(...versions),
  });
}

/** Bytes of a generated body (large bodies are filled from their seed with a small xorshift). */
export function generatedBodyBytes(generated: GeneratedBody): Uint8Array {
  switch (generated.kind) {
    case 'empty':
      return new Uint8Array(0);
    case 'text':
      return new Uint8Array(Buffer.from(generated.text, 'utf8'));
    case 'bytes':
      return generated.bytes;
    case 'large': {
      const bytes = new Uint8Array(generated.size);
      let state = generated.seed | 1;
      for (let i = 0; i < bytes.length; i += 1) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        bytes[i] = state & 0xff;
      }
      return bytes;
    }
  }
}

/** The query string the kit sends for generated parameters: every reserved character percent-encoded, bare flags without `=`. */
export function generatedRawQuery(params: readonly GeneratedParam[]): string | null {
  if (params.length === 0) return null;
  return params.map((p) => (p.bare && p.value === '' ? encodeQuery([[p.name, '']]).slice(0, -1) : encodeQuery([[p.name, p.value]]))).join('&');
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
    body: generatedBodyBytes(generated.body),
    apiKey: generated.apiKey,
    secretKey: generated.secretKey,
    timestamp: new Date(generated.timestampMs).toISOString(),
    version: generated.version,
  };
  const request = xconnectSignRequest(caseId, parts);
  const query = request.rawQuery === null ? '' : `?${request.rawQuery}`;
  const bodySize = parts.body.length === 0 ? '' : ` with a ${parts.body.length}-byte body`;
  return {
    category: 'generated',
    caseId,
    title: `${request.method} ${request.path}${query.length > 80 ? query.slice(0, 80) + '…' : query}${bodySize} (version ${request.version})`,
    flags: [],
    request,
    expect: {},
    size: JSON.stringify(request).length,
  };
}

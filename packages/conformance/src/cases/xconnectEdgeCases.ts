/** The edge phase of the xConnect signer suite: every input class of the spec, enumerated deterministically before the random phase. */
import type { XConnectVersion } from '@sigkit/signer';
import { requestSize } from './checkCase.js';
import { EDGE_BODY_SIZES, edgeBodyBytes, type EdgeBodyKind } from './edgeBodies.js';
import { CONFUSABLE_CHARACTERS, RESERVED_CHARACTERS } from './edgeCharacters.js';
import { generatedRawQuery, type GeneratedParam } from './xconnectGenerated.js';
import { xconnectSignRequest, type XConnectSignerCase } from './xconnectVectorCases.js';

/** One edge request: what differs from the plain request (`GET /api/v1/kronos/devices`, no query, no body). */
interface XConnectEdge {
  /** Stable, unique: the case id is `edge#<name>` (with `@v<version>` when several versions are checked). */
  name: string;
  title: string;
  method?: string;
  path?: string;
  /** Decoded parameters, sent with every reserved character percent-encoded (as generated cases are). */
  params?: GeneratedParam[];
  /** A query given as raw text instead (decoded by the kit's rules, docs/spec/xconnect.md §1.1). */
  rawQuery?: string;
  body?: Uint8Array;
  timestamp?: string;
  apiKey?: string;
  secretKey?: string;
}

// The guide's worked example's credentials and timestamp (docs/spec/xconnect.md §1, worked example).
const API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';
const SECRET_KEY = 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';
const TIMESTAMP = '2016-04-12T14:28:36.218Z';
const PATH = '/api/v1/kronos/devices';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const p = (name: string, value: string, bare = false): GeneratedParam => ({ name, value, bare });
const percent = (text: string, lower = false) => {
  const hex = [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return lower ? hex : hex.toUpperCase();
};
// Characters a path segment may carry unencoded (RFC 3986 pchar, besides unreserved ones).
const PCHAR = new Set(["!", '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '~', '.', '-', '_']);

/** Path shapes (docs/spec/xconnect.md §1.1 "Path", §3b points 2, 4, 5): signed exactly as sent, never normalised. */
function pathEdges(): XConnectEdge[] {
  const shapes: [string, string, string][] = [
    ['root', '/', 'the root path'],
    ['trailing-slash', '/api/v1/kronos/devices/', 'a trailing slash'],
    ['double-slash', '/api/v1//kronos/devices', 'an empty segment (//)'],
    ['leading-double-slash', '//api/v1/kronos/devices', 'an empty first segment'],
    ['only-slashes', '///', 'only empty segments'],
    ['dot-segment', '/api/v1/./kronos/devices', 'a "." segment'],
    ['dot-dot-segment', '/api/v1/kronos/../kronos/devices', 'a ".." segment'],
    ['trailing-dot', '/api/v1/kronos/.', 'a trailing "." segment'],
    ['trailing-dot-dot', '/api/v1/kronos/..', 'a trailing ".." segment'],
    ['dots-in-name', '/api/v1/kronos/devices/a..b/.c/d.', 'dots inside segments'],
    ['encoded-dot', '/api/v1/%2E/devices', 'a percent-encoded "." segment'],
    ['encoded-slash', '/api/v1/kronos/a%2Fb', 'a percent-encoded "/"'],
    ['encoded-slash-lower', '/api/v1/kronos/a%2fb', 'a lower-case escape of "/"'],
    ['encoded-percent', '/api/v1/kronos/100%25', 'a percent-encoded "%"'],
    ['encoded-space', '/api/v1/kronos/a%20b', 'a percent-encoded space'],
    ['plus', '/api/v1/kronos/a+b', 'a "+" (not a space in a path)'],
    ['matrix-parameter', '/api/v1/kronos/devices;jsessionid=abc', 'a ";" matrix parameter'],
    ['non-ascii-upper-escapes', '/api/v1/kronos/caf%C3%A9', 'non-ASCII, upper-case escapes'],
    ['non-ascii-lower-escapes', '/api/v1/kronos/caf%c3%a9', 'non-ASCII, lower-case escapes (not upper-cased)'],
    ['non-ascii-astral', '/api/v1/kronos/%F0%9F%98%80', 'a character beyond U+FFFF, encoded'],
    ['non-ascii-turkish-i', `/api/v1/kronos/${percent('İı')}`, 'Turkish dotted and dotless I, encoded'],
    ['encoded-unreserved', '/api/v1/kronos/%41%7E', 'escapes of unreserved characters (not decoded)'],
    ['upper-case', '/API/V1/Kronos/Devices', 'upper-case letters (not lower-cased)'],
    ['status', '/api/v1/kronos/status', 'a path a server may exempt (a signer still signs it)'],
    ['logout', '/logout', "the platform's logout path"],
    ['web-inf', '/WEB-INF/web.xml', 'a path the container hides'],
    ['many-segments', '/' + Array.from({ length: 40 }, (_, i) => `s${i}`).join('/'), 'forty segments'],
    ['long-segment', '/' + 'a'.repeat(2000), 'a segment of 2,000 characters'],
  ];
  const edges = shapes.map(([name, path, title]): XConnectEdge => ({ name: `path-${name}`, title: `path with ${title}`, path }));
  for (const c of RESERVED_CHARACTERS) {
    edges.push({ name: `path-escaped-${c.label}`, title: `path with ${JSON.stringify(c.text)} percent-encoded`, path: `${PATH}/a${percent(c.text)}b` });
    if (PCHAR.has(c.text)) edges.push({ name: `path-raw-${c.label}`, title: `path with a raw ${JSON.stringify(c.text)}`, path: `${PATH}/a${c.text}b` });
  }
  for (const c of CONFUSABLE_CHARACTERS) {
    edges.push({ name: `path-${c.label}`, title: `path with ${JSON.stringify(c.text)} percent-encoded`, path: `${PATH}/${percent(c.text)}` });
  }
  return edges;
}

/** Query shapes (docs/spec/xconnect.md §1.1 "Query lines", §3b point 8). */
function queryEdges(): XConnectEdge[] {
  const raw: [string, string, string][] = [
    ['empty-pieces', 'a=1&&b=2&', 'empty pieces between and after "&"'],
    ['empty-name', '=orphan&a=1', 'a piece with an empty name'],
    ['plus-as-space', 'a+b=c+d', '"+" in name and value (a space)'],
    ['encoded-plus', 'a%2Bb=c%2Bd', 'an encoded "+" in name and value'],
    ['equals-in-value', 'a=b=c&d==', '"=" inside values'],
    ['lower-case-escapes', 'caf%c3%a9=%c3%a9t%c3%a9', 'lower-case escapes'],
    ['encoded-unreserved', '%41=%42', 'escapes of unreserved characters'],
    // Malformed sequences the kit and the platform decode alike (an encoded surrogate they do not, §3b point 8).
    ['malformed-utf8', 'a=%C3%28&b=%FF&c=%F0%9F%98', 'escapes that are not UTF-8 (decoded to U+FFFD)'],
    ['raw-reserved', "a=!$'()*,;:@/?", 'sub-delimiters, ":", "@", "/" and "?" unencoded in a value'],
  ];
  const edges = raw.map(([name, rawQuery, title]): XConnectEdge => ({ name: `query-${name}`, title: `query with ${title}`, rawQuery }));
  const shapes: [string, GeneratedParam[], string][] = [
    ['one', [p('a', '1')], 'one parameter'],
    ['bare-flag', [p('flag', '', true)], 'a bare flag (no "=")'],
    ['empty-value', [p('flag', '')], 'an empty value ("flag=")'],
    ['bare-and-valued', [p('flag', '', true), p('flag', 'x'), p('flag', '')], 'a flag bare, valued and empty'],
    ['repeated-name', [p('a', '2'), p('a', '1'), p('a', '10')], 'a repeated name (lines sorted by value: "10" before "2")'],
    ['names-differing-in-case', [p('Name', 'b'), p('name', 'a'), p('NAME', 'c')], 'names differing only in case'],
    ['dash-before-equals', [p('a', '1'), p('a-b', '1')], '"a" and "a-b" ("a-b=1" sorts first)'],
    ['dot-star-underscore', [p('a', '1'), p('a.b', '1'), p('a*', '1'), p('a_b', '1'), p('ab', '1')], 'names that prefix each other'],
    ['upper-before-lower', [p('Z', '1'), p('a', '1'), p('B', 'b'), p('b', 'B')], 'upper- and lower-case names and values'],
    ['space-in-name', [p('a b', '1'), p('a', '1'), p('a+b', '1')], 'a space in a name (encoded "+", which sorts before "=")'],
    ['private-use-vs-astral-names', [p('\u{1f600}', '1'), p('\ue000', '1')], 'names above U+E000 and beyond U+FFFF'],
    ['private-use-vs-astral-values', [p('a', '\ue000'), p('a', '\u{1f600}')], 'values above U+E000 and beyond U+FFFF (UTF-16 order)'],
    ['turkish-i-names', [p('İ', '1'), p('i', '1'), p('ı', '1'), p('I', '1')], 'Turkish dotted and dotless I against i and I'],
    ['sharp-s-names', [p('ß', '1'), p('SS', '1'), p('ss', '1'), p('ẞ', '1')], '"ß", "ẞ" and "ss"'],
    ['sigma-names', [p('ΑΣ', '1'), p('Σ', '1'), p('σ', '1'), p('ς', '1')], 'capital, small and final sigma'],
    ['combining-names', [p('e\u0301', '1'), p('é', '1')], 'precomposed and combining é (not normalised)'],
    ['trim-spaces', [p('a', '  padded  ')], 'a value with spaces around it (trimmed)'],
    ['trim-controls', [p('a', '\t\r\n\u0001x\u001f\u0000')], 'a value with control characters around it (trimmed)'],
    ['trim-nbsp', [p('a', '\u00a0x\u00a0')], 'a value with no-break spaces around it (kept)'],
    ['trim-to-empty', [p('a', ' \t ')], 'a value of whitespace only (trimmed to empty)'],
    ['inner-whitespace', [p('a', 'x \t\ny')], 'whitespace inside a value (kept)'],
    ['many', Array.from({ length: 60 }, (_, i) => p(`p${(i * 37) % 60}`, `${i}`)), 'sixty parameters'],
  ];
  for (const [name, params, title] of shapes) edges.push({ name: `query-${name}`, title: `query with ${title}`, params });
  for (const c of RESERVED_CHARACTERS) {
    edges.push({ name: `query-name-${c.label}`, title: `query name with ${JSON.stringify(c.text)}`, params: [p(`a${c.text}b`, '1')] });
    edges.push({ name: `query-value-${c.label}`, title: `query value with ${JSON.stringify(c.text)}`, params: [p('a', `x${c.text}y`)] });
  }
  for (const c of CONFUSABLE_CHARACTERS) {
    edges.push({ name: `query-name-${c.label}`, title: `query name ${JSON.stringify(c.text)}`, params: [p(c.text, '1'), p('a', '1')] });
    edges.push({ name: `query-value-${c.label}`, title: `query value ${JSON.stringify(c.text)}`, params: [p('a', c.text), p('a', 'z')] });
  }
  return edges;
}

/**
 * Timestamp spellings a correct client sends as given and both the kit (docs/spec/xconnect.md §1.5)
 * and the platform (§3b point 14) accept: with and without seconds, 1 to 9 fraction digits,
 * trailing zeros, `Z` or an offset, across a day boundary.
 */
const TIMESTAMPS: [string, string][] = [
  ['no-seconds', '2016-04-12T14:28Z'],
  ['no-fraction', '2016-04-12T14:28:36Z'],
  ...Array.from({ length: 9 }, (_, i): [string, string] => [`fraction-${i + 1}`, `2016-04-12T14:28:36.${'218000000'.slice(0, i + 1)}Z`]),
  ['fraction-trailing-zeros', '2016-04-12T14:28:36.050Z'],
  ['fraction-nanoseconds', '2016-04-12T14:28:36.123456789Z'],
  ['offset-plus-zero', '2016-04-12T14:28:36.218+00:00'],
  ['offset-minus-zero', '2016-04-12T14:28:36.218-00:00'],
  ['offset-positive', '2016-04-12T20:13:36.218+05:45'],
  ['offset-negative', '2016-04-12T06:28:36-08:00'],
  ['offset-day-before', '2016-04-11T23:28:36.218-15:00'],
  ['offset-max', '2016-04-13T04:28:36.218+14:00'],
  ['leap-day', '2016-02-29T23:59:59.999Z'],
  ['year-end', '2016-12-31T23:59:59.999999999Z'],
  ['midnight', '2017-01-01T00:00:00Z'],
];

/** Bodies of every kind at every edge size (a text body of 0 bytes is the empty body; JSON starts at `{}`). */
function bodyEdges(): XConnectEdge[] {
  const edges: XConnectEdge[] = [];
  for (const kind of ['text', 'json', 'binary'] as EdgeBodyKind[]) {
    for (const size of EDGE_BODY_SIZES) {
      if (size === 0 && kind !== 'text') continue;
      const bytes = edgeBodyBytes(kind, kind === 'json' && size < 2 ? 2 : size);
      edges.push({ name: `body-${kind}-${bytes.length}`, title: `${kind} body of ${bytes.length} bytes`, method: 'POST', body: bytes });
    }
  }
  return edges;
}

/** Every edge of the xConnect signer, in a fixed order. */
function xconnectEdges(): XConnectEdge[] {
  return [
    ...METHODS.map((method): XConnectEdge => ({ name: `method-${method.toLowerCase()}`, title: `${method} with a query and a body`, method, params: [p('a', '1')], body: edgeBodyBytes('text', 9) })),
    ...METHODS.map((method): XConnectEdge => ({ name: `method-${method.toLowerCase()}-plain`, title: `${method} without query or body`, method })),
    ...pathEdges(),
    ...queryEdges(),
    ...TIMESTAMPS.map(([name, timestamp]): XConnectEdge => ({ name: `timestamp-${name}`, title: `x-arrow-date ${timestamp}`, timestamp })),
    ...bodyEdges(),
    // The keys are HMAC keys and data as UTF-8 text (docs/spec/xconnect.md §1.3): non-ASCII, longer than a SHA-256 block, not Base64.
    { name: 'secret-non-ascii', title: 'a secret key with non-ASCII characters', params: [p('a', '1')], secretKey: 'sécret-İı-ß-😀-日本' },
    { name: 'secret-long', title: 'a secret key of 300 characters (longer than an HMAC block)', secretKey: 'K'.repeat(150) + 'é'.repeat(150) },
    { name: 'secret-not-base64', title: 'a secret key that is not Base64', secretKey: 'not base64: %&*!' },
    { name: 'api-key-upper-case', title: 'an api key in upper-case hex (sent and signed as given)', apiKey: API_KEY.toUpperCase() },
  ];
}

let cachedEdges: XConnectEdge[] | undefined;

/**
 * The edge cases of the xConnect signer suite (category `edge`), for each of `versions`: every
 * method, path shape, query shape, reserved and confusable character per position, timestamp
 * spelling and body kind and size. Ids are stable: `edge#<name>`, or `edge#<name>@v<version>` when
 * several versions are checked.
 *
 * @example
 * ```ts
 * xconnectEdgeCases([1]).find((c) => c.caseId === 'edge#path-double-slash')?.request.path; // '/api/v1//kronos/devices'
 * ```
 */
export function xconnectEdgeCases(versions: readonly XConnectVersion[]): XConnectSignerCase[] {
  cachedEdges ??= xconnectEdges();
  const cases: XConnectSignerCase[] = [];
  for (const version of versions) {
    for (const edge of cachedEdges) {
      const caseId = versions.length === 1 ? `edge#${edge.name}` : `edge#${edge.name}@v${version}`;
      const body = edge.body ?? new Uint8Array(0);
      const params = edge.params;
      const request = xconnectSignRequest(caseId, {
        method: edge.method ?? 'GET',
        path: edge.path ?? PATH,
        rawQuery: params === undefined ? (edge.rawQuery ?? null) : generatedRawQuery(params),
        ...(params === undefined ? {} : { query: params.map((q): [string, string] => [q.name, q.value]) }),
        body,
        apiKey: edge.apiKey ?? API_KEY,
        secretKey: edge.secretKey ?? SECRET_KEY,
        timestamp: edge.timestamp ?? TIMESTAMP,
        version,
      });
      cases.push({ category: 'edge', caseId, title: `${edge.title} (version ${version})`, flags: [], request, expect: { body }, size: requestSize(request) });
    }
  }
  return cases;
}

/**
 * An xConnect edge case with one part removed, for each part: the body (made empty), each piece of
 * the query, each piece's value (made empty), each path segment (empty ones too; the last leaves
 * `/`). The query is edited as the raw text sent, so a raw shape (`a=1&&b=2`) stays raw.
 *
 * @example
 * ```ts
 * xconnectCaseRemovals(edgeCase).map((c) => c.request.path); // the path without each of its segments, …
 * ```
 */
export function xconnectCaseRemovals(testCase: XConnectSignerCase): XConnectSignerCase[] {
  const asked = testCase.request;
  const body = testCase.expect.body ?? new Uint8Array(0);
  const parts = { method: asked.method, path: asked.path, rawQuery: asked.rawQuery, body, apiKey: asked.apiKey, secretKey: asked.secretKey, timestamp: asked.timestamp, version: asked.version };
  const variant = (changed: Partial<typeof parts>): XConnectSignerCase => {
    const next = { ...parts, ...changed };
    const request = xconnectSignRequest(testCase.caseId, next);
    return { ...testCase, request, expect: { body: next.body }, size: requestSize(request) };
  };
  const removals: XConnectSignerCase[] = [];
  if (body.length > 0) removals.push(variant({ body: new Uint8Array(0) }));
  const pieces = asked.rawQuery === null ? [] : asked.rawQuery.split('&');
  pieces.forEach((_, i) => removals.push(variant({ rawQuery: pieces.filter((__, j) => j !== i).join('&') })));
  pieces.forEach((piece, i) => {
    const equals = piece.indexOf('=');
    if (equals >= 0 && equals < piece.length - 1) removals.push(variant({ rawQuery: pieces.map((p, j) => (j === i ? piece.slice(0, equals + 1) : p)).join('&') }));
  });
  const segments = asked.path.split('/').slice(1);
  if (segments.length > 1 || segments[0] !== '') {
    segments.forEach((_, i) => removals.push(variant({ path: '/' + segments.filter((__, j) => j !== i).join('/') })));
  }
  return removals;
}

/** The edge phase of the KX Connect signer suite: content types, non-ASCII in every free-text field, odd path segments, dates and body sizes, enumerated before the random phase. */
import { formatRfc1123, type KxProfile } from '@sigkit/signer';
import { requestSize } from './checkCase.js';
import { EDGE_BODY_SIZES, edgeText } from './edgeBodies.js';
import { CONFUSABLE_CHARACTERS } from './edgeCharacters.js';
import { generatedKxCase, type BodyStyle, type GeneratedKxCall } from './kxGenerated.js';
import type { KxSignerCase } from './kxVectorCases.js';

/** One edge call: what differs from the guides' `monPublic.getMem` call, and the content type sent. */
interface KxEdge {
  /** Stable, unique: the case id is `edge#<name>`. */
  name: string;
  title: string;
  call: Partial<GeneratedKxCall>;
  contentType?: string;
}

// The guides' worked example (docs/spec/kx-connect.md §2, worked example).
const BASE: GeneratedKxCall = {
  group: 'monPublic',
  method: 'getMem',
  params: {},
  type: null,
  requestId: 'e133598e-7b9e-429a-b3e5-bda881c47024',
  dateSeconds: Date.UTC(2019, 6, 26, 16, 59) / 1000,
  username: 'kxSupport',
  sessionId: '7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60',
  bodyStyle: null,
};

/** Content types a client may be asked to send (and must sign as sent, docs/spec/kx-connect.md §2). */
const CONTENT_TYPES: [string, string][] = [
  ['charset', 'application/json; charset=utf-8'],
  ['charset-no-space', 'application/json;charset=UTF-8'],
  ['charset-quoted', 'application/json; charset="utf-8"'],
  ['upper-case', 'Application/JSON'],
  ['guide-literal', 'Application-json'],
  ['text-plain', 'text/plain'],
  ['form', 'application/x-www-form-urlencoded'],
  ['octet-stream', 'application/octet-stream'],
  ['vendor', 'application/vnd.kx+json; version=1'],
  ['inner-spaces', 'application/json ;  charset = utf-8'],
];

// Non-ASCII usernames a header can carry as text: Latin-1, Greek, Turkish, CJK, an emoji; plus ASCII oddities.
const USERNAMES: [string, string][] = [
  ['latin1', 'Jürgen'],
  ['turkish', 'İsmail.ışık'],
  ['greek-final-sigma', 'ΟΔΥΣΣΕΥΣ'],
  ['cjk', '管理者'],
  ['astral', 'user😀'],
  ['combining', 'Jose\u0301'],
  ['colon', 'domain:user'],
  ['inner-space', 'kx support'],
  ['one-char', 'k'],
];

// Group and method segments: every character a path segment may carry unencoded (what signKxRequest accepts).
const SEGMENTS: [string, string][] = [
  ['sub-delims', "a!$&'()*+,;=b"],
  ['colon-at', 'a:b@c'],
  ['unreserved', 'A-z._~9'],
  ['dots', 'a..'],
  ['one-char', 'x'],
];

const DATES: [string, number][] = [
  ['single-digit-day', Date.UTC(2019, 6, 6, 6, 6, 6) / 1000],
  ['leap-day', Date.UTC(2020, 1, 29, 23, 59, 59) / 1000],
  ['year-end', Date.UTC(2019, 11, 31, 23, 59, 59) / 1000],
  ['epoch-ish', Date.UTC(2001, 0, 1) / 1000],
];

const BODY_STYLES: BodyStyle[] = ['spaced', 'reordered', 'asciiEscaped'];

/** A params dictionary whose compact body (as the kit builds it) is `size` bytes, when it can be. */
function paramsOfBodySize(size: number): Record<string, unknown> {
  const date = formatRfc1123(new Date(BASE.dateSeconds * 1000));
  const frame = Buffer.byteLength(JSON.stringify({ type: `${BASE.method}Req`, msg: [{ data: '' }], id: BASE.requestId, date }));
  return { data: edgeText(Math.max(0, size - frame)) };
}

function kxEdges(): KxEdge[] {
  const edges: KxEdge[] = [];
  for (const [name, contentType] of CONTENT_TYPES) edges.push({ name: `content-type-${name}`, title: `Content-Type ${contentType}`, call: { params: { syms: ['gw-1'] } }, contentType });
  for (const [name, username] of USERNAMES) edges.push({ name: `username-${name}`, title: `username ${JSON.stringify(username)}`, call: { username } });
  for (const [name, segment] of SEGMENTS) {
    edges.push({ name: `group-${name}`, title: `group ${JSON.stringify(segment)}`, call: { group: segment } });
    edges.push({ name: `method-${name}`, title: `method ${JSON.stringify(segment)}`, call: { method: segment } });
  }
  for (const c of CONFUSABLE_CHARACTERS) {
    edges.push({ name: `param-key-${c.label}`, title: `parameter name ${JSON.stringify(c.text)}`, call: { params: { [c.text]: 1, a: 2 } } });
    edges.push({ name: `param-value-${c.label}`, title: `parameter value ${JSON.stringify(c.text)}`, call: { params: { syms: [c.text, 'z'], s: c.text } } });
    edges.push({ name: `type-${c.label}`, title: `type ${JSON.stringify(`get${c.text}Req`)}`, call: { type: `get${c.text}Req` } });
  }
  const values: [string, unknown][] = [
    ['empty-key', { '': 'x' }],
    ['escapes', { s: '"quoted" back\\slash\nline\ttab\u0000nul\u2028ls\u2029ps</script>' }],
    ['numbers', { big: 2 ** 53, neg: -1, frac: 0.1, exp: 1e21, tiny: 5e-324, zero: 0 }],
    ['nested', { a: { b: { c: [1, [2, [3, { d: null }]]] } }, e: [], f: {} }],
    ['booleans-and-null', { t: true, f: false, n: null }],
    ['key-order', { z: 1, a: 2, m: 3, '10': 4, '2': 5 }],
  ];
  for (const [name, params] of values) edges.push({ name: `params-${name}`, title: `parameters ${name.replace('-', ' ')}`, call: { params: params as Record<string, unknown> } });
  for (const style of BODY_STYLES) {
    edges.push({ name: `body-${style}`, title: `a body written ${style}, with non-ASCII parameters`, call: { bodyStyle: style, params: { 'clé': 'välue😀', syms: ['İı', 'ς'] } } });
  }
  const sessions: [string, string][] = [['five-characters', 'a1b2c'], ['long', 'f'.repeat(128)], ['upper-case', '7F3C9A1E5B2D4C8F9E0A1B2C3D4E5F60'], ['uuid', '0f8fad5b-d9cb-469f-a165-70867728950e']];
  for (const [name, sessionId] of sessions) edges.push({ name: `session-${name}`, title: `session id ${JSON.stringify(sessionId.length > 40 ? `${sessionId.slice(0, 8)}…` : sessionId)}`, call: { sessionId } });
  edges.push({ name: 'request-id-upper-case', title: 'a request id in upper case', call: { requestId: BASE.requestId.toUpperCase() } });
  edges.push({ name: 'username-trailing-space', title: 'a username ending in a space', call: { username: 'kxSupport ' } });
  for (const [name, dateSeconds] of DATES) edges.push({ name: `date-${name}`, title: `date ${new Date(dateSeconds * 1000).toUTCString()}`, call: { dateSeconds } });
  for (const size of EDGE_BODY_SIZES) {
    if (size < 1024) continue;
    edges.push({ name: `body-size-${size}`, title: `a body of about ${size} bytes`, call: { params: paramsOfBodySize(size) } });
  }
  return edges;
}

let cachedEdges: KxEdge[] | undefined;

/**
 * The edge cases of the KX Connect signer suite under `profile` (category `edge`): content types
 * with parameters and of other media types, non-ASCII usernames, parameter names and values and
 * types, every character a group or method segment may carry, dates, verbatim body styles and
 * bodies from 64 KiB to 1 MiB. Ids are stable: `edge#<name>`.
 *
 * @example
 * ```ts
 * kxEdgeCases(kxProfile()).find((c) => c.caseId === 'edge#content-type-charset')?.request.contentType; // 'application/json; charset=utf-8'
 * ```
 */
export function kxEdgeCases(profile: KxProfile): KxSignerCase[] {
  cachedEdges ??= kxEdges();
  return cachedEdges.map((edge) => {
    const caseId = `edge#${edge.name}`;
    const generated = generatedKxCase({ ...BASE, ...edge.call }, caseId, profile);
    const request = { ...generated.request, contentType: edge.contentType ?? generated.request.contentType };
    return { ...generated, category: 'edge', title: edge.title, request, size: requestSize(request) };
  });
}

/**
 * A KX edge case with one part removed, for each part: each parameter (when the client builds the
 * body), or the verbatim body (the client then builds it).
 *
 * @example
 * ```ts
 * kxCaseRemovals(edgeCase).map((c) => Object.keys(c.request.params)); // the parameters without each one
 * ```
 */
export function kxCaseRemovals(testCase: KxSignerCase): KxSignerCase[] {
  const asked = testCase.request;
  const variant = (request: KxSignerCase['request']): KxSignerCase => ({ ...testCase, request, size: requestSize(request) });
  if (asked.body !== undefined) {
    const { body: _verbatim, ...built } = asked;
    return [variant(built)];
  }
  return Object.keys(asked.params).map((key) => {
    const params = { ...asked.params };
    delete params[key];
    return variant({ ...asked, params });
  });
}

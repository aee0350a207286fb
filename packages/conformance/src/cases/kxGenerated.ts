/** Property-generated KX Connect calls: unicode parameters of every JSON type, odd group and user names, session ids, dates, verbatim bodies. */
import fc from 'fast-check';
import { formatRfc1123, type KxProfile } from '@sigkit/signer';
import type { KxSignRequest } from '../protocol/types.js';
import { requestSize } from './checkCase.js';
import type { KxSignerCase } from './kxVectorCases.js';

/** How a verbatim body is written, when the case asks for one: with spaces, keys reordered, or non-ASCII escaped. */
export type BodyStyle = 'spaced' | 'reordered' | 'asciiEscaped';

/** One generated KX call, before it becomes a protocol line. */
export interface GeneratedKxCall {
  group: string;
  method: string;
  params: Record<string, unknown>;
  /** A custom request type, or null for `<method>Req`. */
  type: string | null;
  requestId: string;
  dateSeconds: number;
  username: string;
  sessionId: string;
  /** Null: the client builds the body; otherwise the case gives the exact body in this style. */
  bodyStyle: BodyStyle | null;
}

// A path segment needing no percent-encoding (what signKxRequest accepts), never "." or "..".
const segment = (common: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...common) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,8}$/).map((s) => (s === '.' || s === '..' ? `${s}x` : s)) },
  );

const jsonLeaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((d) => (Object.is(d, -0) ? 0 : d)),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('Fri, 26 Jul 2019 16:59:00 GMT', '2019-07-26T16:59:00Z', 'gw-1', '"quoted"', 'back\\slash', 'line\nbreak', '\u2028', '😀'),
);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), tie('value'), { maxKeys: 3 })),
})).value;
const paramName = fc.oneof(fc.constantFrom('syms', 'startTime', 'endTime', 'bucket', 'Ä', 'a b', '"', ''), fc.string({ unit: 'grapheme', maxLength: 8 }));

/**
 * The arbitrary of generated KX Connect calls.
 *
 * @example
 * ```ts
 * fc.sample(kxCalls(), 1)[0].group; // e.g. 'monPublic'
 * ```
 */
export function kxCalls(): fc.Arbitrary<GeneratedKxCall> {
  return fc.record({
    group: segment(['monPublic', 'API', 'dbMaint']),
    method: segment(['getMem', 'getMemBucket', 'getCPU', 'getDisk', 'getAvgLoad']),
    params: fc.dictionary(paramName, jsonValue, { maxKeys: 5, noNullPrototype: true }),
    type: fc.option(fc.stringMatching(/^[A-Za-z]{1,10}Req$/), { nil: null }),
    requestId: fc.uuid(),
    dateSeconds: fc.integer({ min: Date.UTC(2001, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
    username: fc.oneof(fc.constantFrom('kxSupport', 'Administrator'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:@-]{0,15}$/)),
    sessionId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{40}$/), fc.uuid()),
    bodyStyle: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom<BodyStyle>('spaced', 'reordered', 'asciiEscaped') }),
  });
}

/**
 * The call with one part removed, for each part a counterexample can do without: each parameter,
 * the verbatim body (the client builds it), the custom type (`<method>Req`). Shrinking tries them
 * last, so that the call reported is 1-minimal.
 *
 * @example
 * ```ts
 * kxRemovals({ ...call, params: { a: 1, b: 2 }, type: null, bodyStyle: null }).length; // 2
 * ```
 */
export function kxRemovals(call: GeneratedKxCall): GeneratedKxCall[] {
  const removals: GeneratedKxCall[] = [];
  for (const key of Object.keys(call.params)) {
    const params = { ...call.params };
    delete params[key];
    removals.push({ ...call, params });
  }
  if (call.bodyStyle !== null) removals.push({ ...call, bodyStyle: null });
  if (call.type !== null) removals.push({ ...call, type: null });
  return removals;
}

/** Writes a body in a style a client might send: the digest must be over exactly these bytes. */
export function styledBody(body: { type: string; msg: unknown[]; id: string; date: string }, style: BodyStyle): string {
  switch (style) {
    case 'spaced':
      return withPythonSeparators(body);
    case 'reordered':
      return JSON.stringify({ msg: body.msg, id: body.id, date: body.date, type: body.type });
    case 'asciiEscaped':
      return JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
}

/** JSON with Python's default `json.dumps` separators (`", "` and `": "`), as the Python guide's client sends it. */
function withPythonSeparators(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(withPythonSeparators).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${withPythonSeparators(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Turns a generated call into a case under `profile`.
 *
 * @example
 * ```ts
 * generatedKxCase(fc.sample(kxCalls(), 1)[0]!, 'generated#0', kxProfile()).request.date; // an RFC 1123 date
 * ```
 */
export function generatedKxCase(call: GeneratedKxCall, caseId: string, profile: KxProfile): KxSignerCase {
  // Parameters travel as JSON, so they are exactly what survives a JSON round trip.
  const params = JSON.parse(JSON.stringify(call.params)) as Record<string, unknown>;
  const type = call.type ?? `${call.method}Req`;
  const date = formatRfc1123(new Date(call.dateSeconds * 1000));
  const request: KxSignRequest = {
    id: caseId,
    scheme: 'kx',
    role: 'signer',
    group: call.group,
    method: call.method,
    params,
    type,
    requestId: call.requestId,
    date,
    username: call.username,
    sessionId: call.sessionId,
    contentType: 'application/json',
    profile: { ...profile },
  };
  if (call.bodyStyle !== null) request.body = styledBody({ type, msg: [params], id: call.requestId, date }, call.bodyStyle);
  return {
    category: 'generated',
    caseId,
    title: `${call.group}.${call.method} as ${call.username} with ${Object.keys(params).length} parameter(s)${call.bodyStyle ? `, ${call.bodyStyle} body` : ''}`,
    flags: [],
    request,
    expect: {},
    size: requestSize(request),
  };
}

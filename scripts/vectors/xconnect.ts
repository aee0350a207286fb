/** Builds the xConnect vector files from the reference signer and its deviations (docs/spec/xconnect.md §1–§4). */
import {
  EMPTY_PAYLOAD_HASH,
  XCONNECT_DEVIATIONS,
  signXConnectRequest,
  traceXConnectRequest,
  signXConnectRequestWithDeviations,
  verifyXConnectRequest,
  type SignedXConnectRequest,
  type XConnectCredentialRecord,
  type XConnectDeviationFlag,
  type XConnectSignInput,
  type XConnectTrace,
  type XConnectVersion,
} from '@sigkit/signer';
import { bodyField, randomText, seededRandom, vectorDocument, verificationTest, type FlagNote, type UnnumberedTest, type VectorFile } from './common.js';

const GUIDE_KEYS = {
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
};
const random = seededRandom(20160412);
const OTHER_KEYS = {
  apiKey: randomText(random, '0123456789abcdef', 64),
  secretKey: randomText(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 118) + '==',
};
const T = '2016-04-12T14:28:36.218Z';
const KRONOS = '/api/v1/kronos';

/** A request to sign, as a vector lists it. */
interface CaseInput {
  comment: string;
  flags: string[];
  method: string;
  path: string;
  query?: string;
  body?: string | Uint8Array;
  timestamp?: string;
  version?: XConnectVersion;
}

const VALID_NOTES: Record<string, FlagNote> = {
  Documented: { bugType: 'KNOWN_ANSWER', description: 'The example of the public signing guide; every intermediate value is printed there.' },
  QueryOrder: { bugType: 'BASIC', description: 'Query lines are sorted whatever the order of the parameters on the wire.' },
  WholeLineSort: { bugType: 'EDGE_CASE', description: 'Lines are sorted as whole "name=value" strings by UTF-16 code unit: "a-b=1" sorts before "a=1".' },
  NameCase: { bugType: 'BASIC', description: 'Parameter names are lower-cased; values keep their case.' },
  NameEncoding: { bugType: 'EDGE_CASE', description: 'Names are form-encoded after lower-casing (Java URLEncoder: space as "+", upper-case %XX, "~" encoded).' },
  EmptyValue: { bugType: 'EDGE_CASE', description: 'A parameter with an empty value gives the line "name=".' },
  BareFlag: { bugType: 'EDGE_CASE', description: 'A parameter written without "=" has the value "" and gives the line "name=".' },
  RepeatedName: { bugType: 'EDGE_CASE', description: 'A repeated name gives one line per value, all sorted.' },
  ValueTrim: { bugType: 'EDGE_CASE', description: 'Values are trimmed of leading and trailing characters <= U+0020 (Java String.trim), and only those.' },
  Utf8Query: { bugType: 'EDGE_CASE', description: 'Percent-encoded UTF-8 in names and values is decoded; names are re-encoded, values are signed decoded.' },
  PlusAndPercent20: { bugType: 'EDGE_CASE', description: '"+" and "%20" both decode to a space in the query; "%2B" is a literal plus.' },
  ReservedCharacters: { bugType: 'EDGE_CASE', description: 'Percent-encoded reserved characters (&, =, /, ?, #, %) in names and values.' },
  EmptySegments: { bugType: 'EDGE_CASE', description: 'Empty query segments ("&&", a trailing "&") are skipped.' },
  NoQuery: { bugType: 'BASIC', description: 'Without a query the canonical request has no query line at all.' },
  PathEncoding: { bugType: 'EDGE_CASE', description: 'The path is signed exactly as sent: percent-escapes are neither decoded nor normalised.' },
  Method: { bugType: 'BASIC', description: 'Each HTTP method, with and without a body.' },
  Body: { bugType: 'BASIC', description: 'The body bytes are hashed with SHA-256 exactly as sent.' },
  MultiByteBody: { bugType: 'EDGE_CASE', description: 'Bodies with multi-byte UTF-8 or arbitrary bytes are hashed as bytes.' },
  TimestampFormat: { bugType: 'EDGE_CASE', description: 'The timestamp is signed exactly as sent in x-arrow-date, whatever ISO-8601 spelling it uses.' },
  ManyParameters: { bugType: 'BASIC', description: 'A request with many parameters.' },
  OtherKeys: { bugType: 'BASIC', description: 'A key pair other than the guide\'s.' },
  LegacyVersion0: {
    bugType: 'LEGACY',
    description: 'Version 0 (no x-arrow-version header): HMAC-SHA256 keyed by the secret key over the query lines and x-arrow-* values; the body is not covered. The published server accepted it; the kit\'s strict profile does not.',
  },
  Version2: {
    bugType: 'LEGACY',
    description: 'Version 2: the key chain starts HMAC(secretKey, apiKey) and uses "2" in its last step and in the string to sign. The published server accepted it; the kit\'s strict profile does not.',
  },
};

const DEVIATION_NOTES: Record<string, FlagNote> = Object.fromEntries(
  Object.values(XCONNECT_DEVIATIONS).map((d) => [d.flag, { bugType: d.bugType, description: d.description, effect: `diverges at: ${d.step}` }]),
);

function canonicalisationCases(): CaseInput[] {
  const k = `${KRONOS}/devices`;
  return [
    { comment: "the guide's documented example", flags: ['Documented'], method: 'POST', path: `${KRONOS}/gateways`, query: 'lastName=Doe&firstName=Jane&Age=30' },
    { comment: "the guide's example with the parameters reordered", flags: ['Documented', 'QueryOrder'], method: 'POST', path: `${KRONOS}/gateways`, query: 'Age=30&lastName=Doe&firstName=Jane' },
    { comment: 'GET without query or body', flags: ['NoQuery'], method: 'GET', path: k },
    { comment: 'paging parameters in reverse order', flags: ['QueryOrder'], method: 'GET', path: k, query: '_size=100&_page=0' },
    { comment: 'the Java example of the guide: _page and _size', flags: ['QueryOrder'], method: 'GET', path: k, query: '_page=0&_size=100' },
    { comment: 'telemetry range with camel-case names', flags: ['NameCase'], method: 'GET', path: `${KRONOS}/telemetries/devices/0123456789abcdef0123456789abcdef01234567`, query: 'fromTimestamp=2016-04-12T00:00:00Z&toTimestamp=2016-04-12T12:00:00Z&_page=0&_size=150' },
    { comment: 'upper-case name, mixed-case value', flags: ['NameCase'], method: 'GET', path: k, query: 'TYPE=Sensor&Name=MiXeD' },
    { comment: '"a-b" sorts before "a" as whole lines', flags: ['WholeLineSort'], method: 'GET', path: k, query: 'a=1&a-b=1' },
    { comment: 'punctuation in names sorts by code unit', flags: ['WholeLineSort', 'NameEncoding'], method: 'GET', path: k, query: 'a=1&a_b=2&a.b=3&a*b=4&a~b=5&a-b=6' },
    { comment: 'same name, values sorted as text ("10" before "2")', flags: ['WholeLineSort', 'RepeatedName'], method: 'GET', path: k, query: 'n=2&n=10&n=1' },
    { comment: 'prefix names and the "=" boundary', flags: ['WholeLineSort'], method: 'GET', path: k, query: 'ab=1&a=2&a0=3&a%3D=4' },
    { comment: 'empty value', flags: ['EmptyValue'], method: 'GET', path: k, query: 'type=&_page=0' },
    { comment: 'bare flag without "="', flags: ['BareFlag'], method: 'GET', path: k, query: 'enabled&_page=0' },
    { comment: 'only a bare flag', flags: ['BareFlag'], method: 'GET', path: k, query: 'enabled' },
    { comment: 'empty value, bare flag and value together', flags: ['EmptyValue', 'BareFlag', 'RepeatedName'], method: 'GET', path: k, query: 'x=&x&x=1' },
    { comment: 'repeated name in request order 2, 1', flags: ['RepeatedName'], method: 'GET', path: k, query: 'uid=2&uid=1' },
    { comment: 'repeated identical pairs', flags: ['RepeatedName'], method: 'GET', path: k, query: 'a=1&a=1' },
    { comment: 'value with surrounding spaces via %20', flags: ['ValueTrim'], method: 'GET', path: k, query: 'name=%20%20Jane%20' },
    { comment: 'value with surrounding spaces via +', flags: ['ValueTrim', 'PlusAndPercent20'], method: 'GET', path: k, query: 'name=+Jane+Doe+' },
    { comment: 'tabs, newlines and control characters are trimmed', flags: ['ValueTrim'], method: 'GET', path: k, query: 'name=%09%0AJane%0D%00%1F' },
    { comment: 'no-break space (U+00A0) is not trimmed', flags: ['ValueTrim', 'Utf8Query'], method: 'GET', path: k, query: 'name=%C2%A0Jane%C2%A0' },
    { comment: 'a value of spaces only becomes empty', flags: ['ValueTrim', 'EmptyValue'], method: 'GET', path: k, query: 'name=%20%20%20' },
    { comment: 'spaces in a name are not trimmed', flags: ['NameEncoding'], method: 'GET', path: k, query: '+name+=x' },
    { comment: 'UTF-8 value', flags: ['Utf8Query'], method: 'GET', path: k, query: 'name=J%C3%A4ne%20M%C3%BCller' },
    { comment: 'UTF-8 name, lower-cased before encoding', flags: ['Utf8Query', 'NameCase', 'NameEncoding'], method: 'GET', path: k, query: '%C3%84rger=1&%C3%A9t%C3%A9=2' },
    { comment: 'CJK and emoji values', flags: ['Utf8Query'], method: 'GET', path: k, query: 'name=%E6%97%A5%E6%9C%AC&icon=%F0%9F%98%80' },
    { comment: 'lower-case hex escapes decode the same', flags: ['Utf8Query'], method: 'GET', path: k, query: 'name=%c3%a9' },
    { comment: 'invalid UTF-8 decodes to U+FFFD', flags: ['Utf8Query'], method: 'GET', path: k, query: 'name=%FF%FE' },
    { comment: '"+" in a value is a space', flags: ['PlusAndPercent20'], method: 'GET', path: k, query: 'q=a+b' },
    { comment: '"%20" in a value is a space', flags: ['PlusAndPercent20'], method: 'GET', path: k, query: 'q=a%20b' },
    { comment: '"%2B" is a literal plus', flags: ['PlusAndPercent20'], method: 'GET', path: k, query: 'q=a%2Bb' },
    { comment: 'space in a name becomes "+" in the line', flags: ['PlusAndPercent20', 'NameEncoding'], method: 'GET', path: k, query: 'first%20name=Jane&last+name=Doe' },
    { comment: 'encoded "&" and "=" in a value', flags: ['ReservedCharacters'], method: 'GET', path: k, query: 'q=a%26b%3Dc' },
    { comment: 'encoded "&", "=", "/", "?" and "#" in names', flags: ['ReservedCharacters', 'NameEncoding'], method: 'GET', path: k, query: 'a%26b=1&c%3Dd=2&e%2Ff=3&g%3Fh=4&i%23j=5' },
    { comment: 'an unencoded "=" inside a value', flags: ['ReservedCharacters'], method: 'GET', path: k, query: 'expr=a=b' },
    { comment: 'encoded "%" in a value', flags: ['ReservedCharacters'], method: 'GET', path: k, query: 'pct=100%25' },
    { comment: 'empty segments are skipped', flags: ['EmptySegments'], method: 'GET', path: k, query: 'a=1&&b=2&' },
    { comment: 'a segment with an empty name is skipped', flags: ['EmptySegments'], method: 'GET', path: k, query: '=orphan&a=1' },
    { comment: 'path with an encoded space', flags: ['PathEncoding'], method: 'GET', path: `${k}/a%20b` },
    { comment: 'path with encoded UTF-8', flags: ['PathEncoding'], method: 'GET', path: `${k}/%C3%A9t%C3%A9` },
    { comment: 'path with lower-case escapes (not normalised)', flags: ['PathEncoding'], method: 'GET', path: `${k}/%c3%a9t%c3%a9` },
    { comment: 'path with an encoded slash', flags: ['PathEncoding'], method: 'GET', path: `${k}/a%2Fb` },
    { comment: 'path with a literal plus and reserved sub-delimiters', flags: ['PathEncoding'], method: 'GET', path: `${k}/a+b;c=d,e!$'()*` },
    { comment: 'path with a trailing slash and dot segments as sent', flags: ['PathEncoding'], method: 'GET', path: `${KRONOS}/./devices/../devices/` },
    { comment: 'POST with a JSON body', flags: ['Method', 'Body'], method: 'POST', path: k, body: '{"uid":"device-1","name":"Device 1","gatewayHid":"0123456789abcdef0123456789abcdef01234567"}' },
    { comment: 'POST with an empty body', flags: ['Method'], method: 'POST', path: k },
    { comment: 'PUT with a body', flags: ['Method', 'Body'], method: 'PUT', path: `${KRONOS}/gateways/0123456789abcdef0123456789abcdef01234567`, body: '{"name":"renamed"}' },
    { comment: 'PUT without a body (checkin)', flags: ['Method'], method: 'PUT', path: `${KRONOS}/gateways/0123456789abcdef0123456789abcdef01234567/checkin` },
    { comment: 'PATCH with a body and a query', flags: ['Method', 'Body'], method: 'PATCH', path: `${k}/0123456789abcdef0123456789abcdef01234567`, query: 'force=true', body: '{"enabled":false}' },
    { comment: 'PATCH without a body', flags: ['Method'], method: 'PATCH', path: `${k}/0123456789abcdef0123456789abcdef01234567` },
    { comment: 'DELETE without a body', flags: ['Method'], method: 'DELETE', path: `${k}/0123456789abcdef0123456789abcdef01234567` },
    { comment: 'DELETE with a body', flags: ['Method', 'Body'], method: 'DELETE', path: k, body: '["a","b"]' },
    { comment: 'GET with a body (signed like any other)', flags: ['Method', 'Body'], method: 'GET', path: k, body: '{}' },
    { comment: 'body with German, CJK and emoji', flags: ['Body', 'MultiByteBody'], method: 'POST', path: `${KRONOS}/telemetries/devices/0123456789abcdef0123456789abcdef01234567`, body: '{"s|name":"Gerät 温度 🌡️","f|temperature":"23.5"}' },
    { comment: 'body with a byte-order mark and CRLF', flags: ['Body', 'MultiByteBody'], method: 'POST', path: k, body: '\uFEFF{\r\n  "uid": "x"\r\n}\r\n' },
    { comment: 'binary body (not UTF-8)', flags: ['Body', 'MultiByteBody'], method: 'PUT', path: `${k}/blob`, body: Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x7f, 0xc3]) },
    { comment: '1 KiB body', flags: ['Body'], method: 'POST', path: `${KRONOS}/telemetries/devices/0123456789abcdef0123456789abcdef01234567/batch`, body: JSON.stringify(Array.from({ length: 19 }, (_, i) => ({ '_|deviceHid': 'x', '_|timestamp': String(1460471316218 + i), 'f|t': '2' + i }))).slice(0, 1024) },
    { comment: 'timestamp without milliseconds', flags: ['TimestampFormat'], method: 'GET', path: k, timestamp: '2016-04-12T14:28:36Z' },
    { comment: 'timestamp with a zone offset', flags: ['TimestampFormat'], method: 'GET', path: k, timestamp: '2016-04-12T16:28:36.218+02:00' },
    { comment: 'timestamp with microseconds (Python strftime %f)', flags: ['TimestampFormat'], method: 'GET', path: k, timestamp: '2016-04-12T14:28:36.218000Z' },
    { comment: 'timestamp with two fraction digits', flags: ['TimestampFormat'], method: 'GET', path: k, timestamp: '2016-04-12T14:28:36.05Z' },
    { comment: 'twenty parameters', flags: ['ManyParameters'], method: 'GET', path: k, query: Array.from({ length: 20 }, (_, i) => `p${(i * 7) % 20}=v${i}`).join('&') },
    { comment: 'device filters of docs/spec/xconnect.md §5', flags: ['QueryOrder', 'NameCase'], method: 'GET', path: k, query: 'uid=sensor-1&type=Sensor&gatewayHid=0123456789abcdef0123456789abcdef01234567&enabled=true' },
    { comment: 'telemetry names as a comma list', flags: ['ReservedCharacters'], method: 'GET', path: `${KRONOS}/telemetries/applications/0123456789abcdef0123456789abcdef01234567`, query: 'fromTimestamp=2016-04-12T00%3A00%3A00Z&toTimestamp=2016-04-13T00%3A00%3A00Z&telemetryNames=temperature,humidity' },
  ];
}

function versionCases(): CaseInput[] {
  const k = `${KRONOS}/devices`;
  const cases: CaseInput[] = [];
  for (const [version, flag] of [[0, 'LegacyVersion0'], [2, 'Version2']] as const) {
    cases.push(
      { comment: `version ${version}: the guide's request`, flags: [flag], method: 'POST', path: `${KRONOS}/gateways`, query: 'lastName=Doe&firstName=Jane&Age=30', version },
      { comment: `version ${version}: GET without query`, flags: [flag, 'NoQuery'], method: 'GET', path: k, version },
      { comment: `version ${version}: repeated and empty parameters`, flags: [flag, 'RepeatedName', 'EmptyValue'], method: 'GET', path: k, query: 'a=2&a=1&e=', version },
      { comment: `version ${version}: POST with a body${version === 0 ? ' (not covered by version 0)' : ''}`, flags: [flag, 'Body'], method: 'POST', path: k, body: '{"uid":"x"}', version },
      { comment: `version ${version}: UTF-8 query`, flags: [flag, 'Utf8Query'], method: 'GET', path: k, query: 'name=J%C3%A4ne', version },
      { comment: `version ${version}: encoded path`, flags: [flag, 'PathEncoding'], method: 'GET', path: `${k}/a%20b`, version },
    );
  }
  return cases;
}

/** For each deviation, requests on which that mistake changes the signature. */
function deviationCases(): { flag: XConnectDeviationFlag; input: CaseInput }[] {
  const k = `${KRONOS}/devices`;
  const guide: CaseInput = { comment: '', flags: [], method: 'POST', path: `${KRONOS}/gateways`, query: 'lastName=Doe&firstName=Jane&Age=30' };
  const get = (query?: string, extra: Partial<CaseInput> = {}): CaseInput => ({ comment: '', flags: [], method: 'GET', path: k, ...(query === undefined ? {} : { query }), ...extra });
  const list: [XConnectDeviationFlag, CaseInput[]][] = [
    ['CrlfQueryLines', [guide, get('_page=0'), get('_size=20&_page=1&type=Sensor')]],
    ['UnsortedQuery', [guide, get('_size=100&_page=0'), get('z=1&y=2&x=3')]],
    ['SortByName', [get('a=1&a-b=1'), get('ab=1&a=2&a0=3'), get('n=x&n.b=y')]],
    ['NameNotLowercased', [guide, get('fromTimestamp=2016-04-12T00:00:00Z&toTimestamp=2016-04-13T00:00:00Z'), get('Type=Sensor')]],
    ['ValueEncoded', [get('name=J%C3%A4ne'), get('q=a+b'), get('q=a%20b&r=c%2Fd')]],
    ['ValueNotTrimmed', [get('name=+Jane+'), get('name=%20Jane'), get('name=Jane%09')]],
    ['DecodedPath', [get(undefined, { path: `${k}/a%20b` }), get(undefined, { path: `${k}/%C3%A9t%C3%A9` }), get('_page=0', { path: `${k}/a%2Fb` })]],
    ['QueryNotSigned', [guide, get('_page=0'), get('_page=0&_size=10')]],
    ['BlankQueryLine', [get(), { ...get(), method: 'POST', body: '{"uid":"x"}' }, { ...get(), path: `${KRONOS}/gateways/0123456789abcdef0123456789abcdef01234567/config` }]],
    ['EmptyValueDropped', [get('type=&_page=0'), get('enabled'), get('a=&b=&c=1')]],
    ['RawDigestKey', [guide, get(), { ...get(), version: 2 }]],
    ['VersionHeaderMismatch', [guide, get(), { ...get('_page=0'), version: 2 }]],
    ['HybridV2', [{ ...guide, version: 2 }, { ...get(), version: 2 }, { ...get(), version: 1 }]],
    ['TimestampReformatted', [{ ...get(), timestamp: '2016-04-12T14:28:36.050Z' }, { ...get(), timestamp: '2016-04-12T14:28:36.000Z' }, { ...guide, timestamp: '2016-04-12T14:28:36.218Z' }]],
    ['UnsignedBody', [{ ...get(), method: 'POST', body: '{"uid":"x"}' }, { ...get(), method: 'PUT', body: '{"name":"ü"}' }, { ...get(), method: 'POST', body: ' ' }]],
    ['UppercaseHex', [guide, get(), get('_page=0')]],
    ['UnknownVersionNoSignature', [get(), guide]],
  ];
  return list.flatMap(([flag, inputs]) => inputs.map((input) => ({ flag, input })));
}

function signInputOf(c: CaseInput, keys = GUIDE_KEYS): XConnectSignInput {
  const input: XConnectSignInput = { method: c.method, path: c.path, ...keys, timestamp: c.timestamp ?? T, version: c.version ?? 1 };
  if (c.query !== undefined) input.query = c.query;
  if (c.body !== undefined) input.body = c.body;
  return input;
}

function requestField(c: CaseInput) {
  return {
    method: c.method,
    path: c.path,
    query: c.query ?? null,
    ...bodyField(c.body ?? ''),
    timestamp: c.timestamp ?? T,
    version: c.version ?? 1,
  };
}

function wireField(signed: SignedXConnectRequest) {
  return { method: signed.method, target: signed.target, headers: signed.headers, ...bodyField(signed.body) };
}

function traceField(trace: XConnectTrace) {
  return {
    queryLines: trace.queryLines,
    payloadHash: trace.payloadHash,
    canonicalRequest: trace.canonicalRequest,
    canonicalRequestHash: trace.canonicalRequestHash,
    stringToSign: trace.stringToSign,
    signingKey: trace.signingKey,
    signature: trace.signature,
  };
}

function validTest(c: CaseInput, keys = GUIDE_KEYS, result: 'valid' | 'acceptable' = 'valid'): UnnumberedTest {
  const signed = signXConnectRequest(signInputOf(c, keys));
  return { comment: c.comment, flags: c.flags, request: requestField(c), wire: wireField(signed), expected: traceField(signed.trace), result };
}

const SIGNATURE_HEADER = [
  'Test vectors of xConnect request signing (Arrow Connect / Konexios "Kronos" API).',
  'Each test gives the request as the client means it (`request`), the wire request a correct client sends (`wire`) and every intermediate value (`expected`).',
  'A signer passes a valid test when, given `request` and the group\'s keys, it sends exactly `wire`; a verifier passes when it accepts `wire` at the time in `request.timestamp`.',
  'See vectors/README.md.',
];

function canonicalisationFile(): VectorFile {
  const cases = canonicalisationCases();
  const tests = cases.map((c) => validTest(c));
  const other = [cases[0]!, cases[4]!, cases[44]!].map((c) => validTest({ ...c, comment: `${c.comment}, other keys`, flags: [...c.flags.filter((f) => f !== 'Documented'), 'OtherKeys'] }, OTHER_KEYS));
  return {
    path: 'xconnect/v1_canonicalization.json',
    document: vectorDocument(
      { algorithm: 'XCONNECT-HMAC-SHA256-V1', schema: 'xconnect_signature.schema.json', header: SIGNATURE_HEADER, notes: VALID_NOTES },
      [
        { group: { type: 'XConnectSignature', apiKey: GUIDE_KEYS.apiKey, secretKey: GUIDE_KEYS.secretKey }, tests },
        { group: { type: 'XConnectSignature', apiKey: OTHER_KEYS.apiKey, secretKey: OTHER_KEYS.secretKey }, tests: other },
      ],
    ),
  };
}

function versionsFile(): VectorFile {
  return {
    path: 'xconnect/v0_v2_legacy.json',
    document: vectorDocument(
      {
        algorithm: 'XCONNECT-HMAC-SHA256-V0-V2',
        schema: 'xconnect_signature.schema.json',
        header: [...SIGNATURE_HEADER.slice(0, 2), 'These versions are `acceptable`: the published server accepted them (sigkit mock profile `moonstone`); the kit\'s strict profile rejects them.', 'See vectors/README.md.'],
        notes: VALID_NOTES,
      },
      [{ group: { type: 'XConnectSignature', apiKey: GUIDE_KEYS.apiKey, secretKey: GUIDE_KEYS.secretKey }, tests: versionCases().map((c) => validTest(c, GUIDE_KEYS, 'acceptable')) }],
    ),
  };
}

function deviationsFile(): VectorFile {
  const tests = deviationCases().map(({ flag, input }): UnnumberedTest => {
    const signInput = signInputOf(input);
    const wrong = signXConnectRequestWithDeviations(signInput, [flag]);
    const reference = signXConnectRequest(signInput);
    const comment = `${flag}: ${input.method} ${wrong.target}${input.version !== undefined ? ` (version ${input.version})` : ''}`;
    return {
      comment,
      flags: [flag],
      request: requestField(input),
      wire: wireField(wrong),
      expected: flag === 'UnknownVersionNoSignature' ? null : traceField(reference.trace),
      clientTrace: flag === 'UnknownVersionNoSignature' ? null : traceField(wrong.trace),
      result: 'invalid',
    };
  });
  return {
    path: 'xconnect/v1_deviations.json',
    document: vectorDocument(
      {
        algorithm: 'XCONNECT-HMAC-SHA256-V1',
        schema: 'xconnect_signature.schema.json',
        header: [
          'Invalid xConnect requests, each signed by a client that makes one known mistake (docs/spec/xconnect.md §4).',
          '`wire` is what that client sends; `expected` is what a correct signer computes for `request` (null when the request carries no signature); `clientTrace` is the mistaken computation.',
          'A verifier must reject every `wire`; a signer must never produce it; an explainer should name the test\'s flag.',
          'See vectors/README.md.',
        ],
        notes: DEVIATION_NOTES,
      },
      [{ group: { type: 'XConnectSignature', apiKey: GUIDE_KEYS.apiKey, secretKey: GUIDE_KEYS.secretKey }, tests }],
    ),
  };
}

/** Server-side checks (docs/spec/xconnect.md §3): the same signed request, broken one check at a time. */
function verificationFile(): VectorFile {
  const now = Date.parse(T);
  const records: XConnectCredentialRecord[] = [
    { ...GUIDE_KEYS },
    { apiKey: 'e'.repeat(64), secretKey: 'expiredSecret==', expired: true },
    { apiKey: 'd'.repeat(64), secretKey: 'disabledAppSecret==', applicationDisabled: true },
    { apiKey: 'f'.repeat(64), secretKey: 'unsignedSecret==', signingRequired: false },
  ];
  const lookupCredentials = (key: string) => records.find((r) => r.apiKey === key);
  const signed = (patch: Partial<XConnectSignInput> = {}) => signXConnectRequest({ method: 'GET', path: `${KRONOS}/devices`, query: '_page=0&_size=20', ...GUIDE_KEYS, timestamp: T, ...patch });
  type Case = { comment: string; flags: string[]; wire: { method: string; target: string; headers: Record<string, string>; body?: string | Uint8Array }; serverTime?: number };
  const withHeaders = (headers: Record<string, string | undefined>, base = signed()) => {
    const merged: Record<string, string> = { ...base.headers };
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) delete merged[name];
      else merged[name] = value;
    }
    return { method: base.method, target: base.target, headers: merged, body: base.body };
  };
  const cases: Case[] = [
    { comment: 'a correctly signed request', flags: ['Accepted'], wire: withHeaders({}) },
    { comment: 'date 599.999 s in the past is inside the window', flags: ['Accepted', 'ClockWindow'], wire: withHeaders({}), serverTime: now + 599_999 },
    { comment: 'date 599.999 s in the future is inside the window', flags: ['Accepted', 'ClockWindow'], wire: withHeaders({}), serverTime: now - 599_999 },
    { comment: 'OPTIONS is not checked', flags: ['Exempt'], wire: { method: 'OPTIONS', target: `${KRONOS}/devices`, headers: {} } },
    { comment: 'signing switched off for the application: only the api key counts', flags: ['SigningOff'], wire: withHeaders({ 'x-arrow-apikey': 'f'.repeat(64), 'x-arrow-signature': 'anything' }) },
    { comment: 'no x-arrow-apikey', flags: ['MissingHeader'], wire: withHeaders({ 'x-arrow-apikey': undefined }) },
    { comment: 'unknown api key', flags: ['UnknownKey'], wire: withHeaders({ 'x-arrow-apikey': '0'.repeat(64) }) },
    { comment: 'expired api key', flags: ['DisabledKey'], wire: withHeaders({}, signed({ apiKey: 'e'.repeat(64), secretKey: 'expiredSecret==' })) },
    { comment: 'application disabled', flags: ['DisabledKey'], wire: withHeaders({}, signed({ apiKey: 'd'.repeat(64), secretKey: 'disabledAppSecret==' })) },
    { comment: 'only x-auth-token while signing is required', flags: ['MissingHeader'], wire: { method: 'GET', target: `${KRONOS}/devices`, headers: { 'x-auth-token': 'token-of-the-guide-key' } } },
    { comment: 'no x-arrow-date', flags: ['MissingHeader'], wire: withHeaders({ 'x-arrow-date': undefined }) },
    { comment: 'x-arrow-date without a zone', flags: ['BadDate'], wire: withHeaders({ 'x-arrow-date': '2016-04-12T14:28:36.218' }) },
    { comment: 'x-arrow-date in RFC 1123 form', flags: ['BadDate'], wire: withHeaders({ 'x-arrow-date': 'Tue, 12 Apr 2016 14:28:36 GMT' }) },
    { comment: 'date exactly 600 s in the past', flags: ['ClockWindow'], wire: withHeaders({}), serverTime: now + 600_000 },
    { comment: 'date exactly 600 s in the future', flags: ['ClockWindow'], wire: withHeaders({}), serverTime: now - 600_000 },
    { comment: 'date a day old', flags: ['ClockWindow'], wire: withHeaders({}), serverTime: now + 86_400_000 },
    { comment: 'unknown version with a signature', flags: ['UnknownVersion'], wire: withHeaders({ 'x-arrow-version': '3' }) },
    { comment: 'unknown version and no signature (the published server let this in)', flags: ['UnknownVersion', 'UnknownVersionNoSignature'], wire: withHeaders({ 'x-arrow-version': '3', 'x-arrow-signature': undefined }) },
    { comment: 'empty version header', flags: ['UnknownVersion'], wire: withHeaders({ 'x-arrow-version': '' }) },
    { comment: 'version 2, which the strict profile does not accept', flags: ['UnknownVersion'], wire: withHeaders({}, signed({ version: 2 })) },
    { comment: 'no x-arrow-signature', flags: ['MissingHeader'], wire: withHeaders({ 'x-arrow-signature': undefined }) },
    { comment: 'signature in upper-case hex', flags: ['WrongSignature', 'UppercaseHex'], wire: withHeaders({ 'x-arrow-signature': signed().headers['x-arrow-signature'].toUpperCase() }) },
    { comment: 'signature of another request', flags: ['WrongSignature'], wire: withHeaders({ 'x-arrow-signature': signed({ query: '_page=1&_size=20' }).headers['x-arrow-signature'] }) },
    { comment: 'signature truncated', flags: ['WrongSignature'], wire: withHeaders({ 'x-arrow-signature': signed().headers['x-arrow-signature'].slice(0, 63) }) },
    { comment: 'undecodable query', flags: ['WrongSignature'], wire: { ...withHeaders({}), target: `${KRONOS}/devices?_page=%zz` } },
  ];
  const notes: Record<string, FlagNote> = {
    Accepted: { bugType: 'BASIC', description: 'A request every verifier must accept.' },
    Exempt: { bugType: 'BASIC', description: 'OPTIONS requests and /status are not checked.' },
    SigningOff: { bugType: 'FUNCTIONALITY', description: 'Signing can be switched off per application; then only the api key is checked.' },
    MissingHeader: { bugType: 'MISSING_INPUT', description: 'A required header is absent.' },
    UnknownKey: { bugType: 'AUTH', description: 'The api key is not known.' },
    DisabledKey: { bugType: 'AUTH', description: 'The api key has expired or its application is disabled.' },
    BadDate: { bugType: 'MALFORMED_INPUT', description: 'x-arrow-date is not ISO-8601 with a zone.' },
    ClockWindow: { bugType: 'REPLAY', description: 'Requests are accepted only while |now − x-arrow-date| < 600 s.' },
    UnknownVersion: { bugType: 'PROTOCOL', description: 'x-arrow-version is not a version the verifier accepts (the strict profile accepts 1 only).' },
    UnknownVersionNoSignature: DEVIATION_NOTES.UnknownVersionNoSignature!,
    WrongSignature: { bugType: 'AUTH', description: 'The signature does not match (compared case-sensitively, in constant time).' },
    UppercaseHex: DEVIATION_NOTES.UppercaseHex!,
  };
  const tests = cases.map((c): UnnumberedTest => {
    const serverTime = c.serverTime ?? now;
    const verdict = verifyXConnectRequest(c.wire, { lookupCredentials, lookupAuthToken: (t) => (t === 'token-of-the-guide-key' ? records[0] : undefined), now: serverTime });
    return verificationTest(c, serverTime, { method: c.wire.method, target: c.wire.target, headers: c.wire.headers, ...bodyField(c.wire.body ?? '') }, verdict);
  });
  return {
    path: 'xconnect/verification.json',
    document: vectorDocument(
      {
        algorithm: 'XCONNECT-VERIFICATION',
        schema: 'xconnect_verification.schema.json',
        header: [
          'Server-side checks of xConnect requests, in the order of docs/spec/xconnect.md §3.',
          'A verifier configured with the group\'s `credentials`, `authTokens`, `clockWindowSeconds` and `acceptedVersions`, at `serverTime`, must accept `valid` tests and reject `invalid` ones; `expectedCode` names the first failing check (sigkit\'s codes).',
          'See vectors/README.md.',
        ],
        notes,
      },
      [
        {
          group: {
            type: 'XConnectVerification',
            credentials: records,
            authTokens: { 'token-of-the-guide-key': GUIDE_KEYS.apiKey },
            clockWindowSeconds: 600,
            acceptedVersions: [1],
          },
          tests,
        },
      ],
    ),
  };
}

/**
 * The published platform's verdicts on its edges (docs/spec/xconnect.md §3b), as measured by running its
 * own filter and signer code: what a verifier with `platform: 'moonstone'` must answer, status and
 * message included. Signatures the platform computes differently from the kit (a body that is not
 * UTF-8, malformed UTF-8 in the query, form bodies) are made with the signer's moonstone trace.
 */
function platformFile(): VectorFile {
  const now = Date.parse(T);
  const records: XConnectCredentialRecord[] = [
    { ...GUIDE_KEYS },
    { apiKey: 'c'.repeat(64), secretKey: 'noCompanySecret==', companyMissing: true, companyId: 'c-404' },
    { apiKey: 'b'.repeat(64), secretKey: 'inactiveCompanySecret==', companyEnabled: false, companyId: 'c-2', companyName: 'Acme', applicationDisabled: true },
  ];
  const lookupCredentials = (key: string) => records.find((r) => r.apiKey === key);
  const k = `${KRONOS}/devices`;
  type Wire = { method: string; target: string; headers: Record<string, string>; body?: string | Uint8Array };
  type Case = { comment: string; flags: string[]; wire: Wire; serverTime?: number };
  const sign = (patch: Partial<XConnectSignInput> = {}): Wire => {
    const signed = signXConnectRequest({ method: 'GET', path: k, query: '_page=0&_size=20', ...GUIDE_KEYS, timestamp: T, ...patch });
    return { method: signed.method, target: signed.target, headers: { ...signed.headers }, body: signed.body };
  };
  // The platform's own signature for a request: its reading of the query and body (§3b).
  const platformSign = (method: string, target: string, body: string | Uint8Array = '', extra: { timestamp?: string; version?: XConnectVersion; headers?: Record<string, string>; formParams?: [string, string][] } = {}): Wire => {
    const q = target.indexOf('?');
    const timestamp = extra.timestamp ?? T;
    const version = extra.version ?? 1;
    const trace = traceXConnectRequest({
      method, path: q < 0 ? target : target.slice(0, q), rawQuery: q < 0 ? undefined : target.slice(q + 1), body, ...GUIDE_KEYS, timestamp, version, platform: 'moonstone',
      ...(extra.formParams ? { formParams: extra.formParams, payloadHash: EMPTY_PAYLOAD_HASH } : {}),
    });
    const headers: Record<string, string> = { 'x-arrow-apikey': GUIDE_KEYS.apiKey, 'x-arrow-date': timestamp, ...extra.headers };
    if (version !== 0) headers['x-arrow-version'] = String(version);
    headers['x-arrow-signature'] = trace.signature;
    return { method, target, headers, body };
  };
  const patch = (wire: Wire, changes: Partial<Wire> & { set?: Record<string, string | undefined> }): Wire => {
    const headers = { ...wire.headers };
    for (const [name, value] of Object.entries(changes.set ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return { method: changes.method ?? wire.method, target: changes.target ?? wire.target, headers, body: changes.body ?? wire.body ?? '' };
  };
  const signedPath = (path: string) => sign({ path, query: undefined });
  // The kit's signer refuses the spellings its own rules do not read; the platform's trace signs any text.
  const dated = (timestamp: string) => platformSign('GET', `${k}?_page=0&_size=20`, '', { timestamp });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const cases: Case[] = [
    { comment: 'an ordinary version-1 request', flags: ['Accepted'], wire: sign() },
    { comment: 'version 0: no x-arrow-version header', flags: ['Accepted'], wire: sign({ version: 0 }) },
    { comment: 'version 0 with an empty x-arrow-version header', flags: ['EmptyVersionHeader'], wire: patch(sign({ version: 0 }), { set: { 'x-arrow-version': '' } }) },
    { comment: 'version 2', flags: ['Accepted'], wire: sign({ version: 2 }) },
    { comment: 'an unknown version and no signature, date in the window: let in (null equals null)', flags: ['UnknownVersionNoSignature'], wire: patch(sign(), { set: { 'x-arrow-version': '3', 'x-arrow-signature': undefined } }) },
    { comment: 'an unknown version and no signature, date out of the window', flags: ['UnknownVersionNoSignature', 'ClockWindow'], wire: patch(sign(), { set: { 'x-arrow-version': '3', 'x-arrow-signature': undefined } }), serverTime: now + 600_000 },
    { comment: 'an unknown version with a signature', flags: ['UnknownVersion'], wire: patch(sign(), { set: { 'x-arrow-version': '3' } }) },
    { comment: 'an unknown version with an empty signature header', flags: ['UnknownVersion'], wire: patch(sign(), { set: { 'x-arrow-version': '3', 'x-arrow-signature': '' } }) },
    { comment: 'a correctly signed path with ";jsessionid"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k};jsessionid=0`) },
    { comment: 'a correctly signed path with an encoded ";"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/a%3Bb`) },
    { comment: 'a correctly signed path with an encoded "/"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/a%2fb`) },
    { comment: 'a correctly signed path with an encoded "%"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/100%25`) },
    { comment: 'a correctly signed path with an encoded "."', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/%2E%2E/x`) },
    { comment: 'a correctly signed path with an encoded "\\"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/a%5Cb`) },
    { comment: 'a correctly signed path with "//"', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}//x`) },
    { comment: 'a correctly signed path with a "." segment', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/./x`) },
    { comment: 'a correctly signed path ending in a ".." segment', flags: ['FirewallRejectedPath'], wire: signedPath(`${k}/x/..`) },
    { comment: 'a raw "|" in the path', flags: ['ForbiddenCharacter'], wire: patch(sign(), { target: `${k}/a|b` }) },
    { comment: 'a raw "{" in the query', flags: ['ForbiddenCharacter'], wire: patch(sign(), { target: `${k}?q={}` }) },
    { comment: 'a raw non-ASCII character in the path', flags: ['ForbiddenCharacter'], wire: patch(sign(), { target: `${k}/caf\u00e9` }) },
    { comment: 'a raw space in the path', flags: ['ForbiddenCharacter'], wire: patch(sign(), { target: `${k}/a b` }) },
    { comment: 'a malformed escape in the path', flags: ['MalformedEscape'], wire: patch(sign(), { target: `${k}/%zz` }) },
    { comment: 'a malformed escape in the query', flags: ['MalformedEscape'], wire: patch(sign(), { target: `${k}?_page=%zz` }) },
    { comment: 'a "%" at the end of the query', flags: ['MalformedEscape'], wire: patch(sign(), { target: `${k}?x=%` }) },
    { comment: 'a lower-case method, correctly signed', flags: ['LowercaseMethod'], wire: patch(sign(), { method: 'get' }) },
    { comment: 'a lower-case OPTIONS is not exempt', flags: ['LowercaseMethod'], wire: { method: 'options', target: k, headers: {} } },
    { comment: 'an unknown method', flags: ['UnknownMethod'], wire: patch(sign(), { method: 'PROPFIND' }) },
    { comment: 'OPTIONS is not checked', flags: ['Exempt'], wire: { method: 'OPTIONS', target: k, headers: {} } },
    { comment: 'the status endpoint is not checked', flags: ['Exempt'], wire: { method: 'GET', target: '/status', headers: {} } },
    { comment: 'the favicon is not checked, whatever the query', flags: ['Exempt'], wire: { method: 'GET', target: '/favicon.ico?x=1', headers: {} } },
    { comment: 'the message broker\'s authentication callbacks are not checked', flags: ['Exempt'], wire: { method: 'POST', target: `${KRONOS}/rabbitmq-auth/user`, headers: {} } },
    { comment: 'the API docs are not checked', flags: ['Exempt'], wire: { method: 'GET', target: '/v2/api-docs', headers: {} } },
    { comment: 'a path ending in /status is checked like any other', flags: ['NotExempt'], wire: { method: 'GET', target: `${KRONOS}/status`, headers: {} } },
    { comment: '/status/ with a trailing slash is checked', flags: ['NotExempt'], wire: { method: 'GET', target: '/status/', headers: {} } },
    { comment: 'a path outside /api/v1/kronos is checked too, and passes when signed', flags: ['NotExempt', 'Accepted'], wire: signedPath('/') },
    { comment: 'a /WEB-INF/ path is never served', flags: ['ContainerPath'], wire: { method: 'GET', target: '/WEB-INF/web.xml', headers: {} } },
    { comment: 'GET /logout is the security layer\'s logout', flags: ['ContainerPath'], wire: { method: 'GET', target: '/logout', headers: {} } },
    { comment: 'a parameter with an empty name, signed without it', flags: ['EmptyParameterName'], wire: sign({ query: '=orphan&a=1' }) },
    { comment: 'a lone "=" in the query', flags: ['EmptyParameterName'], wire: sign({ query: 'a=1&=' }) },
    { comment: 'an encoded surrogate in a query value, signed as the platform decodes it (one U+FFFD)', flags: ['JavaUtf8'], wire: platformSign('GET', `${k}?x=a%ED%BF%BFz`) },
    { comment: 'an encoded surrogate in a query value, signed as a WHATWG decoder reads it (three U+FFFD)', flags: ['JavaUtf8'], wire: sign({ query: 'x=a%ED%BF%BFz' }) },
    { comment: 'a truncated sequence in a query value, signed as the platform decodes it', flags: ['JavaUtf8'], wire: platformSign('GET', `${k}?x=%F0%9F%98&y=%ED%A0%41`) },
    { comment: 'a body that is not UTF-8, hashed as the platform re-encodes it', flags: ['NonUtf8Body'], wire: platformSign('POST', k, Uint8Array.of(0x7b, 0x22, 0x61, 0x22, 0x3a, 0xe2, 0x82, 0x7d)) },
    { comment: 'a body that is not UTF-8, hashed as the bytes sent', flags: ['NonUtf8Body'], wire: sign({ method: 'POST', query: undefined, body: Uint8Array.of(0x7b, 0x22, 0x61, 0x22, 0x3a, 0xe2, 0x82, 0x7d) }) },
    { comment: 'x-arrow-date with offset seconds', flags: ['DateSpelling'], wire: dated('2016-04-12T14:28:36.218+00:00:00') },
    { comment: 'x-arrow-date with a [UTC] suffix', flags: ['DateSpelling'], wire: dated('2016-04-12T14:28:36.218Z[UTC]') },
    { comment: 'x-arrow-date in lower case', flags: ['DateSpelling'], wire: dated('2016-04-12t14:28:36.218z') },
    { comment: 'x-arrow-date with nine fraction digits', flags: ['DateSpelling'], wire: dated('2016-04-12T14:28:36.218000000Z') },
    { comment: 'x-arrow-date without seconds', flags: ['DateSpelling'], wire: dated('2016-04-12T14:28Z') },
    { comment: 'x-arrow-date with an offset of +18:00', flags: ['DateSpelling'], wire: dated('2016-04-13T08:28:36.218+18:00') },
    { comment: 'x-arrow-date with "+0000"', flags: ['UnparseableDate'], wire: dated('2016-04-12T14:28:36.218+0000') },
    { comment: 'x-arrow-date with "+00"', flags: ['UnparseableDate'], wire: dated('2016-04-12T14:28:36.218+00') },
    { comment: 'x-arrow-date with a comma before the fraction', flags: ['UnparseableDate'], wire: dated('2016-04-12T14:28:36,218Z') },
    { comment: 'x-arrow-date with an offset beyond +18:00', flags: ['UnparseableDate'], wire: dated('2016-04-13T08:58:36.218+18:30') },
    { comment: 'x-arrow-date 599.9995 s in the past is inside the window', flags: ['ClockWindow', 'Accepted'], wire: dated('2016-04-12T14:28:36.2185Z'), serverTime: now + 600_000 },
    { comment: 'x-arrow-date 599.999999999 s in the future is inside the window', flags: ['ClockWindow', 'Accepted'], wire: dated('2016-04-12T14:38:36.217999999Z') },
    { comment: 'x-arrow-date exactly 600 s in the past', flags: ['ClockWindow'], wire: dated('2016-04-12T14:28:36.218000000Z'), serverTime: now + 600_000 },
    { comment: 'an api key whose company does not exist', flags: ['Company'], wire: sign({ apiKey: 'c'.repeat(64), secretKey: 'noCompanySecret==' }) },
    { comment: 'an api key whose company is inactive (and whose application is disabled: the company check comes first)', flags: ['Company'], wire: sign({ apiKey: 'b'.repeat(64), secretKey: 'inactiveCompanySecret==' }) },
    { comment: 'a blank x-arrow-apikey', flags: ['MissingHeader'], wire: patch(sign(), { set: { 'x-arrow-apikey': '   ' } }) },
    { comment: 'a form body: its fields are signed as parameters, and the empty body hash', flags: ['FormBody'], wire: platformSign('POST', `${k}?a=0`, 'a=1&name=Jane+Doe', { headers: form, formParams: [['a', '1'], ['name', 'Jane Doe']] }) },
    { comment: 'a form body signed as a JSON body would be', flags: ['FormBody'], wire: { ...sign({ method: 'POST', query: 'a=0', body: 'a=1&name=Jane+Doe' }), headers: { ...sign({ method: 'POST', query: 'a=0', body: 'a=1&name=Jane+Doe' }).headers, ...form } } },
    { comment: 'POST with _method=put in the query is checked as a PUT', flags: ['MethodOverride'], wire: platformSign('PUT', `${k}?_method=put`) },
    { comment: 'an absolute-form target is signed by its path', flags: ['Accepted'], wire: patch(sign({ query: undefined }), { target: `http://example.com${k}` }) },
  ];
  // The override case was signed as PUT; it is sent as a POST.
  const override = cases.find((c) => c.flags.includes('MethodOverride'))!;
  override.wire = { ...override.wire, method: 'POST' };
  const notes: Record<string, FlagNote> = {
    Accepted: { bugType: 'BASIC', description: 'A request the platform let in.' },
    EmptyVersionHeader: { bugType: 'LEGACY', description: 'An empty x-arrow-version header counts as an absent one: version 0.' },
    UnknownVersion: { bugType: 'PROTOCOL', description: 'An unknown x-arrow-version: the platform computed no signature, so any x-arrow-signature differs.' },
    UnknownVersionNoSignature: { bugType: 'AUTH_BYPASS', description: 'An unknown x-arrow-version and no x-arrow-signature: the platform compared null with null and let the request in, given a valid date in the window.' },
    ClockWindow: { bugType: 'REPLAY', description: 'Requests are let in only while |now − x-arrow-date| < 600 s, computed to the nanosecond.' },
    ForbiddenCharacter: { bugType: 'MALFORMED_INPUT', description: 'A raw character HTTP forbids in a request-target: the container answered 400 with no body.' },
    MalformedEscape: { bugType: 'MALFORMED_INPUT', description: 'A "%" not followed by two hex digits, in the path or the query: the container answered 400.' },
    UnknownMethod: { bugType: 'PROTOCOL', description: 'A method the platform did not know: its lookup threw, a 500.' },
    Exempt: { bugType: 'BASIC', description: 'OPTIONS and the platform\'s fixed list of paths are let through unchecked.' },
    NotExempt: { bugType: 'BASIC', description: 'Every other path is checked, inside /api/v1/kronos or not.' },
    ContainerPath: { bugType: 'FUNCTIONALITY', description: 'Paths the container or the security layer answer before any check: /WEB-INF/ (404), /logout (302).' },
    JavaUtf8: { bugType: 'ENCODING', description: 'Malformed UTF-8 in a query is decoded as Java decodes it (an encoded surrogate is one U+FFFD, not three).' },
    DateSpelling: { bugType: 'ENCODING', description: 'An x-arrow-date spelling the platform\'s Java parser read (signed exactly as sent).' },
    Company: { bugType: 'AUTH', description: 'The api key\'s company is missing or inactive; checked after the key\'s expiry and before its application.' },
    MissingHeader: { bugType: 'MISSING_INPUT', description: 'A required header is absent or blank.' },
    FormBody: { bugType: 'FUNCTIONALITY', description: 'A form body (application/x-www-form-urlencoded) was read as parameters before the filter: its fields are query lines and the body hash is that of the empty string.' },
    MethodOverride: { bugType: 'FUNCTIONALITY', description: 'A POST with _method=put, delete or patch was seen, and signed, as that method.' },
    ...Object.fromEntries(['NonUtf8Body', 'EmptyParameterName', 'UnparseableDate', 'LowercaseMethod', 'FirewallRejectedPath'].map((flag) => [flag, DEVIATION_NOTES[flag]!])),
  };
  const tests = cases.map((c): UnnumberedTest => {
    const serverTime = c.serverTime ?? now;
    const verdict = verifyXConnectRequest(c.wire, { lookupCredentials, now: serverTime, acceptedVersions: [0, 1, 2], platform: 'moonstone' });
    return verificationTest(c, serverTime, { method: c.wire.method, target: c.wire.target, headers: c.wire.headers, ...bodyField(c.wire.body ?? '') }, verdict);
  });
  return {
    path: 'xconnect/platform_moonstone.json',
    document: vectorDocument(
      {
        algorithm: 'XCONNECT-VERIFICATION',
        schema: 'xconnect_verification.schema.json',
        header: [
          'The published xConnect platform\'s verdicts on the edges of docs/spec/xconnect.md §3b, measured by running its own filter and signer code behind its container and firewall.',
          'A verifier that claims to behave like the platform (sigkit: `platform: "moonstone"`), configured with the group\'s `credentials`, `clockWindowSeconds` and `acceptedVersions`, at `serverTime`, must answer each test\'s `status` (400 and 404 from the container, 500 from the firewall and the method lookup, 302 for /logout, 401 from the filter, 200 when let in) with its `serverMessage`; `expectedCode` is sigkit\'s name for the deciding check.',
          'The kit\'s own rules (verification.json) refuse some of these and accept others: see docs/spec/xconnect.md §3b. See vectors/README.md.',
        ],
        notes,
      },
      [
        {
          group: {
            type: 'XConnectVerification',
            platform: 'moonstone',
            credentials: records,
            authTokens: {},
            clockWindowSeconds: 600,
            acceptedVersions: [0, 1, 2],
          },
          tests,
        },
      ],
    ),
  };
}

/** Every xConnect vector file. */
export function xconnectVectorFiles(): VectorFile[] {
  return [canonicalisationFile(), versionsFile(), deviationsFile(), verificationFile(), platformFile()];
}

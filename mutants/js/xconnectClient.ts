/** A hand-written xConnect signer (docs/spec/xconnect.md §1–§2) that makes one chosen mistake: the in-process JavaScript mutants of `pnpm mutants`. */
import { createHash, createHmac } from 'node:crypto';
import type { SignedWire, XConnectSignRequest } from '@sigkit/conformance';

/** The mistakes this client can make, one at a time (`none` signs right: the runner's control). */
export const XCONNECT_JS_MUTATIONS = [
  'none',
  // Mistakes of the catalogue (docs/spec/xconnect.md §4).
  'crlf-query-lines', 'unsorted-query', 'sort-by-name-then-value', 'name-not-lowercased', 'value-encoded', 'value-not-trimmed',
  'decoded-path', 'query-not-signed', 'blank-query-line', 'empty-value-dropped', 'raw-digest-key', 'sign-v2-send-v1',
  'hybrid-v2', 'timestamp-plus-zero', 'unsigned-body', 'uppercase-hex',
  // Near variants of catalogued mistakes, found by the parametric families.
  'timestamp-plus-0000', 'timestamp-minus-00-00', 'timestamp-nine-digits', 'timestamp-no-fraction-digits', 'timestamp-space-for-t', 'timestamp-other-zone',
  'raw-k1-only', 'raw-k2-only', 'raw-k3-only', 'crlf-canonical-request', 'no-separator-query-lines', 'crlf-string-to-sign', 'space-separator-query-lines',
  // Mistakes the catalogue does not know.
  'sort-by-name-only', 'trim-names', 'lowercase-values', 'hash-raw-query', 'timestamp-truncated-to-seconds', 'double-encoded-values',
  'empty-values-not-sent', 'js-trim-values', 'sort-by-code-point', 'percent-twenty-for-space', 'signs-lowercase-method', 'payload-hash-of-latin1',
  'trailing-newline-canonical',
] as const;

/** One mistake of {@link XCONNECT_JS_MUTATIONS}. */
export type XConnectJsMutation = (typeof XCONNECT_JS_MUTATIONS)[number];

const hmac = (key: string | Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Java's URLEncoder: keeps A–Z a–z 0–9 . - * _, a space becomes "+", the rest %XX of its UTF-8 bytes. */
function formEncode(text: string, spaceAs = '+'): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (byte === 0x20) out += spaceAs;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Java's String.trim: strips characters <= U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

const encodeComponent = (text: string) => encodeURIComponent(text).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The same instant spelt another way: the timestamp families of the mutants. */
function respell(timestamp: string, how: XConnectJsMutation): string {
  const ms = Date.parse(timestamp);
  const iso = new Date(ms).toISOString(); // 2016-04-12T14:28:36.218Z
  const base = iso.slice(0, 19);
  const fraction = iso.slice(20, 23);
  switch (how) {
    case 'timestamp-plus-zero': return `${base}.${fraction}+00:00`;
    case 'timestamp-plus-0000': return `${base}.${fraction}+0000`;
    case 'timestamp-minus-00-00': return `${base}.${fraction}-00:00`;
    case 'timestamp-nine-digits': return `${base}.${fraction}000000Z`;
    case 'timestamp-no-fraction-digits': return fraction === '000' ? `${base}Z` : `${base}.${fraction.replace(/0+$/, '')}Z`;
    case 'timestamp-space-for-t': return `${base.replace('T', ' ')}.${fraction}Z`;
    case 'timestamp-other-zone': {
      const shifted = new Date(ms + 2 * 3600_000).toISOString();
      return `${shifted.slice(0, 23)}+02:00`;
    }
    case 'timestamp-truncated-to-seconds': return `${base}.000Z`;
    default: return timestamp;
  }
}

/**
 * Signs one request the way a client with mistake `mutation` would (docs/spec/xconnect.md §1–§2 otherwise).
 *
 * @example
 * ```ts
 * const wire = signXConnectMutant(input, 'trim-names');
 * ```
 */
export function signXConnectMutant(input: XConnectSignRequest, mutation: XConnectJsMutation): SignedWire {
  const m = mutation;
  const body = input.bodyBase64 !== undefined ? Buffer.from(input.bodyBase64, 'base64') : Buffer.from(input.body ?? '', 'utf8');
  const sentBody = input.bodyBase64 !== undefined ? { bodyBase64: input.bodyBase64 } : { body: input.body ?? '' };
  // What goes on the wire: the kit's own query text, unless the mistake changes it.
  let params = input.query.map(([name, value]) => [name, value] as [string, string]);
  let rawQuery = input.rawQuery;
  if (m === 'double-encoded-values') rawQuery = params.length === 0 ? null : params.map(([n, v]) => `${encodeComponent(n)}=${encodeComponent(encodeComponent(v))}`).join('&');
  if (m === 'empty-values-not-sent') {
    params = params.filter(([, v]) => v !== '');
    rawQuery = params.length === 0 ? null : params.map(([n, v]) => `${encodeComponent(n)}=${encodeComponent(v)}`).join('&');
  }
  const target = rawQuery === null ? input.path : `${input.path}?${rawQuery}`;
  const signedParams: [string, string][] =
    m === 'value-encoded' ? (rawQuery ?? '').split('&').filter((p) => p !== '').map((p): [string, string] => {
      const i = p.indexOf('=');
      return i < 0 ? [decodeURIComponent(p.replace(/\+/g, ' ')), ''] : [decodeURIComponent(p.slice(0, i).replace(/\+/g, ' ')), p.slice(i + 1)];
      // A parameter without a name is not signed (docs/spec/xconnect.md §1.1): keeping it would be a second mistake.
    }).filter(([name]) => name !== '') : params;

  // Query lines.
  let lines: { name: string; value: string; line: string }[] = [];
  for (const [rawName, rawValue] of signedParams) {
    let name = m === 'trim-names' ? rawName.trim() : rawName;
    name = m === 'name-not-lowercased' ? name : name.toLowerCase();
    let value = m === 'lowercase-values' ? rawValue.toLowerCase() : rawValue;
    value = m === 'value-not-trimmed' ? value : m === 'js-trim-values' ? value.trim() : javaTrim(value);
    if (m === 'empty-value-dropped' && value === '') continue;
    const encoded = formEncode(name, m === 'percent-twenty-for-space' ? '%20' : '+');
    lines.push({ name: encoded, value, line: `${encoded}=${value}` });
  }
  const byUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byCodePoint = (a: string, b: string) => {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  if (m === 'sort-by-name-then-value') lines.sort((a, b) => byUnits(a.name, b.name) || byUnits(a.value, b.value));
  else if (m === 'sort-by-name-only') lines.sort((a, b) => byUnits(a.name, b.name));
  else if (m === 'sort-by-code-point') lines.sort((a, b) => byCodePoint(a.line, b.line));
  else if (m !== 'unsorted-query') lines.sort((a, b) => byUnits(a.line, b.line));
  if (m === 'query-not-signed') lines = [];
  let queryLines = lines.map((l) => l.line);
  if (m === 'hash-raw-query') queryLines = rawQuery === null ? [] : [rawQuery];

  // Canonical request.
  const sentVersion = input.version;
  const signVersion = m === 'sign-v2-send-v1' && sentVersion === 1 ? 2 : sentVersion;
  const method = m === 'signs-lowercase-method' ? input.method.toLowerCase() : input.method.toUpperCase();
  const path = m === 'decoded-path' ? safeDecode(input.path) : input.path;
  const signedTimestamp = m.startsWith('timestamp-') ? respell(input.timestamp, m) : input.timestamp;
  const headers: Record<string, string> = { 'x-arrow-apikey': input.apiKey, 'x-arrow-date': input.timestamp };
  if (sentVersion === 0) {
    const canonical = `${method}\n${path}\n${queryLines.map((l) => `${l}\n`).join('')}x-arrow-apikey=${input.apiKey}\nx-arrow-date=${signedTimestamp}`;
    let signature = hmac(input.secretKey, canonical).toString('hex');
    if (m === 'uppercase-hex') signature = signature.toUpperCase();
    headers['x-arrow-signature'] = signature;
    return { method: input.method, target, headers, ...sentBody };
  }
  const hash = m === 'unsigned-body' ? sha256Hex('') : m === 'payload-hash-of-latin1' ? sha256Hex(Buffer.from(body.toString('utf8'), 'latin1')) : sha256Hex(body);
  const lineEnd = m === 'crlf-query-lines' || m === 'crlf-canonical-request' ? '\r\n' : m === 'no-separator-query-lines' ? '' : m === 'space-separator-query-lines' ? ' ' : '\n';
  const headEnd = m === 'crlf-canonical-request' ? '\r\n' : '\n';
  const blank = m === 'blank-query-line' && queryLines.length === 0 ? '\n' : '';
  let canonical = `${method}${headEnd}${path}${headEnd}${queryLines.map((l) => l + lineEnd).join('')}${blank}${hash}`;
  if (m === 'trailing-newline-canonical') canonical += '\n';
  const stsEnd = m === 'crlf-string-to-sign' ? '\r\n' : '\n';
  const toSign = [sha256Hex(canonical), input.apiKey, signedTimestamp, String(signVersion)].join(stsEnd);
  // The key chain (docs/spec/xconnect.md §1.3): each step passes the lowercase hex text of its HMAC on.
  const raw = (step: 1 | 2 | 3) => m === 'raw-digest-key' || m === `raw-k${step}-only`;
  const passOn = (mac: Buffer, step: 1 | 2 | 3) => (raw(step) ? mac : mac.toString('hex'));
  const k1 = signVersion === 2 || m === 'hybrid-v2' ? hmac(input.secretKey, input.apiKey) : hmac(input.apiKey, input.secretKey);
  const k2 = hmac(signedTimestamp, passOn(k1, 1));
  const k3 = hmac(m === 'hybrid-v2' ? '1' : String(signVersion), passOn(k2, 2));
  let signature = hmac(passOn(k3, 3), toSign).toString('hex');
  if (m === 'uppercase-hex') signature = signature.toUpperCase();
  headers['x-arrow-version'] = String(sentVersion);
  headers['x-arrow-signature'] = signature;
  return { method: input.method, target, headers, ...sentBody };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

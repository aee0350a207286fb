import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../shared/wire.js';
import { explainKxMismatch } from './explain.js';
import { KX_VARIANT_NAMES, KX_VARIANTS, kxProfile, type KxVariantName } from './profile.js';
import { signKxRequest, type KxSignedRequest, type KxSignInput } from './sign.js';
import { signKxRequestAs } from './signAs.js';

const credentials = { username: 'kxSupport', sessionId: '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c' };
const id = 'e133598e-7b9e-429a-b3e5-bda881c47024';
const date = 'Fri, 26 Jul 2019 16:59:00 GMT';
// Spaced like Python's json.dumps (so Md5OfReserializedJson shows), and signed under DateHeader
// with a header one second off the body's date (so DateHeader shows).
const body = `{"type": "getMemReq", "msg": [{"syms": ["rdb"]}], "id": "${id}", "date": "${date}"}`;
const input: KxSignInput = { group: 'monPublic', method: 'getMem', ...credentials, body };
const dateFor = (variants: readonly KxVariantName[]) => (variants.includes('DateHeader') ? { date: 'Fri, 26 Jul 2019 16:59:01 GMT' } : {});
const toWire = (request: KxSignedRequest): WireRequest => ({ method: request.method, target: request.path, headers: { ...request.headers }, body: request.body });
const deviant = (variants: KxVariantName[]) => toWire(signKxRequestAs({ ...input, ...dateFor(variants) }, variants));

describe('explainKxMismatch', () => {
  it('reports no deviation, [[]], for a conforming client', () => {
    const explanation = explainKxMismatch(toWire(signKxRequest(input)), credentials);
    expect(explanation).toMatchObject({ matches: [[]], reproducedByProfile: true });
    expect(explanation.firstDifference).toBeUndefined();
    expect(explanation.providedSignature).toBe(explanation.expected.signature);
  });

  it.each(KX_VARIANT_NAMES)('names %s when the client signed with it', (name) => {
    const explanation = explainKxMismatch(deviant([name]), credentials);
    expect(explanation.reproducedByProfile).toBe(false);
    expect(explanation.matches).toEqual([[name]]);
    expect(explanation.firstDifference).toContain(`(${name})`);
    expect(explanation.firstDifference).toMatch(new RegExp(`^(${KX_VARIANTS[name].knob === 'joiner' ? 'joiner' : KX_VARIANTS[name].knob === 'signatureEncoding' ? 'signatureEncoding' : '\\w+'}):`));
  });

  it('says which part differs first', () => {
    expect(explainKxMismatch(deviant(['Md5UpperHex']), credentials).firstDifference).toMatch(/^bodyDigest: the server signs "[0-9a-f]{32}" but the client signed "[0-9A-F]{32}"/);
    expect(explainKxMismatch(deviant(['DocLiteralContentType']), credentials).firstDifference).toBe(
      'contentType: the server signs "application/json" but the client signed "Application-json" (DocLiteralContentType)',
    );
    expect(explainKxMismatch(deviant(['DateHeader']), credentials).firstDifference).toContain('date: the server signs "Fri, 26 Jul 2019 16:59:00 GMT"');
  });

  it.each<[KxVariantName, KxVariantName]>([
    ['NoSeparator', 'HexSignature'],
    ['Md5Base64', 'DocLiteralContentType'],
    ['TrailingNewline', 'DateHeader'],
    ['Md5OfReserializedJson', 'Base64Url'],
  ])('names the pair %s + %s when no single variant reproduces it', (a, b) => {
    expect(explainKxMismatch(deviant([a, b]), credentials).matches).toEqual([[a, b]]);
  });

  it('names variants relative to the profile the server runs', () => {
    // Server runs NoSeparator; the client also encodes in hex.
    const wire = toWire(signKxRequestAs({ ...input, profile: 'NoSeparator' }, ['HexSignature']));
    const explanation = explainKxMismatch(wire, credentials, { profile: 'NoSeparator' });
    expect(explanation.matches).toEqual([['HexSignature']]);
    expect(explanation.expected.profile.joiner).toBe('none');
    // The same client is a two-variant deviation from the default profile.
    expect(explainKxMismatch(wire, credentials).matches).toEqual([['NoSeparator', 'HexSignature']]);
    // A conforming NoSeparator client, seen by a NoSeparator server.
    expect(explainKxMismatch(toWire(signKxRequest({ ...input, profile: 'NoSeparator' })), credentials, { profile: kxProfile('NoSeparator') }).matches).toEqual([[]]);
  });

  it('reports every variant that reproduces the signature', () => {
    // A compact body: re-serialising changes nothing, so the lone joiner deviation is the answer
    // and Md5OfReserializedJson is no single match.
    const compact = toWire(signKxRequestAs({ group: 'monPublic', method: 'getMem', ...credentials, id, date }, ['NoSeparator']));
    expect(explainKxMismatch(compact, credentials).matches).toEqual([['NoSeparator']]);
  });

  it('finds nothing, and says so, for a wrong key or a tampered body', () => {
    const wrongKey = toWire(signKxRequest({ ...input, sessionId: `ffffffffffffffffffffffffff${credentials.sessionId.slice(-5)}` }));
    const explanation = explainKxMismatch(wrongKey, credentials);
    expect(explanation).toMatchObject({ matches: [], reproducedByProfile: false });
    expect(explanation.firstDifference).toMatch(/^signature: expected ".+", got ".+", and no named variant/);

    const tampered = { ...toWire(signKxRequest(input)), body: body.replace('rdb', 'hdb') };
    expect(explainKxMismatch(tampered, credentials).matches).toEqual([]);
  });

  it('points at the identity when the Authorization names another one', () => {
    const other = toWire(signKxRequest({ ...input, username: 'kxAdmin' }));
    expect(explainKxMismatch(other, credentials).firstDifference).toMatch(/^identity: the Authorization header names "kxAdmina6b7c"/);
  });

  it('skips variants that cannot apply to the request', () => {
    // No Date header: DateHeader cannot be tried; still explains the joiner.
    const wire = deviant(['TrailingNewline']);
    expect(wire.headers['Date']).toBeUndefined();
    expect(explainKxMismatch(wire, credentials).matches).toEqual([['TrailingNewline']]);
  });

  it('refuses requests it cannot explain', () => {
    const wire = toWire(signKxRequest(input));
    expect(() => explainKxMismatch(withoutAuthorization(wire), credentials)).toThrow(expect.objectContaining({ code: 'MALFORMED_AUTHORIZATION' }));
    expect(() => explainKxMismatch({ ...wire, headers: { ...wire.headers, Authorization: 'nocolon' } }, credentials)).toThrow(expect.objectContaining({ code: 'MALFORMED_AUTHORIZATION' }));
    expect(() => explainKxMismatch({ ...wire, body: 'not json' }, credentials)).toThrow(expect.objectContaining({ code: 'MALFORMED_BODY' }));
    expect(() => explainKxMismatch(wire, credentials, { profile: 'DateHeader' })).toThrow(expect.objectContaining({ code: 'MALFORMED_BODY' }));
    expect(() => explainKxMismatch(wire, { ...credentials, sessionId: 'abc' })).toThrow(expect.objectContaining({ code: 'INVALID_SESSION_ID' }));
    expect(() => explainKxMismatch(wire, { ...credentials, username: '' })).toThrow(expect.objectContaining({ code: 'INVALID_USERNAME' }));
  });
});

function withoutAuthorization(wire: WireRequest): WireRequest {
  const { Authorization: _, ...headers } = wire.headers as Record<string, string>;
  return { ...wire, headers };
}

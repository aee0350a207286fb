import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { kxBodyDigest } from './bodyDigest.js';
import { kxProfile, type KxProfile } from './profile.js';

// hashlib as the independent oracle: each body's MD5 as lowercase hex, uppercase hex, Base64, and
// lowercase hex of the compact re-serialisation.
function pythonDigests(bodies: string[]): { hex: string; upper: string; b64: string; reserialized: string }[] {
  const script = [
    'import sys, json, hashlib, base64',
    'out = []',
    "for b in json.loads(sys.stdin.buffer.read().decode('utf-8')):",
    "    raw = b.encode('utf-8')",
    "    compact = json.dumps(json.loads(b), separators=(',', ':'), ensure_ascii=False).encode('utf-8')",
    "    out.append({'hex': hashlib.md5(raw).hexdigest(), 'upper': hashlib.md5(raw).hexdigest().upper(),",
    "                'b64': base64.b64encode(hashlib.md5(raw).digest()).decode(), 'reserialized': hashlib.md5(compact).hexdigest()})",
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(bodies), encoding: 'utf8' }));
}

const bodies = [
  '{}',
  '{"type":"getMemReq","msg":[{"syms":["rdb","hdb"]}],"id":"e133598e-7b9e-429a-b3e5-bda881c47024","date":"Fri, 26 Jul 2019 16:59:00 GMT"}',
  // Python's json.dumps spacing: the bytes differ from the compact form.
  '{"type": "getMemReq", "msg": [{"syms": ["rdb"]}], "id": "e133598e-7b9e-429a-b3e5-bda881c47024", "date": "Fri, 26 Jul 2019 16:59:00 GMT"}',
  '{\n  "msg": [{"name": "Zoë ☃ 𝄞"}],\n  "n": [1, -2, 30]\n}',
];
const profile = (bodyDigest: KxProfile['bodyDigest']): KxProfile => kxProfile({ bodyDigest });

describe('kxBodyDigest', () => {
  const oracle = pythonDigests(bodies);

  it('is the well-known MD5 of "{}" by default', () => {
    expect(kxBodyDigest('{}')).toBe('99914b932bd37a50b983c5e7c90ae93b');
  });

  it.each(bodies.map((body, i) => [i, body] as const))('matches hashlib for body %i under every digest', (i, body) => {
    const expected = oracle[i]!;
    expect(kxBodyDigest(body, profile('md5Hex'))).toBe(expected.hex);
    expect(kxBodyDigest(body, profile('md5UpperHex'))).toBe(expected.upper);
    expect(kxBodyDigest(body, profile('md5Base64'))).toBe(expected.b64);
    expect(kxBodyDigest(body, profile('md5OfReserializedJson'))).toBe(expected.reserialized);
  });

  it('hashes the exact bytes: a spaced body differs from its compact form only under md5Hex', () => {
    expect(oracle[2]!.hex).not.toBe(oracle[2]!.reserialized);
    expect(kxBodyDigest(bodies[2]!, profile('md5OfReserializedJson'))).toBe(kxBodyDigest(JSON.stringify(JSON.parse(bodies[2]!))));
  });

  it('takes a string as UTF-8, the same as its bytes', () => {
    const body = bodies[3]!;
    expect(kxBodyDigest(new TextEncoder().encode(body))).toBe(oracle[3]!.hex);
    expect(kxBodyDigest(new TextEncoder().encode(body), profile('md5OfReserializedJson'))).toBe(oracle[3]!.reserialized);
  });

  it('refuses to re-serialise a body that is not JSON', () => {
    expect(() => kxBodyDigest('not json', profile('md5OfReserializedJson'))).toThrow(expect.objectContaining({ code: 'MALFORMED_BODY' }));
    expect(() => kxBodyDigest(new Uint8Array([0x7b, 0xff, 0x7d]), profile('md5OfReserializedJson'))).toThrow(SigkitInputError);
  });

  it('refuses a body that is neither a string nor bytes, and an unknown digest', () => {
    expect(() => kxBodyDigest({} as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_BODY' }));
    expect(() => kxBodyDigest('{}', { bodyDigest: 'sha1' as KxProfile['bodyDigest'] })).toThrow(expect.objectContaining({ code: 'INVALID_KX_PROFILE_VALUE' }));
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { createKxBodyDigester } from './bodyDigest.js';
import { kxProfile, type KxProfile } from './profile.js';

/** MD5 of bytes by Python's hashlib (hex, upper hex, Base64): an oracle that shares no code with the kit. */
function pythonMd5(bytes: Uint8Array): { hex: string; upper: string; b64: string } {
  const script = 'import sys,hashlib,base64,json;d=hashlib.md5(sys.stdin.buffer.read());print(json.dumps({"hex":d.hexdigest(),"upper":d.hexdigest().upper(),"b64":base64.b64encode(d.digest()).decode()}))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: bytes, encoding: 'utf8' }));
}

const profile = (bodyDigest: KxProfile['bodyDigest']) => kxProfile({ bodyDigest });

describe('createKxBodyDigester', () => {
  const body = Buffer.from(`{"type":"getMemReq","msg":[{"name":"Zoë ☃ 𝄞","pad":"${'x'.repeat(70_000)}"}],"id":"1","date":"Fri, 26 Jul 2019 16:59:00 GMT"}`);
  const python = pythonMd5(body);

  it.each([
    ['md5Hex', 'hex'],
    ['md5UpperHex', 'upper'],
    ['md5Base64', 'b64'],
  ] as const)('digests a body given in chunks as Python digests it whole (%s)', (kind, field) => {
    const digester = createKxBodyDigester(profile(kind))!;
    for (let from = 0; from < body.length; from += 16_384) digester.update(body.subarray(from, from + 16_384));
    expect(digester.size).toBe(body.length);
    expect(digester.digest()).toBe(python[field]);
    // Asked twice, it answers the same.
    expect(digester.digest()).toBe(python[field]);
  });

  it('digests with the default profile when none is given', () => {
    const digester = createKxBodyDigester()!;
    digester.update(body);
    expect(digester.digest()).toBe(python.hex);
  });

  it('is undefined for the profile whose digest needs the whole body', () => {
    expect(createKxBodyDigester(profile('md5OfReserializedJson'))).toBeUndefined();
  });

  it('refuses an unknown digest, a chunk that is not bytes, and bytes after the digest', () => {
    expect(() => createKxBodyDigester({ bodyDigest: 'sha1' as KxProfile['bodyDigest'] })).toThrow(expect.objectContaining({ code: 'INVALID_KX_PROFILE_VALUE' }));
    const digester = createKxBodyDigester()!;
    expect(() => digester.update('{}' as unknown as Uint8Array)).toThrow(SigkitInputError);
    digester.digest();
    expect(() => digester.update(new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'DIGESTER_FINISHED' }));
  });
});

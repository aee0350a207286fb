import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import { SigkitInputError } from '../errors.js';
import { createPayloadHasher } from './payloadHash.js';
import { signXConnectRequest } from './sign.js';
import { verifyXConnectRequest, type VerifyXConnectOptions } from './verify.js';

const NOW = Date.parse(GUIDE.timestamp) + 5_000;
const options = (more: Partial<VerifyXConnectOptions> = {}): VerifyXConnectOptions => ({
  lookupCredentials: (key) => (key === GUIDE.apiKey ? { apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey } : undefined),
  now: NOW,
  ...more,
});
const pythonSha256 = (bytes: Uint8Array) =>
  execFileSync('python3', ['-c', 'import sys,hashlib;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'], { input: bytes, encoding: 'utf8' }).trim();

function signedWire(body: string | Uint8Array) {
  const signed = signXConnectRequest({ method: GUIDE.method, path: GUIDE.path, query: GUIDE.query, body, apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp });
  return { method: signed.method, target: signed.target, headers: { ...signed.headers }, body };
}

describe('verifyXConnectRequest with a precomputed payloadHash', () => {
  it("accepts the guide's request given the guide's empty payload hash, without reading the body", () => {
    // The hash and the signature are the guide's, copied by hand; the body handed over is not the one signed.
    const wire = { ...signedWire(''), body: 'a prefix the verifier must not hash' };
    const verdict = verifyXConnectRequest(wire, options({ payloadHash: GUIDE.emptyPayloadHash }));
    expect(verdict).toMatchObject({ ok: true, code: 'ok' });
    expect(verdict.expected?.payloadHash).toBe(GUIDE.emptyPayloadHash);
    expect(verdict.expected?.signature).toBe(GUIDE.signature);
  });

  it('checks a large body against the hash Python computes, and says mismatch for another hash', () => {
    const body = Buffer.from(JSON.stringify({ data: 'Gerät ☃ '.repeat(200_000) }));
    const hash = pythonSha256(body);
    const wire = { ...signedWire(body), body: body.subarray(0, 1024) };
    const verdict = verifyXConnectRequest(wire, options({ payloadHash: hash }));
    expect(verdict).toMatchObject({ ok: true, code: 'ok' });
    expect(verdict.expected?.payloadHash).toBe(hash);
    // Identical to the verdict on the whole body.
    expect(verifyXConnectRequest(signedWire(body), options())).toEqual(verdict);
    const other = verifyXConnectRequest(wire, options({ payloadHash: pythonSha256(body.subarray(1)) }));
    expect(other).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it("under moonstone, takes the streamed hash of a body that is not UTF-8 as the platform's lossy hash", () => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from('eda080c328', 'hex'), Buffer.from('"}')]);
    const hasher = createPayloadHasher({ platform: 'moonstone' });
    for (const byte of body) hasher.update(Uint8Array.of(byte));
    const whole = verifyXConnectRequest(signedWire(body), options({ platform: 'moonstone' }));
    const streamed = verifyXConnectRequest({ ...signedWire(body), body: '' }, options({ platform: 'moonstone', payloadHash: hasher.digest() }));
    // The client hashed the bytes as sent; the platform hashed them re-encoded: a mismatch either way, with the same expectation.
    expect(streamed.code).toBe('signature_mismatch');
    expect(streamed).toEqual(whole);
  });

  it('refuses a payloadHash that is not a lowercase hex SHA-256', () => {
    for (const bad of ['', GUIDE.emptyPayloadHash.toUpperCase(), GUIDE.emptyPayloadHash.slice(1), 42]) {
      expect(() => verifyXConnectRequest(signedWire(''), options({ payloadHash: bad as string }))).toThrow(SigkitInputError);
    }
    expect(() => verifyXConnectRequest(signedWire(''), options({ payloadHash: 'x' }))).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD_HASH' }));
  });
});

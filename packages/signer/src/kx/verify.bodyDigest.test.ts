import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SigkitInputError } from '../errors.js';
import { createKxBodyDigester } from './bodyDigest.js';
import { parseRfc1123 } from './rfc1123.js';
import { signKxRequest } from './sign.js';
import { verifyKxRequest, type KxSessionRecord, type KxVerifyOptions } from './verify.js';

const alice: KxSessionRecord = { username: 'alice', sessionId: '7c2e9a41b0d84f6a9e3c1b5d8f0a2c4e' };
const date = 'Fri, 26 Jul 2019 16:59:00 GMT';
const now = parseRfc1123(date).getTime() + 30_000;
const id = 'e133598e-7b9e-429a-b3e5-bda881c47024';
const options = (more: Partial<KxVerifyOptions> = {}): KxVerifyOptions => ({ lookupSession: (identity) => (identity === `alice${alice.sessionId.slice(-5)}` ? alice : undefined), now, ...more });
const pythonMd5Hex = (bytes: Uint8Array) =>
  execFileSync('python3', ['-c', 'import sys,hashlib;print(hashlib.md5(sys.stdin.buffer.read()).hexdigest())'], { input: bytes, encoding: 'utf8' }).trim();

// A large call: its fields first, then a long list the verifier need not hold.
const signed = signKxRequest({ group: 'monPublic', method: 'getMem', params: { syms: Array.from({ length: 50_000 }, (_, i) => `sym${i}`) }, username: alice.username, sessionId: alice.sessionId, id, date });
const wire = { method: signed.method, target: signed.path, headers: { ...signed.headers }, body: signed.body };
// What a proxy that kept only the body's fields hands over with the digest.
const standIn = JSON.stringify({ type: 'getMemReq', id, date });

describe('verifyKxRequest with a precomputed bodyDigest', () => {
  it('accepts a large call given the MD5 Python computes and a stand-in holding only the fields', () => {
    const digest = pythonMd5Hex(Buffer.from(signed.body));
    const verdict = verifyKxRequest({ ...wire, body: standIn }, options({ bodyDigest: digest }));
    expect(verdict).toMatchObject({ ok: true, code: 'ok', requestType: 'getMemReq', id });
    expect(verdict.provided.bodyDigest).toBe(digest);
    expect(verdict.expected?.bodyDigest).toBe(digest);
    // Identical to the verdict on the whole body.
    expect(verifyKxRequest(wire, options())).toEqual(verdict);
  });

  it('gives the same verdict with a digest streamed under another profile', () => {
    const profile = { bodyDigest: 'md5Base64' as const };
    const digester = createKxBodyDigester(profile)!;
    const bytes = Buffer.from(signed.body);
    for (let from = 0; from < bytes.length; from += 1000) digester.update(bytes.subarray(from, from + 1000));
    const streamed = verifyKxRequest({ ...wire, body: standIn }, options({ profile, bodyDigest: digester.digest() }));
    const whole = verifyKxRequest(wire, options({ profile }));
    // The client signed md5Hex; this profile expects Base64: both verdicts refuse it, alike.
    expect(streamed.code).toBe('signature_mismatch');
    expect(streamed).toEqual(whole);
  });

  it('says mismatch for the digest of other bytes', () => {
    const verdict = verifyKxRequest({ ...wire, body: standIn }, options({ bodyDigest: pythonMd5Hex(Buffer.from(standIn)) }));
    expect(verdict).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it('still reads the date from the body handed over', () => {
    const verdict = verifyKxRequest({ ...wire, body: JSON.stringify({ type: 'getMemReq', id }) }, options({ bodyDigest: pythonMd5Hex(Buffer.from(signed.body)) }));
    expect(verdict).toMatchObject({ ok: false, code: 'malformed_body' });
  });

  it('refuses a bodyDigest that is not a non-empty string', () => {
    expect(() => verifyKxRequest(wire, options({ bodyDigest: '' }))).toThrow(SigkitInputError);
    expect(() => verifyKxRequest(wire, options({ bodyDigest: 7 as unknown as string }))).toThrow(expect.objectContaining({ code: 'INVALID_BODY_DIGEST' }));
  });
});


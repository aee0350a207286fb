import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../test/guideVector.js';
import { signingKey } from './signingKey.js';
import { stringToSign } from './stringToSign.js';
import { canonicalRequest } from './canonicalRequest.js';

describe('signingKey', () => {
  it("reproduces the guide's key chain for version 1", () => {
    expect(signingKey({ apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp, version: 1 })).toEqual({
      k1: GUIDE.signingKey[0],
      k2: GUIDE.signingKey[1],
      k3: GUIDE.signingKey[2],
    });
  });
  it('swaps key and data of the first step for version 2 and ends with "2"', () => {
    const v1 = signingKey({ apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp, version: 1 });
    const v2 = signingKey({ apiKey: GUIDE.apiKey, secretKey: GUIDE.secretKey, timestamp: GUIDE.timestamp, version: 2 });
    expect(v2.k1).not.toBe(v1.k1);
    expect(v2.k3).not.toBe(v1.k3);
  });
});

describe('signingKey with its first-link cache', () => {
  // The chain written out with node:crypto, with no cache: the oracle.
  const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
  const uncached = (apiKey: string, secretKey: string, timestamp: string, version: 1 | 2) => {
    const k1 = version === 1 ? hmac(apiKey, secretKey) : hmac(secretKey, apiKey);
    return hmac(String(version), hmac(timestamp, k1));
  };

  it('never answers with a first link derived from other credentials, whatever order keys come in', () => {
    // Few distinct keys and secrets, so that the same pair recurs, one api key changes its secret,
    // and keys that share a cache slot take it from each other; many keys, so that slots collide.
    const apiKey = fc.oneof(fc.constantFrom('a', 'b', 'A', 'key', 'key2', 'x'.repeat(64)), fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ minLength: 1, maxLength: 12 }));
    const call = fc.record({ apiKey, secretKey: fc.constantFrom('s1', 's2', 'secret'), version: fc.constantFrom<1 | 2>(1, 2) });
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 3000 }), (calls) => {
        for (const { apiKey: key, secretKey, version } of calls) {
          expect(signingKey({ apiKey: key, secretKey, timestamp: '2024-01-01T00:00:00.000Z', version }).k3).toBe(uncached(key, secretKey, '2024-01-01T00:00:00.000Z', version));
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('canonicalRequest and stringToSign', () => {
  it("reproduce the guide's canonical request hash and string to sign", () => {
    const canonical = canonicalRequest('post', '/api/v1/kronos/gateways', ['age=30', 'firstname=Jane', 'lastname=Doe'], GUIDE.emptyPayloadHash);
    expect(canonical).toBe(`POST\n/api/v1/kronos/gateways\nage=30\nfirstname=Jane\nlastname=Doe\n${GUIDE.emptyPayloadHash}`);
    expect(stringToSign(canonical, GUIDE.apiKey, GUIDE.timestamp, 1)).toBe(GUIDE.stringToSign);
  });
  it('has no blank line when there is no query', () => {
    expect(canonicalRequest('GET', '/x', [], 'h')).toBe('GET\n/x\nh');
  });
});

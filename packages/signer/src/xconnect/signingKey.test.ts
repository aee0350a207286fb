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

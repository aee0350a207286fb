/** checkClient and checkVerifier against implementations with known mistakes: each must be caught, shrunk and named. */
import {
  signKxRequestAs,
  signXConnectRequest,
  signXConnectRequestWithDeviations,
  verifyXConnectRequest,
  type XConnectSignInput,
} from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, checkClient, checkVerifier, type KxSignRequest, type SignRequest, type VerifyRequest, type XConnectSignRequest } from '../src/index.js';

const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.query, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});
const toWire = (signed: { method: string; target: string; headers: object; body: string | Uint8Array }) => ({
  method: signed.method, target: signed.target, headers: { ...(signed.headers as Record<string, string>) }, body: signed.body,
});

/** A client that keeps its query parameters in request order (docs/spec/xconnect.md §4, UnsortedQuery). */
function unsortedQueryClient(request: SignRequest) {
  if (request.scheme !== 'xconnect') throw new Error('xconnect only');
  try {
    return toWire(signXConnectRequestWithDeviations(asInput(request), ['UnsortedQuery']));
  } catch {
    return toWire(signXConnectRequest(asInput(request)));
  }
}

describe('checkClient', () => {
  it('catches a client that does not sort its query lines, shrinks to two parameters and names UnsortedQuery', async () => {
    const report = await checkClient({ scheme: 'xconnect', cases: 400, seed: 11, sign: unsortedQueryClient });
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.flags)).toEqual([['UnsortedQuery']]);
    const { request, shrunk, diagnosis } = report.failures[0]!.counterexample;
    expect(shrunk).not.toBeNull();
    // One parameter is always in order; two out of order is the least that shows the mistake.
    expect((request as XConnectSignRequest).query).toHaveLength(2);
    expect(diagnosis?.source).toBe('deviation');
    expect(diagnosis?.firstDifferingStep).toBe('query lines');
  });

  it('shrinks a client that refuses large bodies to the smallest body it refuses', async () => {
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 400,
      seed: 3,
      sign: (request) => {
        if (request.scheme !== 'xconnect') throw new Error('xconnect only');
        if (bodyBytesOf(request).length > 1000) throw Object.assign(new Error('body too large'), { code: 'TOO_LARGE' });
        return toWire(signXConnectRequest(asInput(request)));
      },
    });
    expect(report.failures.map((f) => f.classKey)).toEqual(['adapter_error:TOO_LARGE']);
    // Generated large bodies start at 1 KiB (1024 bytes), the least above the client's limit.
    expect(bodyBytesOf(report.failures[0]!.counterexample.request as XConnectSignRequest)).toHaveLength(1024);
  });

  it('catches a KX client that signs in hex and names HexSignature', async () => {
    const report = await checkClient({
      scheme: 'kx',
      cases: 200,
      seed: 2,
      sign: (request) => {
        const r = request as KxSignRequest;
        const signed = signKxRequestAs(
          r.body !== undefined
            ? { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, body: r.body }
            : { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, params: r.params, type: r.type, id: r.requestId, date: r.date },
          ['HexSignature'],
        );
        return { method: signed.method, target: signed.path, headers: { ...signed.headers }, body: signed.body };
      },
    });
    expect(report.ok).toBe(false);
    expect(new Set(report.failures.map((f) => f.flags.join('+')))).toEqual(new Set(['HexSignature']));
  });

  it('tells a request that verifies but is not the one asked for: empty parameters dropped from the wire and the signature', async () => {
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 300,
      seed: 6,
      sign: (request) => {
        const r = request as XConnectSignRequest;
        return toWire(signXConnectRequest({ ...asInput(r), query: r.query.filter(([, value]) => value !== '') }));
      },
    });
    expect(report.failures.map((f) => f.classKey)).toEqual(['wrong_request:query']);
    const { request, message } = report.failures[0]!.counterexample;
    expect((request as XConnectSignRequest).query).toEqual([[expect.any(String), '']]);
    expect(message).toMatch(/query parameters decode to \[none\], but \[.*=\] were asked for/);
  });

  it('refuses unusable options with a typed error', async () => {
    await expect(checkClient({ scheme: 'xconnect', cases: -1, sign: unsortedQueryClient })).rejects.toThrow(/cases must be a whole number/);
    await expect(checkClient({ scheme: 'soap' as 'kx', sign: unsortedQueryClient })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});

const referenceVerdict = (input: VerifyRequest, headers?: Record<string, string>) => {
  if (input.scheme !== 'xconnect') throw new Error('xconnect only');
  return verifyXConnectRequest(
    { ...input.wire, headers: headers ?? input.wire.headers, body: bodyBytesOf(input.wire) },
    {
      lookupCredentials: (k) => input.credentials.find((c) => c.apiKey === k),
      lookupAuthToken: (t) => input.credentials.find((c) => c.apiKey === input.authTokens[t]),
      now: Date.parse(input.now),
      clockWindowSeconds: input.clockWindowSeconds,
      acceptedVersions: input.acceptedVersions,
    },
  ).ok;
};

describe('checkVerifier', () => {
  it('catches a verifier that compares signatures case-insensitively and names UppercaseHex', async () => {
    const report = await checkVerifier({
      scheme: 'xconnect',
      cases: 400,
      seed: 4,
      verify: (input) => {
        const headers = Object.fromEntries(Object.entries(input.wire.headers).map(([k, v]) => [k, k.toLowerCase() === 'x-arrow-signature' ? v.toLowerCase() : v]));
        return referenceVerdict(input, headers);
      },
    });
    expect(report.ok).toBe(false);
    expect(report.failures.every((f) => f.kind === 'accepted_invalid' && f.flags.includes('UppercaseHex'))).toBe(true);
    expect(report.failures.flatMap((f) => Object.keys(f.byCategory))).toEqual(expect.arrayContaining(['deviation vectors', 'server checks', 'tampered']));
  });

  it("catches the published server's bypass: an unknown version without a signature", async () => {
    const report = await checkVerifier({
      scheme: 'xconnect',
      cases: 300,
      seed: 5,
      verify: (input) => {
        const version = input.wire.headers['x-arrow-version'];
        if (version !== undefined && !['1', '2'].includes(version) && input.wire.headers['x-arrow-signature'] === undefined) return true;
        return referenceVerdict(input);
      },
    });
    expect(report.failures.map((f) => f.flags.join('+'))).toEqual(expect.arrayContaining(['UnknownVersionNoSignature']));
    expect(report.failures.every((f) => f.kind === 'accepted_invalid')).toBe(true);
  });

  it('reports a verifier that refuses everything as refusing valid requests', async () => {
    const report = await checkVerifier({ scheme: 'kx', cases: 50, seed: 1, verify: () => ({ valid: false, reason: 'nope' }) });
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures.every((f) => f.kind === 'rejected_valid')).toBe(true);
    expect(report.failures[0]!.message).toContain('nope');
  });
});

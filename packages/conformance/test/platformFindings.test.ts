/** checkClient on clients whose requests the published platform refused (docs/spec/xconnect.md §3b): each is a finding with its named mistake. */
import { moonstoneFrontRejection, signXConnectRequest, signXConnectRequestWithDeviations, traceXConnectRequest, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, checkClient, type SignRequest, type XConnectSignRequest } from '../src/index.js';

const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.rawQuery ?? undefined, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});
const toWire = (signed: { method: string; target: string; headers: object; body: string | Uint8Array }) => ({
  method: signed.method, target: signed.target, headers: { ...(signed.headers as Record<string, string>) }, body: signed.body,
});
const xconnect = (request: SignRequest) => {
  if (request.scheme !== 'xconnect') throw new Error('xconnect only');
  return request;
};

/** A correct client by the kit's rules: it hashes a body's bytes as sent. */
const kitClient = (request: SignRequest) => toWire(signXConnectRequest(asInput(xconnect(request))));

/** A client that hashes a body as the platform read it (its lossy UTF-8 re-encoding), wherever the platform checked the request. */
function platformClient(request: SignRequest) {
  const r = xconnect(request);
  const signed = signXConnectRequest(asInput(r));
  if (moonstoneFrontRejection(signed.method, signed.target) !== null) return toWire(signed);
  let signature: string;
  try {
    const q = signed.target.indexOf('?');
    signature = traceXConnectRequest({
      method: r.method, path: r.path, rawQuery: q < 0 ? undefined : signed.target.slice(q + 1), body: bodyBytesOf(r),
      apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version, platform: 'moonstone',
    }).signature;
  } catch {
    // A request the platform refused whatever the client did (an empty parameter name): sign it by the kit's rules.
    signature = signed.headers['x-arrow-signature'];
  }
  return toWire({ ...signed, headers: { ...signed.headers, 'x-arrow-signature': signature } });
}

describe('checkClient: requests the platform refused before checking', () => {
  it('names LowercaseMethod for a client that sends its method in lower case, which the kit alone would accept', async () => {
    const report = await checkClient({ scheme: 'xconnect', cases: 100, seed: 5, sign: (request) => ({ ...kitClient(request), method: request.method.toLowerCase() }) });
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.flags)).toContainEqual(['LowercaseMethod']);
    const failure = report.failures.find((f) => f.flags.includes('LowercaseMethod'))!;
    expect(failure.headline).toMatch(/platform would answer 500 \(method\) before checking the signature, LowercaseMethod/);
  });

  it('names FirewallRejectedPath for a client that adds ;jsessionid to its path', async () => {
    const report = await checkClient({
      scheme: 'xconnect', cases: 100, seed: 5,
      sign: (request) => {
        const r = xconnect(request);
        return toWire(signXConnectRequestWithDeviations(asInput(r), ['FirewallRejectedPath']));
      },
    });
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.flags)).toContainEqual(['FirewallRejectedPath']);
  });

  it("passes a correct client by the kit's rules, and under platform 'moonstone' names NonUtf8Body for its non-UTF-8 bodies", async () => {
    const kit = await checkClient({ scheme: 'xconnect', cases: 300, seed: 8, sign: kitClient });
    expect(kit.ok).toBe(true);
    const real = await checkClient({ scheme: 'xconnect', cases: 300, seed: 8, platform: 'moonstone', sign: kitClient });
    expect(real.ok).toBe(false);
    expect(real.failures.map((f) => f.flags)).toEqual([['NonUtf8Body']]);
  });

  it("passes a client that hashes bodies as the platform did, under platform 'moonstone'", async () => {
    const report = await checkClient({ scheme: 'xconnect', cases: 300, seed: 8, platform: 'moonstone', sign: platformClient });
    expect(report.failures.map((f) => f.headline)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('refuses platform where it does not apply', async () => {
    await expect(checkClient({ scheme: 'kx', platform: 'moonstone', sign: kitClient })).rejects.toThrow(/xConnect only/);
  });
});

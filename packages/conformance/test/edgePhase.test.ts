/** The edge phase: correct clients pass every edge case, and a bug reached by one input class is caught with no generated case at all. */
import { signKxRequest, signXConnectRequest, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, checkClient, type ConformanceReport, type KxSignRequest, type SignedWire, type SignRequest, type XConnectSignRequest } from '../src/index.js';

const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.query, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});
const toWire = (signed: { method: string; target: string; headers: object; body: string | Uint8Array }): SignedWire => ({
  method: signed.method, target: signed.target, headers: { ...(signed.headers as Record<string, string>) }, body: signed.body,
});
const xconnectClient = (adjust: (input: XConnectSignInput) => XConnectSignInput = (input) => input) => (request: SignRequest) => {
  if (request.scheme !== 'xconnect') throw new Error('xconnect only');
  return toWire(signXConnectRequest(adjust(asInput(request))));
};
const kxClient = (signedContentType?: string) => (request: SignRequest) => {
  const r = request as KxSignRequest;
  const common = { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, profile: r.profile, contentType: signedContentType ?? r.contentType };
  const signed = signKxRequest(r.body !== undefined ? { ...common, body: r.body } : { ...common, params: r.params, type: r.type, id: r.requestId, date: r.date });
  // A client that signs one content type and sends the one asked for.
  return { method: signed.method, target: signed.path, headers: { ...signed.headers, 'Content-Type': r.contentType }, body: signed.body };
};
const failedEdges = (report: ConformanceReport) => report.cases.filter((c) => c.category === 'edge' && c.status === 'failed').map((c) => c.caseId);
const edgeRow = (report: ConformanceReport) => report.categories.find((c) => c.name === 'edge');

describe('the edge phase', () => {
  it('runs after the vectors and before the generated cases, and a correct client passes every edge case of every version', async () => {
    const report = await checkClient({ scheme: 'xconnect', versions: [0, 1, 2], cases: 20, seed: 1, sign: xconnectClient() });
    expect(report.failures).toEqual([]);
    expect(report.categories.map((c) => c.name)).toEqual(['vectors', 'deviation vectors', 'edge', 'generated']);
    expect(edgeRow(report)!.total).toBeGreaterThan(3 * 250);
    const kx = await checkClient({ scheme: 'kx', cases: 20, seed: 1, sign: kxClient() });
    expect(kx.failures).toEqual([]);
    expect(edgeRow(kx)!.total).toBeGreaterThan(90);
  });

  it('catches, with no generated case, a client that collapses empty path segments', async () => {
    const report = await checkClient({ scheme: 'xconnect', cases: 0, seed: 1, sign: xconnectClient((input) => ({ ...input, path: input.path.replace(/\/{2,}/g, '/') })) });
    expect(failedEdges(report)).toEqual(['edge#path-double-slash', 'edge#path-leading-double-slash', 'edge#path-only-slashes']);
  });

  it('catches a client that signs only the first 64 KiB of a body: the edges 64 KiB + 1 and above fail, 64 KiB passes', async () => {
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 0,
      seed: 2,
      sign: (request) => {
        const r = request as XConnectSignRequest;
        const body = bodyBytesOf(r);
        const signed = signXConnectRequest({ ...asInput(r), body: body.subarray(0, 65_536) });
        return toWire({ ...signed, body });
      },
    });
    const sizes = [65_537, 262_144, 1_048_576];
    expect(failedEdges(report).sort()).toEqual(['text', 'json', 'binary'].flatMap((kind) => sizes.map((size) => `edge#body-${kind}-${size}`)).sort());
    // Found by edge cases alone, the cause is still reported 1-minimal: the smallest failing body on the root path, nothing else.
    for (const { counterexample } of report.failures) {
      const r = counterexample.request as XConnectSignRequest;
      expect(counterexample.shrunk?.from).toMatch(/^edge#body-(text|json)-65537$/);
      expect({ path: r.path, query: r.query, body: bodyBytesOf(r).length }).toEqual({ path: '/', query: [], body: 65_537 });
    }
  });

  it('catches a client that lower-cases names under Turkish rules ("I" to dotless "ı")', async () => {
    const report = await checkClient({
      scheme: 'xconnect',
      cases: 0,
      seed: 3,
      sign: (request) => {
        const r = request as XConnectSignRequest;
        // Signs the query lines of Turkish lower-cased names, sends the names asked for.
        const turkish = signXConnectRequest({ ...asInput(r), query: r.query.map(([n, v]) => [n.toLocaleLowerCase('tr'), v]) });
        return toWire({ ...signXConnectRequest(asInput(r)), headers: turkish.headers });
      },
    });
    expect(failedEdges(report)).toEqual(expect.arrayContaining(['edge#query-turkish-i-names']));
    expect(failedEdges(report)).not.toContain('edge#query-one');
  });

  it('catches a KX client that signs application/json whatever Content-Type it sends', async () => {
    const report = await checkClient({ scheme: 'kx', cases: 0, seed: 4, sign: kxClient('application/json') });
    expect(failedEdges(report)).toEqual([
      'edge#content-type-charset', 'edge#content-type-charset-no-space', 'edge#content-type-charset-quoted', 'edge#content-type-upper-case', 'edge#content-type-guide-literal',
      'edge#content-type-text-plain', 'edge#content-type-form', 'edge#content-type-octet-stream', 'edge#content-type-vendor', 'edge#content-type-inner-spaces',
    ]);
  });
});

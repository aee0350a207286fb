/** explainCapture on captures of the published vectors, and the report formats (JSON schema, JUnit, console). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { signXConnectRequest, signXConnectRequestWithDeviations, type XConnectDeviationFlag, type XConnectSignInput } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { bodyBytesOf, checkClient, explainCapture, formatReport, parseCurl, parseRawHttp, toJson, toJunit, type XConnectSignRequest } from '../src/index.js';

const vectors = join(import.meta.dirname, '..', '..', '..', 'vectors');
const load = (path: string) => JSON.parse(readFileSync(join(vectors, path), 'utf8')) as { testGroups: any[] };
const xconnectDeviation = (flag: string) => {
  const group = load('xconnect/v1_deviations.json').testGroups[0];
  return { group, test: group.tests.find((t: any) => t.flags.includes(flag)) };
};
const curlOf = (wire: { method: string; target: string; headers: Record<string, string>; body?: string }) =>
  `curl -X ${wire.method} 'http://localhost:8080${wire.target}' ${Object.entries(wire.headers).map(([k, v]) => `-H '${k}: ${v}'`).join(' ')}${wire.body ? ` --data-raw '${wire.body}'` : ''}`;

describe('explainCapture', () => {
  it('explains the UnsortedQuery vector sent as a curl command with the vector\'s own traces', () => {
    const { group, test } = xconnectDeviation('UnsortedQuery');
    const why = explainCapture(parseCurl(curlOf(test.wire)), { secretKey: group.secretKey });
    expect(why.scheme).toBe('xconnect');
    expect(why.signatureMatches).toBe(false);
    expect(why.diagnosis.deviations.map((d) => d.flags)).toContainEqual(['UnsortedQuery']);
    expect(why.diagnosis.firstDifferingStep).toBe('query lines');
    const canonical = why.diagnosis.steps.find((s) => s.field === 'canonicalRequest')!;
    expect(canonical.expected).toBe(test.expected.canonicalRequest);
    expect(canonical.provided).toBe(test.clientTrace.canonicalRequest);
  });

  it("finds nothing to explain in the guide's documented request as raw HTTP", () => {
    const group = load('xconnect/v1_canonicalization.json').testGroups[0];
    const { wire } = group.tests[0];
    const raw = `${wire.method} ${wire.target} HTTP/1.1\r\n${Object.entries(wire.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    const why = explainCapture(parseRawHttp(raw), { secretKey: group.secretKey });
    expect(why.signatureMatches).toBe(true);
    expect(why.verdict).toMatchObject({ ok: true, code: 'ok' });
  });

  it('explains a KX call signed with an upper-case body digest, reading the username from the header', () => {
    const test = load('kx/profile_variants.json').testGroups[0].tests.find((t: any) => t.flags.includes('Md5UpperHex'));
    const why = explainCapture({ ...test.wire, body: new Uint8Array(Buffer.from(test.wire.body)), source: 'vector' }, { sessionId: test.request.sessionId });
    expect(why.scheme).toBe('kx');
    expect(why.diagnosis.deviations.map((d) => d.flags)).toEqual([['Md5UpperHex']]);
    expect(why.diagnosis.firstDifferingStep).toBe('body digest');
    expect(why.diagnosis.steps.find((s) => s.field === 'bodyDigest')).toMatchObject({ expected: test.expected.bodyDigest, same: false });
  });

  it('says which credentials are missing', () => {
    const { test } = xconnectDeviation('UnsortedQuery');
    expect(() => explainCapture(parseCurl(curlOf(test.wire)), {})).toThrow(/needs the secret key/);
    expect(() => explainCapture({ method: 'GET', target: '/x', headers: {}, body: new Uint8Array(), source: 't' }, {})).toThrow(/neither x-arrow-\* headers nor a KX Connect Authorization/);
  });
});

const asInput = (r: XConnectSignRequest): XConnectSignInput => ({
  method: r.method, path: r.path, query: r.query, body: bodyBytesOf(r), apiKey: r.apiKey, secretKey: r.secretKey, timestamp: r.timestamp, version: r.version,
});

/** A client that makes `flag`'s mistake wherever it changes the signature, and signs right elsewhere. */
function signedWithMistake(flag: XConnectDeviationFlag, request: unknown) {
  const input = asInput(request as XConnectSignRequest);
  try {
    return signXConnectRequestWithDeviations(input, [flag]);
  } catch {
    return signXConnectRequest(input);
  }
}

describe('reports', () => {
  const crlfReport = () =>
    checkClient({
      scheme: 'xconnect',
      cases: 150,
      seed: 9,
      sign: (request) => {
        const signed = signedWithMistake('CrlfQueryLines', request);
        return { method: signed.method, target: signed.target, headers: { ...signed.headers }, body: signed.body, intermediates: { ...signed.trace } };
      },
    });

  it('writes JSON that report.schema.json accepts, for a failing and a passing run', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'report.schema.json'), 'utf8')));
    const failing = JSON.parse(toJson(await crlfReport()));
    expect(validate(failing), ajv.errorsText(validate.errors)).toBe(true);
    const passing = JSON.parse(toJson(await checkClient({ scheme: 'xconnect', cases: 20, seed: 1, sign: (r) => signXConnectRequest(asInput(r as XConnectSignRequest)) })));
    expect(validate(passing), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...passing, ok: 'yes' })).toBe(false);
    // A family name carries its member in the diagnosis, to be replayed on other cases; the report leaves it out.
    const respelt = JSON.parse(toJson(await checkClient({ scheme: 'xconnect', cases: 20, seed: 1, sign: (r) => {
      const signed = signedWithMistake('TimestampReformatted', r);
      return { method: signed.method, target: signed.target, headers: { ...signed.headers }, body: signed.body };
    } })));
    expect(respelt.failures.map((f: { flags: string[] }) => f.flags)).toContainEqual(['TimestampReformatted']);
    expect(validate(respelt), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('writes JUnit XML with a suite per category, counts that add up, and no raw control characters', async () => {
    const report = await crlfReport();
    const xml = toJunit(report);
    for (const category of report.categories) expect(xml).toContain(`<testsuite name="sigkit.xconnect.signer.${category.name}"`);
    const vectors = report.categories.find((c) => c.name === 'vectors')!;
    expect(xml).toMatch(new RegExp(`<testsuite name="sigkit.xconnect.signer.vectors" tests="${vectors.total}" failures="${vectors.failed}"`));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).toContain('CrlfQueryLines');
  });

  it('prints a console report without colour unless asked, with the diff of the carriage return', async () => {
    const report = await crlfReport();
    const plain = formatReport(report);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('reproduced by CrlfQueryLines');
    expect(plain).toMatch(/\+ .*\\r$/m);
    expect(formatReport(report, { color: true })).toContain('\u001b[');
  });
});

/** The published vectors: schema-valid, identical to a fresh generation, and confirmed by an independent Python signer. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allVectorFiles, serialise } from '../scripts/vectors/index.js';
import { kxIdentity, verifyKxRequest, verifyXConnectRequest, type KxProfile, type XConnectCredentialRecord } from '@sigkit/signer';
import { GUIDE } from '../packages/signer/test/guideVector.js';

const root = join(import.meta.dirname, '..', 'vectors');
const schemaDir = join(root, 'schema');

function vectorPaths(): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.json') && !p.startsWith('schema'))
    .sort();
}
const load = (relative: string) => JSON.parse(readFileSync(join(root, relative), 'utf8')) as Record<string, any>;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  for (const file of readdirSync(schemaDir)) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')), file);
  return (document: Record<string, any>) => {
    const validate = ajv.getSchema(document.schema);
    if (!validate) throw new Error(`no schema ${document.schema}`);
    const ok = validate(document);
    return { ok, errors: ajv.errorsText(validate.errors) };
  };
}

describe('vectors/', () => {
  const paths = vectorPaths();
  const validate = validator();

  it('holds well over 100 tests', () => {
    const total = paths.reduce((sum, p) => sum + load(p).numberOfTests, 0);
    expect(total).toBeGreaterThan(200);
  });

  it.each(paths)('%s validates against its schema, numbers its tests and explains every flag', (path) => {
    const document = load(path);
    const { ok, errors } = validate(document);
    expect(errors).toBe('No errors');
    expect(ok).toBe(true);
    const tests = document.testGroups.flatMap((g: any) => g.tests);
    expect(tests.map((t: any) => t.tcId)).toEqual(tests.map((_: unknown, i: number) => i + 1));
    expect(document.numberOfTests).toBe(tests.length);
    for (const test of tests) for (const flag of test.flags) expect(document.notes, `note for ${flag}`).toHaveProperty(flag);
  });

  it('rejects a document that breaks the schema', () => {
    const document = structuredClone(load('xconnect/v1_canonicalization.json'));
    document.testGroups[0].tests[0].result = 'maybe';
    expect(validate(document).ok).toBe(false);
    delete document.testGroups[0].tests[0].result;
    expect(validate(document).ok).toBe(false);
  });

  it('is exactly what `pnpm vectors:generate` produces now', () => {
    const generated = allVectorFiles();
    expect(generated.map((f) => f.path).sort()).toEqual(paths);
    for (const file of generated) expect(readFileSync(join(root, file.path), 'utf8'), file.path).toBe(serialise(file.document));
  });

  it("contains the guide's documented example with the guide's values", () => {
    const test = load('xconnect/v1_canonicalization.json').testGroups[0].tests[0];
    expect(test.flags).toContain('Documented');
    expect(test.wire.target).toBe(`${GUIDE.path}?${GUIDE.query}`);
    expect(test.expected.payloadHash).toBe(GUIDE.emptyPayloadHash);
    expect(test.expected.canonicalRequestHash).toBe(GUIDE.canonicalRequestHash);
    expect(test.expected.stringToSign).toBe(GUIDE.stringToSign);
    expect(test.expected.signingKey).toEqual(GUIDE.signingKey);
    expect(test.expected.signature).toBe(GUIDE.signature);
    expect(test.wire.headers['x-arrow-signature']).toBe(GUIDE.signature);
  });

  it.each([
    ['xconnect', 'xconnect_reference.py', 180],
    ['kx', 'kx_reference.py', 50],
  ])('agrees with the independent Python reference signer on every %s signature test', (scheme, reference, atLeast) => {
    const files = paths.filter((p) => p.startsWith(`${scheme}/`)).map((p) => join(root, p));
    const script = join(root, 'reference', reference);
    let output: string;
    try {
      output = execFileSync('python3', [script, ...files], { encoding: 'utf8' });
    } catch (error: any) {
      throw new Error(`python reference disagrees:\n${String(error.stdout).slice(0, 4000)}`);
    }
    const reports = JSON.parse(output) as { checked: number; failures: unknown[] }[];
    expect(reports.flatMap((r) => r.failures)).toEqual([]);
    expect(reports.reduce((sum, r) => sum + r.checked, 0)).toBeGreaterThan(atLeast);
  });

  it('verification vectors are reproduced by a verifier configured from the group alone', () => {
    const body = (wire: any) => wire.body ?? Buffer.from(wire.bodyBase64, 'base64');
    for (const file of ['xconnect/verification.json', 'xconnect/platform_moonstone.json']) {
      for (const group of load(file).testGroups) {
        const records = group.credentials as XConnectCredentialRecord[];
        for (const test of group.tests) {
          const verdict = verifyXConnectRequest({ ...test.wire, body: body(test.wire) }, {
            lookupCredentials: (key) => records.find((r) => r.apiKey === key),
            lookupAuthToken: (token) => records.find((r) => r.apiKey === group.authTokens[token]),
            now: Date.parse(test.serverTime),
            clockWindowSeconds: group.clockWindowSeconds,
            acceptedVersions: group.acceptedVersions,
            ...(group.platform === undefined ? {} : { platform: group.platform }),
          });
          expect([file, test.tcId, verdict.code, verdict.ok, verdict.status, verdict.serverMessage]).toEqual([
            file, test.tcId, test.expectedCode, test.result === 'valid', test.status, test.serverMessage,
          ]);
        }
      }
    }
    for (const group of load('kx/verification.json').testGroups) {
      for (const test of group.tests) {
        const verdict = verifyKxRequest(test.wire, {
          lookupSession: (identity) => group.sessions.find((s: any) => kxIdentity(s.username, s.sessionId) === identity),
          now: Date.parse(test.serverTime),
          profile: group.profile as KxProfile,
        });
        expect([test.tcId, verdict.code, verdict.ok]).toEqual([test.tcId, test.expectedCode, test.result === 'valid']);
      }
    }
  });
});

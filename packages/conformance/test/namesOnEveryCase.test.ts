/** A name must agree with every case the client signed (issue #14, docs/MUTANTS.md "How a name is given"): refuted by a failed case as by a passed one, family members included. */
import { kxProfile, signKxRequest, type XConnectVersion } from '@sigkit/signer';
import { describe, expect, it } from 'vitest';
import { signXConnectMutant } from '../../../mutants/js/xconnectClient.js';
import { inProcessExchange } from '../src/api/inProcessExchange.js';
import { requestSize } from '../src/cases/checkCase.js';
import { generatedKxCase, type GeneratedKxCall } from '../src/cases/kxGenerated.js';
import type { KxSignerCase } from '../src/cases/kxVectorCases.js';
import { xconnectSignRequest, type XConnectSignerCase } from '../src/cases/xconnectVectorCases.js';
import type { KxSignRequest, XConnectSignRequest } from '../src/protocol/types.js';
import { runSuite } from '../src/run/runSuite.js';
import type { Suite } from '../src/run/suite.js';
import { kxSignerSuite } from '../src/suites/kxSigner.js';
import { xconnectSignerSuite } from '../src/suites/xconnectSigner.js';

const API_KEY = '3ab624e1ab749a8bacb3e16426461700afbbadf22351d7fe1a50948a711a7512';

function xconnectCase(caseId: string, rawQuery: string | null, version: XConnectVersion = 1): XConnectSignerCase {
  const body = new Uint8Array(0);
  const request = xconnectSignRequest(caseId, { method: 'GET', path: '/', rawQuery, body, apiKey: API_KEY, secretKey: 'AAAA', timestamp: '2016-04-12T14:28:36.218Z', version });
  return { category: 'edge', caseId, title: caseId, flags: [], request, expect: { body }, size: requestSize(request) };
}

/** The suite with only the given cases: what the test is about is every one of them, nothing drawn at random. */
function only<C extends XConnectSignerCase | KxSignerCase, V>(suite: Suite<C, V>, fixedCases: C[]): Suite<C, V> {
  const { generated: _generated, caseRemovals: _removals, ...rest } = suite;
  return { ...rest, fixedCases };
}

describe('a name must agree with every case signed', () => {
  it('refutes a name true on one failed case by another failed case it would have signed differently', async () => {
    // Hashing the raw query signs "?A=" exactly as NameNotLowercased does, and "?A=%21" as NameNotLowercased +
    // ValueEncoded does; "?A=%21" refutes the first (it would sign "A=!"), "?B=1&A=1" the second (it signs two sorted lines).
    // No case the client passed has a query, so only failed cases can refute them.
    const cases = [xconnectCase('plain', null), xconnectCase('upper-name', 'A='), xconnectCase('upper-name-encoded', 'A=%21'), xconnectCase('unsorted', 'B=1&A=1')];
    const exchange = inProcessExchange('signer', (r: XConnectSignRequest) => signXConnectMutant(r, 'hash-raw-query'));
    const report = await runSuite(only(xconnectSignerSuite({ versions: [1] }), cases), { exchange, subject: 'hash-raw-query', cases: 0, seed: 1 });

    expect(report.cases.map((c) => [c.caseId, c.status])).toEqual([['plain', 'passed'], ['upper-name', 'failed'], ['upper-name-encoded', 'failed'], ['unsorted', 'failed']]);
    // One cause, named by nothing: the mistake is not in the catalogue.
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.flags).toEqual([]);
    expect(report.failures[0]!.occurrences).toBe(3);
    expect(report.failures[0]!.step).toBe('signature');
    expect(report.failures[0]!.headline).toContain('NameNotLowercased');
  });

  it('keeps a name every failed case agrees with, and refutes a tie the client contradicts elsewhere', async () => {
    // Sorting by name then value ties with keeping request order on "?a=&a.b=" (already in that order), and only
    // SortByName reproduces "?a.b=1&a=1"; keeping request order would leave "?b=1&a=1" unsorted, which the client sorted.
    const cases = [xconnectCase('tie', 'a=&a.b='), xconnectCase('prefix', 'a.b=1&a=1'), xconnectCase('unsorted', 'b=1&a=1')];
    const exchange = inProcessExchange('signer', (r: XConnectSignRequest) => signXConnectMutant(r, 'sort-by-name-then-value'));
    const report = await runSuite(only(xconnectSignerSuite({ versions: [1] }), cases), { exchange, subject: 'sort-by-name-then-value', cases: 0, seed: 1 });
    expect(report.failures.map((f) => [f.flags, f.occurrences])).toEqual([[['SortByName'], 2]]);
  });

  it('refutes a family member by a passed case it would have changed: Base64 with "+" turned "-" but "/" kept is not Base64url', async () => {
    // The client writes "-" for "+" and forgets "/" (and keeps the padding). On a signature with "+" and no "/", that is
    // padded Base64url, a member of the Base64Url family; on one with "/" and no "+", it signs right, and padded
    // Base64url would have written "_" there: the member is refuted, so the name is not given.
    const profile = kxProfile();
    const call = (requestId: string): GeneratedKxCall => ({
      group: 'monPublic', method: 'getMem', params: {}, type: null, requestId, dateSeconds: 1_564_160_340, username: 'kxSupport',
      sessionId: '7f3c9a1e5b2d4c8f9e0a1b2c3d4e5f60', bodyStyle: null,
    });
    const macOf = (c: KxSignerCase) => signKxRequest(signInput(c.request)).headers.Authorization.split(':').pop()!;
    let plusOnly: KxSignerCase | undefined;
    let slashOnly: KxSignerCase | undefined;
    for (let i = 0; (plusOnly === undefined || slashOnly === undefined) && i < 10_000; i += 1) {
      const c = generatedKxCase(call(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`), `edge#${i}`, profile);
      const mac = macOf(c);
      if (mac.includes('+') && !mac.includes('/')) plusOnly ??= c;
      if (mac.includes('/') && !mac.includes('+')) slashOnly ??= c;
    }
    expect(plusOnly && slashOnly).toBeTruthy();
    const exchange = inProcessExchange('signer', (r: KxSignRequest) => {
      const signed = signKxRequest(signInput(r));
      const [identity, mac] = [signed.headers.Authorization.slice(0, signed.headers.Authorization.lastIndexOf(':')), signed.headers.Authorization.split(':').pop()!];
      return { method: signed.method, target: signed.path, headers: { ...signed.headers, Authorization: `${identity}:${mac.replace(/\+/g, '-')}` }, body: signed.body };
    });
    const suite = only(kxSignerSuite({ profile }), [plusOnly!, slashOnly!]);
    const report = await runSuite(suite, { exchange, subject: 'plus-to-minus', cases: 0, seed: 1 });

    expect(report.cases.map((c) => c.status)).toEqual(['failed', 'passed']);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.flags).toEqual([]);
    expect(report.failures[0]!.headline).toContain('Base64Url');

    // Without the passed case the member stands, and names the failure.
    const alone = await runSuite(only(kxSignerSuite({ profile }), [plusOnly!]), { exchange, subject: 'plus-to-minus', cases: 0, seed: 1 });
    expect(alone.failures.map((f) => f.flags)).toEqual([['Base64Url']]);
  });
});

function signInput(r: KxSignRequest) {
  const common = { group: r.group, method: r.method, username: r.username, sessionId: r.sessionId, profile: r.profile, contentType: r.contentType };
  return r.body !== undefined ? { ...common, body: r.body } : { ...common, params: r.params, type: r.type, id: r.requestId, date: r.date };
}

/** The signer cases of the KX Connect vectors for one profile: its valid calls and, under the default profile, the deviant clients' calls. */
import type { KxProfile } from '@sigkit/signer';
import type { KxSignRequest } from '../protocol/types.js';
import { requestSize, type CheckCase } from './checkCase.js';
import { readVectorFile, type KxSignatureTest } from './vectorFiles.js';

/** What the KX signer judge compares an answer with, besides the reference verifier. */
export interface KxSignerExpectation {
  /** A valid vector's request as sent: an answer sending the same body and headers must carry its Authorization. */
  vector?: { body: string; contentType: string; authorization: string };
  /** Deviation vectors: the Authorization of a client using the case's flagged variant. */
  deviantAuthorization?: string;
}

/** A KX Connect signer case. */
export type KxSignerCase = CheckCase<KxSignRequest, KxSignerExpectation>;

/** Whether two profiles sign alike (the clock window does not change a signature). */
export function sameSigningProfile(a: KxProfile, b: KxProfile): boolean {
  return a.joiner === b.joiner && a.bodyDigest === b.bodyDigest && a.contentTypePart === b.contentTypePart && a.datePart === b.datePart && a.signatureEncoding === b.signatureEncoding;
}

const FILES = ['kx/default_profile.json', 'kx/profile_variants.json'];

/**
 * Cases from the KX signature vectors whose group runs `profile`: valid tests in `vectors`, invalid
 * ones (deviant clients, default profile only) in `deviation vectors`. The request line carries the
 * vector's exact body, so a client that sends it verbatim must reproduce the vector's Authorization.
 *
 * @example
 * ```ts
 * kxVectorCases(locateVectors(), kxProfile()).length; // 20 valid + 18 deviation requests
 * ```
 */
export function kxVectorCases(vectorsDir: string, profile: KxProfile): KxSignerCase[] {
  const cases: KxSignerCase[] = [];
  for (const path of FILES) {
    const file = readVectorFile<KxSignatureTest>(vectorsDir, path);
    for (const group of file.testGroups) {
      if (group.type !== 'KxSignature' || group.profile === undefined || !sameSigningProfile(group.profile, profile)) continue;
      for (const test of group.tests) {
        const r = test.request;
        const body = JSON.parse(r.body) as { type: string; msg: Record<string, unknown>[]; id: string; date: string };
        const contentType = test.wire.headers['Content-Type'] ?? 'application/json';
        const caseId = `${file.name}#${test.tcId}`;
        const request: KxSignRequest = {
          id: caseId,
          scheme: 'kx',
          role: 'signer',
          group: r.group,
          method: r.method,
          params: body.msg[0] ?? {},
          type: body.type,
          requestId: body.id,
          // What a correct client signs: the body's date, unless the profile signs a Date header.
          date: profile.datePart === 'dateHeader' ? r.date : body.date,
          username: r.username,
          sessionId: r.sessionId,
          contentType,
          body: r.body,
          profile: { ...profile },
        };
        const expect: KxSignerExpectation = {};
        if (test.result === 'invalid') {
          const sent = test.wire.headers['Authorization'];
          if (sent !== undefined) expect.deviantAuthorization = sent;
        } else expect.vector = { body: r.body, contentType, authorization: test.expected.authorization };
        cases.push({
          category: test.result === 'invalid' ? 'deviation vectors' : 'vectors',
          caseId,
          title: test.comment,
          flags: test.flags,
          request,
          expect,
          size: requestSize(request),
        });
      }
    }
  }
  return cases;
}

/** The signer cases of the xConnect vectors: every valid request, and the requests of the deviation vectors. */
import { decodeQuery, type XConnectVersion } from '@sigkit/signer';
import { bodyBytesOf, bodyFields } from '../protocol/bodyEncoding.js';
import type { XConnectSignRequest } from '../protocol/types.js';
import { requestSize, type CheckCase } from './checkCase.js';
import { readVectorFile, type XConnectSignatureTest } from './vectorFiles.js';

/** What the xConnect signer judge compares an answer with, besides the reference verifier. */
export interface XConnectSignerExpectation {
  /** The vector's signature for this request: an answer sending the same request must carry it. */
  vectorSignature?: string;
  /** Deviation vectors: the signature of a client making the vector's mistake (named by the case's flags). */
  deviantSignature?: string;
  /** The body bytes asked for (the request carries them as text or Base64), so the judge need not decode them again. */
  body?: Uint8Array;
}

/** An xConnect signer case. */
export type XConnectSignerCase = CheckCase<XConnectSignRequest, XConnectSignerExpectation>;

/** The parts of an xConnect request to sign, before they become a protocol line. */
export interface XConnectRequestParts {
  method: string;
  path: string;
  /** The query as the kit sends it (decoded into `query` pairs for the line), or null. */
  rawQuery: string | null;
  /**
   * The pairs `rawQuery` decodes to, when the caller built `rawQuery` from them (generated cases),
   * so that it is not decoded again; otherwise `rawQuery` is decoded.
   */
  query?: [name: string, value: string][];
  body: Uint8Array;
  apiKey: string;
  secretKey: string;
  timestamp: string;
  version: XConnectVersion;
}

/**
 * The protocol line for an xConnect request: `query` holds the parameters as the server decodes
 * `rawQuery` (docs/spec/xconnect.md §1.1), so an adapter may use either.
 *
 * @example
 * ```ts
 * xconnectSignRequest('c1', { method: 'GET', path: '/a', rawQuery: 'x=%20y&flag', body: new Uint8Array(), apiKey, secretKey, timestamp, version: 1 }).query;
 * // [['x', ' y'], ['flag', '']]
 * ```
 */
export function xconnectSignRequest(id: string, parts: XConnectRequestParts): XConnectSignRequest {
  const rawQuery = parts.rawQuery === null || parts.rawQuery === '' ? null : parts.rawQuery;
  return {
    id,
    scheme: 'xconnect',
    role: 'signer',
    method: parts.method,
    path: parts.path,
    query: parts.query ?? decodeQuery(rawQuery ?? undefined).map((p) => [p.name, p.value]),
    rawQuery,
    ...bodyFields(parts.body),
    apiKey: parts.apiKey,
    secretKey: parts.secretKey,
    timestamp: parts.timestamp,
    version: parts.version,
  };
}

const FILES = ['xconnect/v1_canonicalization.json', 'xconnect/v0_v2_legacy.json', 'xconnect/v1_deviations.json'];

/**
 * Cases from the xConnect signature vectors whose version is in `versions`: valid and acceptable
 * tests in category `vectors` (the answer must carry the vector's signature), invalid ones in
 * `deviation vectors` (the answer must verify; sending the vector's wrong signature names its flag).
 *
 * @example
 * ```ts
 * xconnectVectorCases(locateVectors(), [1]).length; // 67 valid + 46 deviation requests
 * ```
 */
export function xconnectVectorCases(vectorsDir: string, versions: readonly XConnectVersion[]): XConnectSignerCase[] {
  const cases: XConnectSignerCase[] = [];
  for (const path of FILES) {
    const file = readVectorFile<XConnectSignatureTest>(vectorsDir, path);
    for (const group of file.testGroups) {
      if (group.type !== 'XConnectSignature') continue;
      for (const test of group.tests) {
        const r = test.request;
        if (!versions.includes(r.version)) continue;
        const caseId = `${file.name}#${test.tcId}`;
        const body = bodyBytesOf(r);
        const request = xconnectSignRequest(caseId, {
          method: r.method, path: r.path, rawQuery: r.query, body, apiKey: group.apiKey!, secretKey: group.secretKey!, timestamp: r.timestamp, version: r.version,
        });
        const expect: XConnectSignerExpectation = { body };
        if (test.result === 'invalid') {
          const sent = test.wire.headers['x-arrow-signature'];
          if (sent !== undefined) expect.deviantSignature = sent;
        } else if (test.expected) expect.vectorSignature = test.expected.signature;
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

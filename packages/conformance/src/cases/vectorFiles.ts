/** Reads the published vector files (vectors/README.md) into typed tests, one file at a time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KxProfile, KxSessionRecord, XConnectCredentialRecord, XConnectVersion } from '@sigkit/signer';
import { ConformanceError } from '../errors.js';
import type { BodyFields } from '../protocol/types.js';

/** A wire request as the vector files write it. */
export interface VectorWire extends BodyFields {
  method: string;
  target: string;
  headers: Record<string, string>;
}

/** Fields every vector test has (Wycheproof style). */
export interface VectorTestBase {
  tcId: number;
  comment: string;
  flags: string[];
  result: 'valid' | 'invalid' | 'acceptable';
}

/** An `XConnectSignature` test. */
export interface XConnectSignatureTest extends VectorTestBase {
  request: BodyFields & { method: string; path: string; query: string | null; timestamp: string; version: XConnectVersion };
  wire: VectorWire;
  expected: { signature: string; canonicalRequest: string; stringToSign: string } | null;
}

/** A `KxSignature` test. */
export interface KxSignatureTest extends VectorTestBase {
  request: { group: string; method: string; username: string; sessionId: string; date: string; body: string };
  wire: VectorWire;
  expected: { authorization: string; signature: string; stringToSign: string };
}

/** An `XConnectVerification` or `KxVerification` test. */
export interface VerificationTest extends VectorTestBase {
  serverTime: string;
  wire: VectorWire;
  expectedCode: string;
}

/** A test group of a vector file, with the group's own fields. */
export interface VectorGroup<T> {
  type: string;
  tests: T[];
  apiKey?: string;
  secretKey?: string;
  profile?: KxProfile;
  credentials?: XConnectCredentialRecord[];
  authTokens?: Record<string, string>;
  clockWindowSeconds?: number;
  acceptedVersions?: XConnectVersion[];
  sessions?: KxSessionRecord[];
}

/** A vector file. */
export interface VectorFile<T> {
  /** The file's path under the vectors folder, e.g. `xconnect/v1_canonicalization.json`. */
  path: string;
  /** The file name without folder and extension, used in case ids: `v1_canonicalization`. */
  name: string;
  notes: Record<string, { bugType: string; description: string }>;
  testGroups: VectorGroup<T>[];
}

/**
 * Loads one vector file. Throws `VECTORS_UNREADABLE` when it is missing or not a vector file.
 *
 * @example
 * ```ts
 * const file = readVectorFile<XConnectSignatureTest>(locateVectors(), 'xconnect/v1_canonicalization.json');
 * file.testGroups[0].tests[0].expected?.signature; // '28c3ab6c…'
 * ```
 */
export function readVectorFile<T>(vectorsDir: string, path: string): VectorFile<T> {
  let document: { notes?: unknown; testGroups?: unknown };
  try {
    document = JSON.parse(readFileSync(join(vectorsDir, path), 'utf8')) as typeof document;
  } catch (error) {
    throw new ConformanceError('VECTORS_UNREADABLE', `cannot read vector file ${path}: ${(error as Error).message}`, { expected: 'the vectors/ folder of sigkit' });
  }
  if (!Array.isArray(document.testGroups)) {
    throw new ConformanceError('VECTORS_UNREADABLE', `${path} has no testGroups`, { expected: 'a sigkit vector file (vectors/README.md)' });
  }
  const name = path.replace(/^.*\//, '').replace(/\.json$/, '');
  return { path, name, notes: (document.notes ?? {}) as VectorFile<T>['notes'], testGroups: document.testGroups as VectorGroup<T>[] };
}

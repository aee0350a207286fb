/** Shared building blocks of the vector files: deterministic keys, body encoding, file layout. */

/** One vector file: its path under vectors/ and its JSON document. */
export interface VectorFile {
  path: string;
  document: Record<string, unknown>;
}

/** The note of one flag: Wycheproof's `{ bugType, description }`. */
export interface FlagNote {
  bugType: string;
  description: string;
  effect?: string;
}

/** A small deterministic PRNG (mulberry32) so generated keys never change between runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` characters drawn from `alphabet` with `random`. */
export function randomText(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A body as stored in a vector: UTF-8 text as `body`, anything else as `bodyBase64`. */
export function bodyField(body: string | Uint8Array): { body: string } | { bodyBase64: string } {
  if (typeof body === 'string') return { body };
  const text = Buffer.from(body).toString('utf8');
  if (Buffer.from(text, 'utf8').equals(Buffer.from(body))) return { body: text };
  return { bodyBase64: Buffer.from(body).toString('base64') };
}

/** Serialises a vector document the same way every time (2-space JSON, trailing newline). */
export function serialise(document: Record<string, unknown>): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** A test before it is numbered. */
export type UnnumberedTest = Record<string, unknown>;

/** A verification test: the wire request, the server time it is judged at, and the reference verifier's verdict. */
export function verificationTest(
  c: { comment: string; flags: string[] },
  serverTime: number,
  wire: Record<string, unknown>,
  verdict: { ok: boolean; code: string; serverMessage: string; status: number },
): UnnumberedTest {
  return {
    comment: c.comment,
    flags: c.flags,
    serverTime: new Date(serverTime).toISOString(),
    wire,
    expectedCode: verdict.code,
    serverMessage: verdict.serverMessage,
    status: verdict.status,
    result: verdict.ok ? 'valid' : 'invalid',
  };
}

/** A vector file's header fields, before its tests are numbered. */
export interface VectorHeader {
  algorithm: string;
  schema: string;
  header: string[];
  notes: Record<string, FlagNote>;
}

/**
 * Lays out a vector document: header fields, `numberOfTests`, then the groups with every test
 * numbered 1..n (`tcId` first). Only flags that a test uses are kept in `notes`; a flag a test
 * uses without a note is a generator bug and throws.
 */
export function vectorDocument(
  header: VectorHeader,
  groups: { group: Record<string, unknown>; tests: UnnumberedTest[] }[],
): Record<string, unknown> {
  let tcId = 0;
  const used = new Set<string>();
  const testGroups = groups
    .filter((g) => g.tests.length > 0)
    .map(({ group, tests }) => ({
      ...group,
      tests: tests.map((test) => {
        for (const flag of (test.flags as string[]) ?? []) used.add(flag);
        return { tcId: ++tcId, ...test };
      }),
    }));
  for (const flag of used) if (!header.notes[flag]) throw new Error(`flag ${flag} has no note in ${header.algorithm}`);
  const notes = Object.fromEntries(Object.entries(header.notes).filter(([flag]) => used.has(flag)));
  return {
    algorithm: header.algorithm,
    schema: header.schema,
    generatorVersion: GENERATOR_VERSION,
    numberOfTests: tcId,
    header: header.header,
    notes,
    testGroups,
  };
}

/** Bumped when the layout of the vector files changes. */
export const GENERATOR_VERSION = '1.0.0';

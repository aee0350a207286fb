/** What the tamper campaign's two schemes share: a request as it travels, a tampered request, the seeded world requests can name, and small random helpers. */
import type { Random } from './campaignKit.js';

/** A request as it travels: method, raw request-target, headers (lower-case names) and body bytes. */
export interface Wire {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** One tampered request: what was changed, and the checks (docs/spec/xconnect.md §3, docs/spec/kx-connect.md §2) that may refuse it. */
export interface Tampered {
  kind: string;
  wire: Wire;
  expectedCodes: readonly string[];
}

/** What the seeded mock holds that requests can name. */
export interface World {
  gateways: string[];
  devices: string[];
  application: string;
  sessions: Array<{ username: string; sessionId: string }>;
}

export const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Replaces one byte of the body with a different byte. */
export function mutateByte(r: Random, body: Buffer): Buffer {
  const mutated = Buffer.from(body);
  const at = r.int(mutated.length);
  mutated[at] = (mutated[at]! + 1 + r.int(255)) % 256;
  return mutated;
}

export function shuffled<T>(r: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Draws a mutation of `wire` until it changes what the server signs or compares (`material`): a
 * character replaced by itself, or a query value that trims to the same text, is no mutation.
 */
export function drawRealMutation(wire: Wire, material: (wire: Wire) => string, draw: () => Wire, what: string): Wire {
  const original = material(wire);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const mutated = draw();
    if (material(mutated) !== original) return mutated;
  }
  throw new Error(`no ${what} changes what is signed`);
}

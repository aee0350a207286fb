/**
 * Issue #18: signatures are compared in constant time wherever they are compared, as the verifiers
 * do. A timing test would be flaky on a shared machine, so the source is read instead: a signature
 * compared with `===` or `!==` fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainKxMismatch } from './explain.js';
import { signKxRequest } from './sign.js';
import { signKxRequestAs } from './signAs.js';

/** Lines comparing something named like a signature with `===`/`!==`, either side. */
function plainSignatureCompares(source: string): string[] {
  return source.split('\n').filter((line) => /[sS]ignature\??\s*[!=]==(?!\s*undefined)|[!=]==\s*[\w.?]*[sS]ignature\b/.test(line) && !/^\s*(\/\/|\*)/.test(line));
}

describe('KX explain compares signatures in constant time', () => {
  it('has no signature compared with === or !==', () => {
    const source = readFileSync(fileURLToPath(new URL('./explain.ts', import.meta.url)), 'utf8');
    expect(plainSignatureCompares(source)).toEqual([]);
  });

  it('still tells a match from a mismatch', () => {
    const credentials = { username: 'kxSupport', sessionId: '0f5b6c0a3e9d4b7f8a1c2d3e4f5a6b7c' };
    const input = { group: 'monPublic', method: 'getMem', ...credentials, body: '{"id": "1", "date": "Fri, 26 Jul 2019 16:59:00 GMT"}' };
    const wire = (request: ReturnType<typeof signKxRequest>) => ({ method: request.method, target: request.path, headers: { ...request.headers }, body: request.body });
    expect(explainKxMismatch(wire(signKxRequest(input)), credentials)).toMatchObject({ matches: [[]], reproducedByProfile: true });
    expect(explainKxMismatch(wire(signKxRequestAs(input, ['Md5UpperHex'])), credentials)).toMatchObject({ matches: [['Md5UpperHex']], reproducedByProfile: false });
  });
});

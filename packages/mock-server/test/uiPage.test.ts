/** The inspector page's own logic (the marked differences, invisible characters, binary bodies), and its sources type-check as browser code. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffChars, diffTexts, hexDump, showInvisible } from '../ui/src/diff.js';

const changed = (segments: { text: string; changed: boolean }[]) => segments.filter((s) => s.changed).map((s) => s.text);

describe('the differences the page marks', () => {
  it('marks the \\r a CRLF client added, and only it', () => {
    const expected = 'GET\n/api/v1/kronos/devices\n_page=0\n_size=2\ne3b0';
    const sent = 'GET\n/api/v1/kronos/devices\n_page=0\r\n_size=2\r\ne3b0';
    const diff = diffTexts(expected, sent);
    expect(changed(diff.expected)).toEqual([]);
    expect(changed(diff.sent)).toEqual(['\r', '\r']);
    expect(diff.sent.map((s) => s.text).join('')).toBe(sent);
    expect(diff.expected.map((s) => s.text).join('')).toBe(expected);
  });

  it('marks the separators a KX client left out, and a differing hash whole', () => {
    const diff = diffTexts('POST\n/p\nuser', 'POST/puser');
    expect(changed(diff.expected)).toEqual(['\n', '\n']);
    expect(changed(diff.sent)).toEqual([]);
    const hashes = diffTexts('a\n29def21f6d61e4491d9f5835257d14492d0cdebf83349015e8f463c4f73d1434', 'a\nb90f08d060ebb7245086c8d9a870abdc1e9377798abc3bb10d6539827eac10e5');
    expect(changed(hashes.expected)).toEqual(['29def21f6d61e4491d9f5835257d14492d0cdebf83349015e8f463c4f73d1434']);
  });

  it('falls back to prefix and suffix on texts too long to diff by character', () => {
    const long = 'x'.repeat(3000);
    const diff = diffChars(`${long}a${long}`, `${long}bb${long}`);
    expect(changed(diff.expected)).toEqual(['a']);
    expect(changed(diff.sent)).toEqual(['bb']);
  });
});

describe('invisible characters and binary bodies', () => {
  it('shows \\r, \\n, tabs and trailing spaces', () => {
    const shown = showInvisible('a\r\n\tb  \nc');
    expect(shown.map((s) => s.text).join('')).toBe('a\\r\\n\\tb··\\nc');
    expect(shown.filter((s) => s.invisible).map((s) => s.invisible)).toEqual(['carriage return', 'line feed', 'tab', 'trailing space', 'line feed']);
    expect(shown.filter((s) => s.breakAfter)).toHaveLength(2);
  });

  it('dumps bytes as hex with their printable ASCII', () => {
    expect(hexDump(new Uint8Array([0x00, 0x41, 0xff, 0x0d]))).toBe(`000000  00 41 ff 0d${' '.repeat(36)}  .A..`);
    expect(hexDump(new Uint8Array(40), 16).split('\n').at(-1)).toBe('… 24 more bytes');
  });
});

describe('the page sources', () => {
  it('type-check as browser code (the root project has no DOM library)', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const project = fileURLToPath(new URL('../ui/tsconfig.json', import.meta.url));
    expect(() => execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});

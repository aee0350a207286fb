import { describe, expect, it } from 'vitest';
import { parseCurl } from './parseCurl.js';
import { journalEntryToCurl, shellQuote } from './toCurl.js';

const entry = (over: Partial<Parameters<typeof journalEntryToCurl>[0]> = {}) => ({
  id: 4,
  method: 'POST',
  target: '/api/v1/kronos/a/../b?x=%2F&y=[1]',
  headers: { host: 'localhost:8080', 'content-length': '9', 'x-arrow-apikey': 'k', accept: ['a', 'b'] },
  body: { size: 9, truncated: false, encoding: 'utf8' as const, data: `it's @ok`, redacted: false },
  ...over,
});

describe('journalEntryToCurl', () => {
  it('keeps the raw target and body, drops what curl writes itself, and parses back to the same request', () => {
    const { command, notes } = journalEntryToCurl(entry(), 'http://127.0.0.1:8080/');
    expect(notes).toEqual([]);
    expect(command).toBe(
      `curl -X POST --path-as-is --globoff 'http://127.0.0.1:8080/api/v1/kronos/a/../b?x=%2F&y=[1]' -H 'x-arrow-apikey: k' -H 'accept: a' -H 'accept: b' -H Content-Type: -H Expect: --data-binary 'it'\\''s @ok'`,
    );
    const parsed = parseCurl(command);
    expect(parsed).toMatchObject({ method: 'POST', target: '/api/v1/kronos/a/../b?x=%2F&y=[1]', headers: { 'x-arrow-apikey': 'k', accept: 'a' } });
    expect(Buffer.from(parsed.body).toString()).toBe(`it's @ok`);
    expect(Object.keys(parsed.headers).map((h) => h.toLowerCase())).not.toContain('content-type');
  });

  it('sends a body starting with @ as data, never as a file name', () => {
    expect(journalEntryToCurl(entry({ body: { size: 5, encoding: 'utf8', data: '@/etc' } }), 'http://h').command).toMatch(/--data-raw @\/etc$/);
  });

  it('notes a redacted header, a redacted or cut body, and writes a binary body through base64', () => {
    const { command, notes } = journalEntryToCurl(
      entry({ headers: { authorization: '[redacted]' }, body: { size: 400, truncated: true, encoding: 'base64', data: Buffer.from([0, 1, 255]).toString('base64'), redacted: true } as never }),
      'http://h',
    );
    expect(command).toContain(`--data-binary @<(printf %s AAH/ | base64 -d)`);
    expect(notes).toEqual([
      'the journal redacted the authorization header: replace "[redacted]" with the real value before sending it again',
      "the journal kept only the first 3 of the body's 400 bytes",
      'the journal redacted secrets in the body (written "[redacted]")',
      'the body is binary: the command needs bash (process substitution) and base64',
    ]);
  });

  it('refuses a base URL that is not http(s) and a target that is not a path', () => {
    expect(() => journalEntryToCurl(entry(), 'ftp://h')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => journalEntryToCurl(entry({ target: '*' }), 'http://h')).toThrow(/not a path/);
  });

  it('quotes only what a shell would read otherwise', () => {
    expect(shellQuote('abc-1.2/x=y')).toBe('abc-1.2/x=y');
    expect(shellQuote('a b')).toBe(`'a b'`);
    expect(shellQuote(`$HOME 'x'`)).toBe(`'$HOME '\\''x'\\'''`);
  });
});

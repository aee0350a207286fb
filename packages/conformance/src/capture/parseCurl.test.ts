import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCurl } from './parseCurl.js';

describe('parseCurl', () => {
  it('reads a "Copy as cURL" command with quotes, continuations and a raw body', () => {
    const captured = parseCurl(`curl 'https://host/api/v1/kronos/gateways?lastName=Doe&firstName=Jane' \\\n  -X POST \\\n  -H 'x-arrow-date: 2016-04-12T14:28:36.218Z' -H "x-arrow-version: 1" \\\n  --data-raw '{"a": "b c"}' --compressed`);
    expect(captured).toMatchObject({ method: 'POST', target: '/api/v1/kronos/gateways?lastName=Doe&firstName=Jane', headers: { 'x-arrow-date': '2016-04-12T14:28:36.218Z', 'x-arrow-version': '1' } });
    expect(Buffer.from(captured.body).toString()).toBe('{"a": "b c"}');
  });

  it('defaults to GET without data and POST with it, keeps $VARS literal and reads @files', () => {
    expect(parseCurl('curl http://h/a -H "x-arrow-apikey: $KEY"')).toMatchObject({ method: 'GET', headers: { 'x-arrow-apikey': '$KEY' } });
    const dir = mkdtempSync(join(tmpdir(), 'sigkit-curl-'));
    try {
      writeFileSync(join(dir, 'body.json'), '{"x":\r\n1}');
      const binary = parseCurl('curl http://h/a --data-binary @body.json', dir);
      expect(binary.method).toBe('POST');
      expect(Buffer.from(binary.body).toString()).toBe('{"x":\r\n1}');
      expect(Buffer.from(parseCurl('curl http://h/a -d @body.json', dir).body).toString()).toBe('{"x":1}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves data into the query with -G', () => {
    expect(parseCurl("curl -G http://h/a?x=1 -d 'y=2'")).toMatchObject({ method: 'GET', target: '/a?x=1&y=2' });
  });

  it('refuses what is not a single curl command', () => {
    expect(() => parseCurl('wget http://h/a')).toThrow(/does not start with curl/);
    expect(() => parseCurl('curl http://h/a | jq .')).toThrow(/shell operator "\|"/);
    expect(() => parseCurl('curl -H')).toThrow(/has no value/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { imageSize, inlineOrFile, jsonObject, jsonText, queryPair } from './argumentValues.js';

const dir = mkdtempSync(join(tmpdir(), 'sigkit-args-'));
writeFileSync(join(dir, 'body.json'), '{ "uid" : "x" }\n');
writeFileSync(join(dir, 'list.json'), '[1]');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('option values', () => {
  it('reads @file relative to the working directory, and inline text as is', () => {
    expect(inlineOrFile('@body.json', dir)).toBe('{ "uid" : "x" }\n');
    expect(inlineOrFile('{"a":1}', dir)).toBe('{"a":1}');
    expect(() => inlineOrFile('@missing.json', dir)).toThrow(new InvalidArgumentError('cannot read missing.json: ENOENT.'));
    expect(() => inlineOrFile('@', dir)).toThrow(InvalidArgumentError);
  });

  it('keeps JSON text byte for byte, and refuses what is not JSON', () => {
    expect(jsonText(dir)('@body.json')).toBe('{ "uid" : "x" }\n');
    expect(() => jsonText(dir)('{uid: 1}')).toThrow(/^not JSON: /);
  });

  it('takes only a JSON object as a parameter dictionary', () => {
    expect(jsonObject(dir)('{"syms":["a"]}')).toEqual({ syms: ['a'] });
    expect(() => jsonObject(dir)('@list.json')).toThrow(/must be a JSON object/);
    expect(() => jsonObject(dir)('null')).toThrow(/must be a JSON object/);
  });

  it('collects name=value pairs in order, a bare name with the empty value', () => {
    expect(queryPair('b', queryPair('a=1=2'))).toEqual([['a', '1=2'], ['b', '']]);
    expect(() => queryPair('=x')).toThrow(/non-empty name/);
  });

  it('reads WIDTHxHEIGHT within bounds', () => {
    expect(imageSize('960x540')).toEqual({ width: 960, height: 540 });
    expect(imageSize('100X8000')).toEqual({ width: 100, height: 8000 });
    for (const bad of ['99x500', '500x8001', '960', '960x', 'x540', '9.5x10', '-1x10']) expect(() => imageSize(bad), bad).toThrow(InvalidArgumentError);
  });
});

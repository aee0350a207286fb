import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideEmbeddedVectors, type EmbeddedVectors } from './embeddedVectors.js';

const ID = '0123456789abcdef';
const VECTORS: EmbeddedVectors = { files: { 'xconnect/v1_canonicalization.json': '{"testGroups":[]}', 'kx/default_profile.json': '{}' } };

let work = '';
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sigkit-embedded-vectors-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A source whose reads are counted. */
function source(env: NodeJS.ProcessEnv, vectors: EmbeddedVectors = VECTORS, id = ID) {
  const reads = { vectors: 0 };
  return {
    reads,
    source: {
      readId: () => id,
      readVectors: () => {
        reads.vectors += 1;
        return vectors;
      },
      env,
      home: join(work, 'home'),
    },
  };
}

describe('provideEmbeddedVectors', () => {
  it('unpacks the vectors once into $XDG_CACHE_HOME and points SIGKIT_VECTORS at them', () => {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: join(work, 'cache') };
    const first = source(env);
    const folder = provideEmbeddedVectors(first.source);
    expect(folder).toBe(join(work, 'cache', 'sigkit', `vectors-${ID}`));
    expect(env['SIGKIT_VECTORS']).toBe(folder);
    expect(readFileSync(join(folder!, 'xconnect', 'v1_canonicalization.json'), 'utf8')).toBe('{"testGroups":[]}');
    expect(readdirSync(join(work, 'cache', 'sigkit'))).toEqual([`vectors-${ID}`]);

    // The next start finds them and does not read the asset again.
    const again = source({ XDG_CACHE_HOME: join(work, 'cache') });
    expect(provideEmbeddedVectors(again.source)).toBe(folder);
    expect(again.reads.vectors).toBe(0);
  });

  it('leaves a SIGKIT_VECTORS the user set alone', () => {
    const env: NodeJS.ProcessEnv = { SIGKIT_VECTORS: '/my/vectors', XDG_CACHE_HOME: join(work, 'cache') };
    const { source: given, reads } = source(env);
    expect(provideEmbeddedVectors(given)).toBeUndefined();
    expect(env['SIGKIT_VECTORS']).toBe('/my/vectors');
    expect(reads.vectors).toBe(0);
    expect(existsSync(join(work, 'cache'))).toBe(false);
  });

  it('uses ~/.cache when XDG_CACHE_HOME is unset or relative', () => {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: 'relative/cache' };
    expect(provideEmbeddedVectors(source(env).source)).toBe(join(work, 'home', '.cache', 'sigkit', `vectors-${ID}`));
  });

  it('unpacks again over a folder an interrupted run left without its completion marker', () => {
    const folder = join(work, 'cache', 'sigkit', `vectors-${ID}`);
    mkdirSync(join(folder, 'xconnect'), { recursive: true });
    writeFileSync(join(folder, 'xconnect', 'v1_canonicalization.json'), '{"trunc');
    const { source: given, reads } = source({ XDG_CACHE_HOME: join(work, 'cache') });
    expect(provideEmbeddedVectors(given)).toBe(folder);
    expect(reads.vectors).toBe(1);
    expect(readFileSync(join(folder, 'xconnect', 'v1_canonicalization.json'), 'utf8')).toBe('{"testGroups":[]}');
  });

  it('falls back to the next cache folder when one cannot be written', () => {
    // A file where the folder should be: no user, root included, can create a folder inside it.
    const notAFolder = join(work, 'not-a-folder');
    writeFileSync(notAFolder, '');
    expect(provideEmbeddedVectors(source({ XDG_CACHE_HOME: notAFolder }).source)).toBe(join(work, 'home', '.cache', 'sigkit', `vectors-${ID}`));
  });

  it('refuses a file path that leaves the vectors folder, leaving nothing behind', () => {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: join(work, 'cache') };
    const escaping = { files: { '../../escaped.json': '{}' } };
    const given = { ...source(env, escaping).source, home: join(work, 'cache') };
    // Every cache root refuses it; the system temp folder is the last one tried.
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      expect(provideEmbeddedVectors(given)).toBeUndefined();
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    }
    expect(env['SIGKIT_VECTORS']).toBeUndefined();
    expect(existsSync(join(work, 'escaped.json'))).toBe(false);
    expect(readdirSync(join(work, 'cache', 'sigkit'))).toEqual([]);
    expect(readdirSync(tmp)).toEqual(['sigkit']);
    expect(readdirSync(join(tmp, 'sigkit'))).toEqual([]);
  });

  it('rejects a malformed id instead of using it in a path', () => {
    expect(() => provideEmbeddedVectors(source({ XDG_CACHE_HOME: join(work, 'cache') }, VECTORS, '../x').source)).toThrow(/malformed id "\.\.\/x"/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('../src/core', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the core stays platform-neutral', () => {
  it('imports no HTTP framework and no Node I/O, so MSW handlers can sit on it', () => {
    const files = sourceFiles(CORE);
    expect(files.length).toBeGreaterThan(20);
    const forbidden = /from '(express|supertest|msw|node:(http|https|net|tls|fs|fs\/promises|path|child_process))'/;
    const offenders = files.filter((file) => forbidden.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('opens every module with a one-line comment saying what it is', () => {
    const missing = sourceFiles(CORE).filter((file) => !/^\/\*\* [^\n]+\*\/\n/.test(readFileSync(file, 'utf8')));
    expect(missing).toEqual([]);
  });
});

#!/usr/bin/env node
/**
 * Builds the workspace package in the current directory into what its tarball ships: a clean `dist/`
 * compiled by tsc, plus the files every installed package must carry on its own — the LICENSE, the
 * project's specification (`docs/spec/`, which messages cite as `docs/spec/xconnect.md §N`) and, for
 * @sigkit/conformance, the published test vectors under `dist/vectors/` where `locateVectors` finds them.
 * Plain JavaScript so that it runs during `pnpm install`, before any TypeScript loader is there.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = process.cwd();
const { name } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

const tsc = createRequire(join(pkgDir, 'package.json')).resolve('typescript/bin/tsc');
let output;
try {
  output = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listEmittedFiles'], { cwd: pkgDir, encoding: 'utf8' });
} catch (error) {
  process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
  console.error(`build of ${name} failed`);
  process.exit(1);
}
// A stale file in dist/ (a module since renamed) would otherwise be packed and shipped. It is removed
// after the build, not by emptying dist/ before it, so a process running the built CLI meanwhile
// (a test, a started mock) never finds its modules gone.
const emitted = new Set(output.split('\n').filter((line) => line.startsWith('TSFILE: ')).map((line) => line.slice('TSFILE: '.length).trim()));
const dist = join(pkgDir, 'dist');
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  if (entry.isFile() && !emitted.has(file) && !file.startsWith(join(dist, 'vectors'))) rmSync(file);
}

cpSync(join(root, 'LICENSE'), join(pkgDir, 'LICENSE'));
rmSync(join(pkgDir, 'docs'), { recursive: true, force: true });
cpSync(join(root, 'docs', 'spec'), join(pkgDir, 'docs', 'spec'), { recursive: true });
if (name === '@sigkit/conformance') {
  cpSync(join(root, 'vectors'), join(pkgDir, 'dist', 'vectors'), { recursive: true, filter: (src) => !/__pycache__|\.pyc$/.test(src) });
}
if (name === '@sigkit/mock-server') {
  // The inspector page (/__sigkit/ui) ships prebuilt in dist/ui: users need no build step.
  const { buildInspector } = await import('./build-inspector.mjs');
  await buildInspector();
}

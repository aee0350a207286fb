#!/usr/bin/env node
/**
 * Builds the mock's inspector page (packages/mock-server/ui, Preact + TypeScript) into
 * `packages/mock-server/dist/ui/`: `index.html`, `assets/app.js` and `assets/app.css`, minified, with
 * no source maps and nothing loaded from elsewhere, so the page ships prebuilt in the package and
 * works offline under its strict Content-Security-Policy. Called by build-package.mjs for
 * @sigkit/mock-server; plain JavaScript, as that script is. Prints the gzipped size.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages', 'mock-server');
const source = join(pkgDir, 'ui');
const out = join(pkgDir, 'dist', 'ui');

/** Builds the page into `outDir` (default the package's dist/ui) and returns the gzipped size of each file. */
export async function buildInspector(outDir = out) {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(source, 'src', 'main.tsx'), 'app-style': join(source, 'src', 'style.css') },
    outdir: join(outDir, 'assets'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    // The page names no file from elsewhere: an import that is not bundled would fail the build.
    metafile: false,
  });
  // esbuild names a CSS entry after its key; the page links app.css.
  copyFileSync(join(outDir, 'assets', 'app-style.css'), join(outDir, 'assets', 'app.css'));
  rmSync(join(outDir, 'assets', 'app-style.css'));
  copyFileSync(join(source, 'index.html'), join(outDir, 'index.html'));
  const sizes = {};
  for (const name of ['index.html', 'assets/app.js', 'assets/app.css']) sizes[name] = gzipSync(readFileSync(join(outDir, name)), { level: 9 }).length;
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildInspector(process.argv[2] ?? out);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`inspector: ${(total / 1024).toFixed(1)} KiB gzipped (${Object.entries(sizes).map(([n, s]) => `${n} ${s}`).join(', ')})`);
}

/** Finds the published test vectors on disk: the copy shipped inside this package, or the repository's `vectors/` folder. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from '../errors.js';

const MARKER = join('xconnect', 'v1_canonicalization.json');

/**
 * The vectors folder: `explicit` when given, else `$SIGKIT_VECTORS`, else the nearest `vectors/`
 * above this module. Installed, that is the package's own `dist/vectors/` (the build copies the
 * repository's `vectors/` there); in a checkout running the sources, it is the repository's.
 * Throws `VECTORS_NOT_FOUND` naming where it looked.
 *
 * @example
 * ```ts
 * locateVectors(); // '…/node_modules/@sigkit/conformance/dist/vectors'
 * ```
 */
export function locateVectors(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit !== undefined) candidates.push(resolve(explicit));
  else {
    if (process.env['SIGKIT_VECTORS']) candidates.push(resolve(process.env['SIGKIT_VECTORS']));
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      candidates.push(join(dir, 'vectors'));
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  const found = candidates.find((dir) => existsSync(join(dir, MARKER)));
  if (found === undefined) {
    throw new ConformanceError('VECTORS_NOT_FOUND', `no test vectors found (looked in ${candidates.slice(0, 3).join(', ')}${candidates.length > 3 ? ', …' : ''})`, {
      expected: `a folder holding ${MARKER}: pass vectorsDir / --vectors, or set SIGKIT_VECTORS`,
    });
  }
  return found;
}

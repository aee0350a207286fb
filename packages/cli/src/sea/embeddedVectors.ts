/** Gives `sigkit check` the test vectors embedded in the single-file binary: unpacked once into a cache folder named for their content. */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/** The SEA asset holding the id of the embedded vectors: the first 16 hex digits of their SHA-256. */
export const VECTORS_ID_ASSET = 'vectors-id';

/** The SEA asset holding the embedded vectors: {@link EmbeddedVectors} as JSON. */
export const VECTORS_ASSET = 'vectors';

/** The vectors' JSON files as the build script embeds them. */
export interface EmbeddedVectors {
  /** Path under `vectors/` with `/` separators (`xconnect/v1_canonicalization.json`) → file text. */
  files: Record<string, string>;
}

/** Where the embedded vectors come from and where they may go; every field can be replaced in a test. */
export interface EmbeddedVectorsSource {
  /** The content id of the embedded vectors (names the cache folder). */
  readId: () => string;
  /** The embedded vectors, read only when they must be unpacked. */
  readVectors: () => EmbeddedVectors;
  /** The environment to read `SIGKIT_VECTORS`, `XDG_CACHE_HOME` from and set `SIGKIT_VECTORS` in. */
  env: NodeJS.ProcessEnv;
  /** The home folder, for `~/.cache` when `XDG_CACHE_HOME` is not set. */
  home?: string;
}

/** Written last in an unpacked folder: a folder without it was interrupted and is unpacked again. */
const COMPLETE_MARKER = '.complete';

/**
 * Points `SIGKIT_VECTORS` at the embedded vectors, unpacked into
 * `$XDG_CACHE_HOME/sigkit/vectors-<id>` (else `~/.cache/…`, else the system temp folder) the
 * first time and reused after. Does nothing when the user set `SIGKIT_VECTORS`, whose choice wins.
 * Returns the folder used, or `undefined` when none could be written (`check` then says it found
 * no vectors and how to give them).
 *
 * @example
 * ```ts
 * import { getAsset } from 'node:sea';
 * provideEmbeddedVectors({
 *   readId: () => getAsset(VECTORS_ID_ASSET, 'utf8'),
 *   readVectors: () => JSON.parse(getAsset(VECTORS_ASSET, 'utf8')),
 *   env: process.env,
 * });
 * ```
 */
export function provideEmbeddedVectors(source: EmbeddedVectorsSource): string | undefined {
  if (source.env['SIGKIT_VECTORS']) return undefined;
  const id = source.readId().trim();
  if (!/^[0-9a-f]{16}$/.test(id)) throw new Error(`the binary's embedded vectors have a malformed id ${JSON.stringify(id)} (expected 16 hex digits): rebuild it with pnpm build:binary`);
  for (const root of cacheRoots(source)) {
    const folder = join(root, 'sigkit', `vectors-${id}`);
    if (existsSync(join(folder, COMPLETE_MARKER)) || tryUnpack(folder, source.readVectors)) {
      source.env['SIGKIT_VECTORS'] = folder;
      return folder;
    }
  }
  return undefined;
}

function cacheRoots(source: EmbeddedVectorsSource): string[] {
  const roots: string[] = [];
  const xdg = source.env['XDG_CACHE_HOME'];
  // The XDG spec says a relative path is invalid and must be ignored.
  if (xdg && resolve(xdg) === xdg) roots.push(xdg);
  const home = source.home ?? safeHomedir();
  if (home) roots.push(join(home, '.cache'));
  roots.push(tmpdir());
  return roots;
}

function safeHomedir(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined;
  }
}

/** Unpacks into a fresh sibling folder, then renames it into place, so a reader never sees half a folder. */
function tryUnpack(folder: string, readVectors: () => EmbeddedVectors): boolean {
  let staging: string | undefined;
  try {
    mkdirSync(dirname(folder), { recursive: true });
    staging = mkdtempSync(`${folder}.partial-`);
    for (const [path, text] of Object.entries(readVectors().files)) {
      const target = resolve(staging, path);
      // The paths come from our own build, but a path leaving the folder would be a broken binary.
      if (!target.startsWith(staging + sep)) throw new Error(`embedded vector path ${JSON.stringify(path)} leaves the vectors folder`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    writeFileSync(join(staging, COMPLETE_MARKER), '');
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
    return true;
  } catch {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
    // Another sigkit may have unpacked the same vectors in the meantime (the rename lost the race).
    return existsSync(join(folder, COMPLETE_MARKER));
  }
}

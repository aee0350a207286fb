/**
 * `pnpm build:binary [--out <dir>]`: the single-file `sigkit` executable for machines without Node
 * (a Node single executable application): the CLI bundled into one CommonJS file, the test vectors
 * embedded as assets, both injected into a copy of this Node binary.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'packages', 'cli');
const VECTORS = join(ROOT, 'vectors');

/** The fuse Node looks for to know a blob was injected (Node's SEA documentation, "Injecting the preparation blob"). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** What a build needs to be told. */
export interface BuildBinaryOptions {
  /** The folder the executable is written to (created if missing). */
  outDir: string;
}

/** The command line could not be used. */
class BuildBinaryUsageError extends Error {
  constructor(message: string) {
    super(`${message} (usage: pnpm build:binary [--out <dir>])`);
    this.name = 'BuildBinaryUsageError';
  }
}

function parseArgs(argv: readonly string[]): BuildBinaryOptions {
  // INIT_CWD: under pnpm the script runs in the repository root, but --out is the caller's path.
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  let outDir = join(ROOT, 'dist');
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? argv[(i += 1)] : arg.slice('--out='.length);
      if (!value) throw new BuildBinaryUsageError('--out needs a folder');
      outDir = resolve(cwd, value);
    } else throw new BuildBinaryUsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  return { outDir };
}

/** The vectors' JSON files, keyed by their path under `vectors/` with `/` separators, and a content id. */
function readVectors(): { files: Record<string, string>; id: string } {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) files[relative(VECTORS, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(VECTORS);
  if (!('xconnect/v1_canonicalization.json' in files)) throw new Error(`no test vectors in ${VECTORS}: the binary would have none to check against`);
  const hash = createHash('sha256');
  for (const [path, text] of Object.entries(files)) hash.update(`${path}\0${text}\0`);
  return { files, id: hash.digest('hex').slice(0, 16) };
}

/**
 * Optional dependencies a bundled module `require`s inside a try/catch and does without (vega
 * measures text with `canvas` when installed; node-fetch converts charsets with `encoding`). A
 * SEA's `require` would print a warning for each before failing, so they become modules that fail
 * at once, as a missing optional dependency does.
 */
const OPTIONAL_DEPENDENCIES = ['canvas', 'encoding'];

/**
 * Swaps modules that cannot work inside the binary for ones that can: resvg is a native module a
 * SEA cannot load, so `output/png.ts` becomes a stub saying PNG plots need the npm package; the
 * mock's inspector files come from the binary's assets instead of dist/ui; the
 * {@link OPTIONAL_DEPENDENCIES} become modules that are not found.
 */
function seaSubstitutes(): Plugin {
  const png = join(CLI, 'src', 'output', 'png.ts');
  const inspectorAssets = join(ROOT, 'packages', 'mock-server', 'src', 'node', 'inspectorAssets.ts');
  const optional = new RegExp(`^(${OPTIONAL_DEPENDENCIES.join('|')})$`);
  return {
    name: 'sigkit-sea-substitutes',
    setup(builder) {
      builder.onResolve({ filter: /(^|\/)png\.js$/ }, (args) => {
        const resolved = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return resolved === png ? { path: join(CLI, 'src', 'sea', 'pngUnavailable.ts') } : undefined;
      });
      // The inspector page is read from the package's dist/ui on disk; in the binary, from its assets.
      builder.onResolve({ filter: /(^|\/)inspectorAssets\.js$/ }, (args) => {
        const resolved = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return resolved === inspectorAssets ? { path: join(CLI, 'src', 'sea', 'inspectorAssetsSea.ts') } : undefined;
      });
      builder.onResolve({ filter: optional }, (args) => ({ path: args.path, namespace: 'sigkit-missing' }));
      builder.onLoad({ filter: /.*/, namespace: 'sigkit-missing' }, (args) => ({
        contents: `const error = new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}); error.code = 'MODULE_NOT_FOUND'; throw error;`,
        loader: 'js',
      }));
    },
  };
}

/** Bundles the CLI into one CommonJS file: a SEA's entry is CommonJS and can only `require` Node's built-ins. */
async function bundleCli(outfile: string, version: string): Promise<void> {
  const result = await build({
    entryPoints: [join(CLI, 'src', 'sea', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The workspace packages are bundled from their TypeScript sources, as the tests run them.
    conditions: ['@sigkit/source'],
    plugins: [seaSubstitutes()],
    // import.meta does not exist in CommonJS; in a SEA, __filename is the executable itself.
    banner: { js: 'var __sigkitImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    // There is no package.json beside the binary: the version is written in (packages/cli/src/version.ts).
    define: { 'import.meta.url': '__sigkitImportMetaUrl', SIGKIT_CLI_VERSION: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  // A warning here (an import.meta left over, a require esbuild cannot follow) is a command that breaks at run time.
  if (result.errors.length > 0 || result.warnings.length > 0) {
    throw new Error(`esbuild reported ${result.warnings.length} warning(s) and ${result.errors.length} error(s) bundling the CLI: every one is a command that would fail inside the binary`);
  }
  // esbuild leaves a require it cannot resolve inside a try/catch to run time, silently: in a SEA
  // only Node's built-in modules can be required then.
  const builtins = new Set(builtinModules);
  const leftOver = Object.entries(result.metafile.inputs).flatMap(([input, { imports }]) =>
    imports.filter((imported) => imported.external && !imported.path.startsWith('node:') && !builtins.has(imported.path)).map((imported) => `${imported.path} (from ${input})`),
  );
  if (leftOver.length > 0) {
    throw new Error(`the bundle would require modules a single executable cannot load: ${leftOver.join(', ')}; bundle them, or add them to OPTIONAL_DEPENDENCIES if the code does without them`);
  }
}

/** Runs a build step quietly (postject's ELF reader prints harmless warnings); its output is shown when it fails. */
function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${[command, ...args].join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Builds `<outDir>/sigkit-linux-<arch>` and returns its path. */
export async function buildBinary(options: BuildBinaryOptions): Promise<string> {
  if (process.platform !== 'linux') {
    throw new Error(`pnpm build:binary builds Linux executables only (this is ${process.platform}): macOS and Windows need signing steps this script does not take`);
  }
  const version = (JSON.parse(readFileSync(join(CLI, 'package.json'), 'utf8')) as { version: string }).version;
  const executable = join(options.outDir, `sigkit-linux-${process.arch}`);
  const work = mkdtempSync(join(tmpdir(), 'sigkit-build-binary-'));
  try {
    const bundle = join(work, 'sigkit.cjs');
    await bundleCli(bundle, version);

    const vectors = readVectors();
    writeFileSync(join(work, 'vectors.json'), JSON.stringify({ files: vectors.files }));
    writeFileSync(join(work, 'vectors-id.txt'), vectors.id);
    // The inspector page (/__sigkit/ui), built afresh, one asset per file (sea/inspectorAssetsSea.ts reads them).
    const uiDir = join(work, 'ui');
    const { buildInspector } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-inspector.mjs')).href)) as { buildInspector: (outDir: string) => Promise<unknown> };
    await buildInspector(uiDir);
    const uiAssets = Object.fromEntries(
      readdirSync(uiDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const file = join(entry.parentPath, entry.name);
          return [`ui/${relative(uiDir, file).split(sep).join('/')}`, file];
        }),
    );
    const blob = join(work, 'sea-prep.blob');
    const config = {
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      // Compiled code in the blob: start-up skips most of the parse of a multi-megabyte bundle.
      useCodeCache: true,
      assets: { vectors: join(work, 'vectors.json'), 'vectors-id': join(work, 'vectors-id.txt'), ...uiAssets },
    };
    writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
    run(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], work);

    // Written beside its final name and renamed last, so a failed build leaves no half-made binary there.
    mkdirSync(options.outDir, { recursive: true });
    const partial = `${executable}.partial`;
    copyFileSync(process.execPath, partial);
    chmodSync(partial, 0o755);
    try {
      const postject = join(dirname(createRequire(import.meta.url).resolve('postject')), 'cli.js');
      run(process.execPath, [postject, partial, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], work);
      // A blob Node rejects only shows when the binary runs: run it once here rather than ship it.
      // Its vector cache goes to the build's own folder, removed below, not the user's ~/.cache.
      const printed = execFileSync(partial, ['--version'], { encoding: 'utf8', env: { PATH: '', XDG_CACHE_HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      if (printed !== version) throw new Error(`the binary printed ${JSON.stringify(printed)} for --version, expected ${version}`);
      renameSync(partial, executable);
    } finally {
      rmSync(partial, { force: true });
    }
    return executable;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const executable = await buildBinary(parseArgs(process.argv.slice(2)));
    const size = statSync(executable).size / 1024 / 1024;
    const shown = relative(process.env['INIT_CWD'] ?? process.cwd(), executable);
    console.log(`wrote ${shown.startsWith('..') ? executable : shown} (${size.toFixed(0)} MiB)`);
  } catch (error) {
    console.error(`build:binary: ${(error as Error).message}`);
    process.exitCode = error instanceof BuildBinaryUsageError ? 2 : 1;
  }
}

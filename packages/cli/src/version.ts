/** The version of `@sigkit/cli`, which `sigkit --version` prints. */
import { readFileSync } from 'node:fs';

/**
 * Set by a bundler that has no package.json to read at run time (the single-file binary's build
 * defines it, e.g. esbuild's `define: { SIGKIT_CLI_VERSION: '"0.1.0"' }`); absent everywhere else.
 */
declare const SIGKIT_CLI_VERSION: string | undefined;

/**
 * The version of `@sigkit/cli`: the one its build defined, else the `version` of the package.json
 * beside `src/` or `dist/` (the package's own, in the repository and in an installed package alike).
 *
 * @example
 * ```ts
 * cliVersion(); // '0.1.0'
 * ```
 */
export function cliVersion(): string {
  if (typeof SIGKIT_CLI_VERSION === 'string') return SIGKIT_CLI_VERSION;
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('the package.json of @sigkit/cli has no version');
  return manifest.version;
}

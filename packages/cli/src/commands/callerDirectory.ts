/** The directory the user ran `sigkit` from, against which every path they give is resolved. */
import { isAbsolute } from 'node:path';

/**
 * The directory relative paths on the command line (`--csv`, `--plot`, `--report`, `--vectors`,
 * `@file`, a capture, `--config`) are relative to.
 *
 * `pnpm sigkit …` (or `pnpm start …`) runs the workspace's script from the workspace root, wherever the user
 * typed it; pnpm (and npm, yarn) put the directory the user typed it in into `INIT_CWD`, so under
 * that script `INIT_CWD` is the answer. Under any other script it is not: a package script such as
 * `"report": "sigkit kx --csv reports/mem.csv"` names paths relative to its package, as every
 * script does, whichever subdirectory it is started from; run directly, `INIT_CWD` is absent or
 * stale. There the process's own working directory is the answer.
 *
 * @param env - the environment (`INIT_CWD`, and `npm_lifecycle_event`, the name of the running script)
 * @param cwd - the process's working directory
 * @returns an absolute directory
 *
 * @example
 * ```ts
 * callerDirectory({ INIT_CWD: '/home/me/app', npm_lifecycle_event: 'sigkit' }, '/work/sigkit'); // '/home/me/app'
 * callerDirectory({}, '/work/sigkit');                                                            // '/work/sigkit'
 * ```
 */
export function callerDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const initCwd = env['INIT_CWD'];
  if (forwardsCallerArguments(env) && initCwd !== undefined && isAbsolute(initCwd)) return initCwd;
  return cwd;
}

/**
 * Whether the running package script only forwards what the user typed: a `sigkit` script (ours,
 * `sigkit:dev`, or a user's own `"sigkit": "sigkit"`), or this repository's `start`, which is
 * `sigkit mock` under another name.
 */
function forwardsCallerArguments(env: NodeJS.ProcessEnv): boolean {
  const script = env['npm_lifecycle_event'];
  return script === 'sigkit' || script === 'sigkit:dev' || (script === 'start' && env['npm_package_name'] === 'sigkit-monorepo');
}

/**
 * A vitest global setup that gives the run a temp folder of its own and fails the run when a test
 * leaves anything in it: every test must write under a folder it creates with mkdtemp and removes.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The variables `os.tmpdir()` reads (TMPDIR on POSIX, TMP and TEMP on Windows). */
const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

/**
 * Points TMPDIR, TMP and TEMP at a fresh folder before any test file runs (the test workers and
 * every process they start inherit them), and returns the teardown that removes that folder and
 * throws, naming what was left, if it was not empty.
 */
export default function setup(): () => void {
  const saved = new Map(TEMP_VARIABLES.map((name) => [name, process.env[name]]));
  const runFolder = mkdtempSync(join(tmpdir(), 'sigkit-test-run-'));
  for (const name of TEMP_VARIABLES) process.env[name] = runFolder;
  // Python writes __pycache__ beside the example adapters a test imports: keep the repository clean too.
  process.env['PYTHONDONTWRITEBYTECODE'] = '1';
  return () => {
    const leftovers = readdirSync(runFolder, { recursive: true, encoding: 'utf8' })
      .filter((path) => !isToolCache(path))
      .sort();
    rmSync(runFolder, { recursive: true, force: true });
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (leftovers.length > 0) {
      const shown = leftovers.slice(0, 30).map((path) => `  ${path}`);
      if (leftovers.length > shown.length) shown.push(`  … and ${leftovers.length - shown.length} more`);
      // vitest only logs an error thrown by a global teardown; the exit status is what fails CI.
      process.exitCode = 1;
      throw new Error(`the tests left ${leftovers.length} path(s) in the temp folder; create files under a mkdtemp folder and remove it (rmSync(dir, { recursive: true, force: true })) in afterAll or finally:\n${shown.join('\n')}`);
    }
  };
}

/**
 * tsx's compile cache (`<tmp>/tsx-<uid>`), made by every process the tests start with
 * `node --import tsx`, as `pnpm sigkit` does: a cache of the tool, removed with the run folder.
 */
function isToolCache(path: string): boolean {
  const cache = `tsx-${process.geteuid?.() ?? userInfo().username}`;
  return path === cache || path.startsWith(`${cache}/`) || path.startsWith(`${cache}\\`);
}

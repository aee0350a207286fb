/** Stands in for `output/png.ts` in the single-file binary, which cannot carry resvg's native module: PNG plots say where to get them. */
import { CliError } from '../cliError.js';

/** Whether this build draws PNG plots: not the binary, which cannot carry resvg's native module. */
export const PNG_PLOTS_AVAILABLE = false;

/** What a PNG plot in the binary answers; SVG plots need no native code and work. */
export const PNG_NEEDS_NPM_PACKAGE = 'PNG plots need the npm package (npm install -g @sigkit/cli); this single-file binary draws SVG only: use --plot with a .svg file';

/**
 * Same signature as `svgToPng` in `output/png.ts`; always throws a {@link CliError} saying PNG
 * plots need the npm package. Importing this module costs nothing, so SVG plots are unaffected.
 *
 * @example
 * ```ts
 * svgToPng('<svg/>'); // throws CliError: PNG plots need the npm package …
 * ```
 */
export function svgToPng(_svg: string): Buffer {
  throw new CliError(PNG_NEEDS_NPM_PACKAGE);
}

/** Renders an SVG document to PNG with resvg, setting text in the DejaVu Sans font shipped in an npm package (no system fonts needed). */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { PLOT_FONT_FAMILY } from './plot.js';

/** Whether this build draws PNG plots: yes, with resvg (the single-file binary's stand-in says no). */
export const PNG_PLOTS_AVAILABLE = true;
/** What a PNG plot answers where it cannot be drawn (the single-file binary); unused here. */
export const PNG_NEEDS_NPM_PACKAGE = '';

// The machine may have no fonts at all; without one resvg drops every label silently.
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/**
 * The PNG image of an SVG document at the SVG's own width and height, text set in DejaVu Sans
 * whatever family the SVG asks for (system fonts are not loaded, so the result is the same on
 * every machine).
 *
 * @example
 * ```ts
 * const plot = await plotRowsSvg(rows, { width: 960, height: 540, title: 'monPublic.getMem' });
 * writeFileSync('/tmp/getMem.png', svgToPng(plot.svg));
 * ```
 */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: PLOT_FONT_FAMILY, sansSerifFamily: PLOT_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

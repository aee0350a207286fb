/** Draws table rows as a line chart in SVG with Vega-Lite: each numeric column over `time`, one line per `sym`, one panel per column. */
import { logger, None, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { columnsOf, type Row } from './rows.js';
import { timeValueMs } from './timeValue.js';

/** The font every label is set in; `svgToPng` loads the same face, so the PNG matches the SVG. */
export const PLOT_FONT_FAMILY = 'DejaVu Sans';

/** Size and titles of a plot. */
export interface PlotOptions {
  /** Width of the whole image, pixels. */
  width: number;
  /** Height of the whole image, pixels. */
  height: number;
  /** Shown above the chart, e.g. `monPublic.getMem`. */
  title: string;
  /** Shown under the title, e.g. the host and the row count. */
  subtitle?: string;
}

/** A drawn plot and what it shows. */
export interface Plot {
  /** A standalone SVG document whose root `width` and `height` are the requested size. */
  svg: string;
  /** The numeric columns drawn, one panel each, in table order. */
  columns: string[];
  /** The `sym` values, one line (and one legend entry) each; `[]` when the rows have no `sym`. */
  series: string[];
}

/** The rows cannot be drawn (no `time`, no numeric column, a time that is not one, no room). */
export class PlotError extends Error {
  constructor(message: string) {
    super(`cannot plot: ${message}`);
    this.name = 'PlotError';
  }
}

/** One point of one line: the long form Vega-Lite folds the table into. @internal */
interface PlotPoint {
  t: number;
  sym: string;
  column: string;
  value: number;
}

const TIME = 'time';
const SYM = 'sym';

/**
 * Reads the rows into points: `time` is required (ISO-8601, kdb+ timestamp text or epoch ms), `sym`
 * names the line (optional), and every other column whose values are all numbers (nulls allowed)
 * is drawn. Throws {@link PlotError} when nothing can be drawn.
 * @internal
 */
export function plotPointsOf(rows: readonly Row[]): { points: PlotPoint[]; columns: string[]; series: string[] } {
  if (rows.length === 0) throw new PlotError('the answer has no rows');
  const all = columnsOf(rows);
  if (!all.includes(TIME)) throw new PlotError(`the rows have no "${TIME}" column (columns: ${all.join(', ')})`);
  const present = (value: unknown) => value !== null && value !== undefined;
  const columns = all.filter(
    (column) => column !== TIME && column !== SYM && rows.some((row) => present(row[column])) && rows.every((row) => !present(row[column]) || (typeof row[column] === 'number' && Number.isFinite(row[column]))),
  );
  if (columns.length === 0) throw new PlotError(`the rows have no numeric column besides "${TIME}" (columns: ${all.join(', ')})`);
  const hasSym = all.includes(SYM);
  const series = new Set<string>();
  const points: PlotPoint[] = [];
  for (const row of rows) {
    const t = timeValueMs(row[TIME]);
    if (t === undefined) throw new PlotError(`"${TIME}" value ${JSON.stringify(row[TIME])} is not a date and time`);
    const sym = hasSym ? String(row[SYM] ?? '') : '';
    if (hasSym) series.add(sym);
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'number') points.push({ t, sym, column, value });
    }
  }
  return { points, columns, series: [...series] };
}

/** A d3 time format that reads well for the span of the data. @internal */
export function timeAxisFormat(spanMs: number): string {
  const minute = 60_000;
  if (spanMs <= 10 * minute) return '%H:%M:%S';
  if (spanMs <= 24 * 60 * minute) return '%H:%M';
  if (spanMs <= 7 * 24 * 60 * minute) return '%b %d %H:%M';
  return '%Y-%m-%d';
}

/** How many panel columns make the panels closest to 3:1 in a width × height image. @internal */
export function panelColumns(panels: number, width: number, height: number): number {
  let best = 1;
  let bestScore = Infinity;
  for (let columns = 1; columns <= panels; columns += 1) {
    const rows = Math.ceil(panels / columns);
    const score = Math.abs(Math.log(width / columns / (height / rows) / 3));
    if (score < bestScore) [best, bestScore] = [columns, score];
  }
  return best;
}

function vegaLiteSpec(points: PlotPoint[], columns: string[], series: string[], options: PlotOptions, panel: { width: number; height: number; columns: number }): TopLevelSpec {
  const times = points.map((p) => p.t);
  const span = Math.max(...times) - Math.min(...times);
  const color = series.length > 0 ? { color: { field: 'sym', type: 'nominal' as const, title: SYM, sort: series } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: options.title, ...(options.subtitle !== undefined && { subtitle: options.subtitle }), anchor: 'start' },
    data: { values: points },
    facet: { field: 'column', type: 'nominal', sort: columns, header: { title: null, labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' } },
    columns: panel.columns,
    spec: {
      width: panel.width,
      height: panel.height,
      mark: { type: 'line', strokeWidth: 1.5, clip: true },
      encoding: {
        x: { field: 't', type: 'temporal', scale: { type: 'utc' }, title: 'time (UTC)', axis: { format: timeAxisFormat(span), labelOverlap: true, tickCount: 6 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: '~s', tickCount: 4, minExtent: 36 } },
        ...color,
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: {
      font: PLOT_FONT_FAMILY,
      padding: 10,
      background: 'white',
      range: { category: { scheme: series.length > 10 ? 'tableau20' : 'tableau10' } },
    },
  } as TopLevelSpec;
}

async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; width: number; height: number }> {
  const quiet = logger(None);
  const view = new View(parse(compile(spec, { logger: quiet }).spec), { renderer: 'none', logger: quiet });
  try {
    const svg = await view.toSVG();
    const size = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
    if (!size) throw new Error('Vega produced an SVG without a size');
    return { svg, width: Number(size[1]), height: Number(size[2]) };
  } finally {
    view.finalize();
  }
}

/** Gives the root element the exact size asked for, scaling the drawing (a few pixels at most) to fill it. @internal */
export function fitSvgToSize(svg: string, natural: { width: number; height: number }, width: number, height: number): string {
  return svg.replace(/^<svg([^>]*)>/, (_, attributes: string) => {
    const rest = attributes.replace(/\s(width|height|viewBox|preserveAspectRatio)="[^"]*"/g, '');
    return `<svg${rest} width="${width}" height="${height}" viewBox="0 0 ${natural.width} ${natural.height}" preserveAspectRatio="none">`;
  });
}

/**
 * Draws the rows as SVG: one panel per numeric column (each with its own y scale, SI-prefixed
 * labels), time on x in UTC, one coloured line per `sym` with a legend, the title on top. The
 * image is exactly `width` × `height`: the layout is computed once, measured, and recomputed so
 * that axes and legend fit.
 *
 * @example
 * ```ts
 * const plot = await plotRowsSvg(answer.msg, { width: 960, height: 540, title: 'monPublic.getMem' });
 * writeFileSync('/tmp/getMem.svg', plot.svg);
 * ```
 */
export async function plotRowsSvg(rows: readonly Row[], options: PlotOptions): Promise<Plot> {
  const { points, columns, series } = plotPointsOf(rows);
  const grid = panelColumns(columns.length, options.width, options.height);
  const gridRows = Math.ceil(columns.length / grid);
  const guess = { width: Math.max(40, (options.width * 0.8) / grid), height: Math.max(20, (options.height * 0.6) / gridRows), columns: grid };
  const first = await renderSvg(vegaLiteSpec(points, columns, series, options, guess));
  const panel = {
    width: Math.floor((options.width - (first.width - guess.width * grid)) / grid),
    height: Math.floor((options.height - (first.height - guess.height * gridRows)) / gridRows),
    columns: grid,
  };
  if (panel.width < 40 || panel.height < 20) {
    throw new PlotError(`${options.width}x${options.height} is too small for ${columns.length} panel${columns.length === 1 ? '' : 's'} with axes and legend`);
  }
  const second = await renderSvg(vegaLiteSpec(points, columns, series, options, panel));
  return { svg: fitSvgToSize(second.svg, second, options.width, options.height), columns, series };
}

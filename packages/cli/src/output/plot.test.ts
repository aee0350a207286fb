import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { readPlotSvg } from '../../test/plotSvg.js';
import { fitSvgToSize, panelColumns, PlotError, plotRowsSvg, timeAxisFormat } from './plot.js';
import { svgToPng } from './png.js';
import type { Row } from './rows.js';

const t0 = Date.UTC(2024, 2, 1, 10, 0, 0);

/** `minutes` samples of each sym, with the given numeric columns (value = a simple function of minute and sym). */
function table(syms: string[], columns: string[], minutes: number, time: (ms: number) => unknown = (ms) => new Date(ms).toISOString()): Row[] {
  const rows: Row[] = [];
  for (let m = 0; m < minutes; m += 1) {
    for (const [s, sym] of syms.entries()) rows.push({ time: time(t0 + m * 60_000), sym, ...Object.fromEntries(columns.map((c, i) => [c, (m + 1) * (s + 1) * (i + 1)])) });
  }
  return rows;
}

describe('plotRowsSvg', () => {
  it.each([
    [1, 3, 960, 540],
    [3, 2, 640, 480],
    [8, 5, 1200, 400],
    [2, 12, 500, 700],
  ])('draws %i columns × %i syms at exactly %ix%i, one panel per column and one line per sym', async (columnCount, symCount, width, height) => {
    const columns = Array.from({ length: columnCount }, (_, i) => `metric${i}`);
    const syms = Array.from({ length: symCount }, (_, i) => `server_${i}`);
    const plot = await plotRowsSvg(table(syms, columns, 20), { width, height, title: 'grp.fn', subtitle: 'sub' });
    expect(plot.columns).toEqual(columns);
    expect(plot.series).toEqual(syms);
    const svg = readPlotSvg(plot.svg);
    expect([svg.width, svg.height]).toEqual([width, height]);
    expect(svg.panels).toHaveLength(columnCount);
    expect(svg.lines).toBe(columnCount * symCount);
    for (const panel of svg.panels) expect(panel.sort()).toEqual([...syms].sort());
    expect(svg.legend).toEqual(syms);
    expect(svg.titles).toEqual(expect.arrayContaining(['grp.fn', ...columns]));
  });

  it('draws one unlabelled line per panel when the rows have no sym, and reads kdb+ timestamps', async () => {
    const rows = table(['x'], ['cpu'], 10, (ms) => new Date(ms).toISOString().replace(/-/g, '.').replace('T', 'D').replace('Z', '000000')).map(({ sym: _, ...rest }) => rest);
    expect(String(rows[0]!['time'])).toBe('2024.03.01D10:00:00.000000000');
    const plot = await plotRowsSvg(rows, { width: 600, height: 300, title: 't' });
    const svg = readPlotSvg(plot.svg);
    expect(plot.series).toEqual([]);
    expect(svg.lines).toBe(1);
    expect(svg.legend).toEqual([]);
  });

  it('skips columns that are not all numbers, and nulls within a numeric column', async () => {
    const rows: Row[] = [
      { time: '2024-03-01T10:00:00Z', sym: 'a', used: 1, label: 'x', flag: true },
      { time: '2024-03-01T10:01:00Z', sym: 'a', used: null, label: 'y', flag: false },
      { time: '2024-03-01T10:02:00Z', sym: 'a', used: 3, label: 'z', flag: true },
    ];
    expect((await plotRowsSvg(rows, { width: 400, height: 300, title: 't' })).columns).toEqual(['used']);
  });

  it.each([
    [[], 'cannot plot: the answer has no rows'],
    [[{ sym: 'a', used: 1 }], 'cannot plot: the rows have no "time" column (columns: sym, used)'],
    [[{ time: '2024-03-01T10:00:00Z', sym: 'a', note: 'x' }], 'cannot plot: the rows have no numeric column besides "time" (columns: time, sym, note)'],
    [[{ time: 'lunchtime', used: 1 }], 'cannot plot: "time" value "lunchtime" is not a date and time'],
  ])('refuses %j', async (rows, message) => {
    await expect(plotRowsSvg(rows, { width: 400, height: 300, title: 't' })).rejects.toThrow(new PlotError(message.replace('cannot plot: ', '')));
  });

  it('refuses a size with no room for the panels', async () => {
    const columns = Array.from({ length: 12 }, (_, i) => `m${i}`);
    await expect(plotRowsSvg(table(['a'], columns, 5), { width: 100, height: 100, title: 't' })).rejects.toThrow(/cannot plot: 100x100 is too small for 12 panels/);
  });
});

describe('svgToPng', () => {
  it('renders a plot to a PNG of the same size, with its text drawn', async () => {
    const plot = await plotRowsSvg(table(['a', 'b'], ['used'], 10), { width: 480, height: 270, title: 'TITLE' });
    const image = decode(svgToPng(plot.svg));
    expect([image.width, image.height]).toEqual([480, 270]);
    let dark = 0;
    for (let y = 0; y < 25; y += 1) for (let x = 0; x < 120; x += 1) if (image.data[(y * image.width + x) * image.channels]! < 80) dark += 1;
    expect(dark).toBeGreaterThan(30);
  });
});

describe('layout helpers', () => {
  it('chooses panel columns that keep panels wide', () => {
    expect(panelColumns(1, 960, 540)).toBe(1);
    expect(panelColumns(2, 960, 540)).toBe(1);
    expect(panelColumns(8, 960, 540)).toBe(2);
    // 3 × 2 panels of 640 × 150 are the closest to 3:1 (one slot stays empty).
    expect(panelColumns(4, 1920, 300)).toBe(3);
  });

  it('formats the time axis for the span shown', () => {
    expect(timeAxisFormat(5 * 60_000)).toBe('%H:%M:%S');
    expect(timeAxisFormat(60 * 60_000)).toBe('%H:%M');
    expect(timeAxisFormat(3 * 86_400_000)).toBe('%b %d %H:%M');
    expect(timeAxisFormat(30 * 86_400_000)).toBe('%Y-%m-%d');
  });

  it('sets the root size and scales the drawing into it', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="903" height="486" viewBox="0 0 903 486"><rect/></svg>';
    expect(fitSvgToSize(svg, { width: 903, height: 486 }, 900, 480)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="900" height="480" viewBox="0 0 903 486" preserveAspectRatio="none"><rect/></svg>',
    );
  });
});

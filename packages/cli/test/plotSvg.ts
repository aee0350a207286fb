/** Reads back what a test needs from a plot SVG written by `sigkit kx --plot`: size, lines per panel, legend, titles. */
import { XMLParser } from 'fast-xml-parser';

/** What a test needs from a plot SVG: its size, each panel's line syms (panels exist when lines are coloured by sym), all lines, the legend and the titles. */
export function readPlotSvg(text: string): { width: number; height: number; panels: string[][]; lines: number; legend: string[]; titles: string[] } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'g' || name === 'path' || name === 'text' });
  const document = parser.parse(text) as { svg: Node };
  type Node = { class?: string; 'aria-roledescription'?: string; 'aria-label'?: string; g?: Node[]; path?: Node[]; text?: (Node | string)[]; '#text'?: string; [key: string]: unknown };
  const groups = (node: Node, match: (n: Node) => boolean, found: Node[] = []): Node[] => {
    for (const child of node.g ?? []) {
      if (match(child)) found.push(child);
      groups(child, match, found);
    }
    return found;
  };
  const texts = (node: Node): string[] => groups(node, () => true, [node]).flatMap((g) => (g.text ?? []).map((t) => (typeof t === 'string' ? t : String(t['#text'] ?? ''))));
  const linesIn = (node: Node) =>
    groups(node, (g) => (g.class ?? '').includes('mark-line'))
      .flatMap((g) => g.path ?? [])
      .filter((p) => p['aria-roledescription'] === 'line mark')
      .map((p) => /sym: (.*)$/.exec(p['aria-label'] ?? '')?.[1] ?? '');
  return {
    width: Number(document.svg['width']),
    height: Number(document.svg['height']),
    panels: groups(document.svg, (g) => (g.class ?? '').includes('child_pathgroup')).map(linesIn),
    lines: linesIn(document.svg).length,
    legend: groups(document.svg, (g) => (g.class ?? '').includes('role-legend-label')).flatMap(texts),
    titles: groups(document.svg, (g) => (g.class ?? '').includes('role-title-text')).flatMap(texts),
  };
}

/** Marks the characters that differ between the expected and the sent text, and makes invisible characters visible. */

/** A run of characters of one side, marked when it differs from the other side. */
export interface Segment {
  text: string;
  changed: boolean;
}

/** Largest product of lengths diffed character by character; longer texts are compared by common prefix and suffix. */
const MAX_CELLS = 4_000_000;

function push(segments: Segment[], text: string, changed: boolean): void {
  const last = segments[segments.length - 1];
  if (last && last.changed === changed) last.text += text;
  else if (text !== '') segments.push({ text, changed });
}

/**
 * A character diff of two texts (longest common subsequence): each side as segments, the
 * characters the other side lacks marked.
 */
export function diffChars(expected: string, sent: string): { expected: Segment[]; sent: Segment[] } {
  const a = Array.from(expected);
  const b = Array.from(sent);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const outA: Segment[] = [];
  const outB: Segment[] = [];
  push(outA, a.slice(0, start).join(''), false);
  push(outB, b.slice(0, start).join(''), false);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS || midA.length === 0 || midB.length === 0) {
    push(outA, midA.join(''), true);
    push(outB, midB.join(''), true);
  } else {
    const n = midA.length;
    const m = midB.length;
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat array.
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(outA, midA[i]!, false);
        push(outB, midB[j]!, false);
        i += 1;
        j += 1;
      } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) {
        push(outA, midA[i]!, true);
        i += 1;
      } else {
        push(outB, midB[j]!, true);
        j += 1;
      }
    }
    push(outA, midA.slice(i).join(''), true);
    push(outB, midB.slice(j).join(''), true);
  }
  push(outA, a.slice(endA).join(''), false);
  push(outB, b.slice(endB).join(''), false);
  return { expected: outA, sent: outB };
}

const HASH = /^(?:[0-9a-f]{32,}|[A-Za-z0-9+/_-]{20,}={0,2})$/;

/**
 * The diff of two texts as the page shows it: line by line when both have as many lines (a hash
 * that differs is marked whole, since a character match inside two hashes means nothing),
 * character by character otherwise (a missing or extra line break, `\r`, a separator).
 */
export function diffTexts(expected: string, sent: string): { expected: Segment[]; sent: Segment[] } {
  const a = expected.split('\n');
  const b = sent.split('\n');
  if (a.length !== b.length) return diffChars(expected, sent);
  const outA: Segment[] = [];
  const outB: Segment[] = [];
  a.forEach((line, i) => {
    const other = b[i]!;
    const both = line !== other && HASH.test(line) && HASH.test(other) ? { expected: [{ text: line, changed: true }], sent: [{ text: other, changed: true }] } : diffChars(line, other);
    for (const segment of both.expected) push(outA, segment.text, segment.changed);
    for (const segment of both.sent) push(outB, segment.text, segment.changed);
    if (i < a.length - 1) {
      push(outA, '\n', false);
      push(outB, '\n', false);
    }
  });
  return { expected: outA, sent: outB };
}

/** A piece of text as shown: either plain characters or a visible stand-in for an invisible one. */
export interface Shown {
  text: string;
  /** Set when `text` stands for an invisible character (`\r`, `\t`, a trailing space…). */
  invisible?: string;
  /** A line break follows (after the visible `\n`). */
  breakAfter?: boolean;
}

/**
 * Splits text into what to show: `\r` → `\r`, `\n` → `\n` then a line break, tab → `\t`,
 * spaces at the end of a line → `·`, other control characters → `\uXXXX`.
 */
export function showInvisible(text: string): Shown[] {
  const out: Shown[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const trailing = /[ ]+$/.exec(line);
    const body = trailing ? line.slice(0, trailing.index) : line;
    let plain = '';
    for (const char of body) {
      const code = char.charCodeAt(0);
      if (char === '\r' || char === '\t' || code < 0x20 || code === 0x7f || char === '\u00a0' || char === '\u200b' || char === '\ufeff') {
        if (plain) out.push({ text: plain });
        plain = '';
        const label = char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
        out.push({ text: label, invisible: label === '\\r' ? 'carriage return' : label === '\\t' ? 'tab' : 'invisible character' });
      } else plain += char;
    }
    if (plain) out.push({ text: plain });
    if (trailing) out.push({ text: '·'.repeat(trailing[0].length), invisible: 'trailing space' });
    if (index < lines.length - 1) out.push({ text: '\\n', invisible: 'line feed', breakAfter: true });
  });
  return out;
}

/** Bytes as a hex dump: offset, 16 bytes in hex, and their printable ASCII. */
export function hexDump(bytes: Uint8Array, max = 4096): string {
  const lines: string[] = [];
  for (let offset = 0; offset < Math.min(bytes.length, max); offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, bytes.length));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(6, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > max) lines.push(`… ${bytes.length - max} more bytes`);
  return lines.join('\n');
}

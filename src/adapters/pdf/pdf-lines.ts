// Rebuilds reading-order lines from positioned PDF text items: items sharing a baseline (within
// half a glyph height) form one line, sorted by x; a wide gap becomes ` | ` unless the left
// side is a label ending in `:` (`Label:   Value` → `Label: Value`); a line of exactly two
// columns without colons becomes `Left: Right`, like a two-cell HTML row.

export interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  eol?: boolean;
}

/** Gap, in glyph heights, above which two items on a line are separate columns. */
const COLUMN_GAP = 1.5;

export function groupIntoLines(items: readonly PositionedText[]): string[] {
  const visible = items.filter((i) => i.str.trim() !== '');
  // Top of the page first (PDF y grows upwards), then left to right.
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    const ref = line?.[0];
    const tolerance = Math.max(2, (ref?.height || item.height || 10) * 0.5);
    if (line && ref && Math.abs(ref.y - item.y) <= tolerance) line.push(item);
    else lines.push([item]);
  }
  return lines.map(joinLine).filter((l) => l !== '');
}

/** Longest left column read as a label when a line has exactly two columns. */
const MAX_LABEL = 40;

function joinLine(items: PositionedText[]): string {
  const line = joinItems(items);
  // `Client        Dana Fox` (a form without colons) reads like the HTML two-cell rows.
  const cols = line.split(' | ');
  if (cols.length === 2) {
    const [left, right] = cols as [string, string];
    if (left.length <= MAX_LABEL && !/[:.,;]/.test(left) && !right.includes(':'))
      return `${left}: ${right}`;
  }
  return line;
}

function joinItems(items: PositionedText[]): string {
  items.sort((a, b) => a.x - b.x);
  let out = '';
  let end = -Infinity;
  for (const it of items) {
    // Runs of spaces inside one text item are a typed-in column gap.
    const text = it.str.replace(/\s{3,}/g, ' | ').replace(/\s+/g, ' ');
    if (out === '') out = text.trimStart();
    else {
      const gap = it.x - end;
      const size = it.height || 10;
      if (gap > size * COLUMN_GAP && !/:\s*$/.test(out))
        out = out.trimEnd() + ' | ' + text.trimStart();
      else if (gap > size * 0.15 && !/\s$/.test(out) && !/^\s/.test(text)) out += ' ' + text;
      else out += text;
    }
    end = Math.max(end, it.x + it.width);
  }
  return out.replace(/[ \t]+/g, ' ').trim();
}

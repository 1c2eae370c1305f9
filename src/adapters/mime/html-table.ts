// Renders one parsed HTML table as text lines, with the conventions the field readers rely
// on: `label: value` for two-cell rows, `header: cell` lines per data row under a header row
// (column tables), ` | `-joined cells otherwise; layout cells holding whole blocks stay blocks.

export interface Cell {
  /** The cell's text, one entry per line (nested tables already rendered). */
  lines: string[];
  /** `<th>`, or every word of it bold. */
  header: boolean;
}

export interface Row {
  cells: Cell[];
  /** Inside `<thead>`. */
  inHead: boolean;
}

const MAX_LABEL = 80;
const MAX_VALUE_LINES = 6;
const MAX_INLINE = 300;

const isEmpty = (c: Cell): boolean => c.lines.every((l) => l.trim() === '');
const textLines = (c: Cell): string[] => c.lines.filter((l) => l.trim() !== '');

/** A cell's lines on one line: joined with `, ` (an address split by `<br>` stays one line). */
function oneLine(c: Cell): string {
  let out = '';
  for (const line of textLines(c)) {
    const l = line.trim();
    if (!out) out = l;
    else out += /[,;:]$/.test(out) ? ' ' + l : ', ' + l;
  }
  return out;
}

/** Strips the trailing colon of a label cell (`Date:` → `Date`). */
function labelOf(c: Cell): string {
  return oneLine(c).replace(/\s*[:：]\s*$/, '');
}

function isHeaderRow(row: Row): boolean {
  const cells = row.cells.filter((c) => !isEmpty(c));
  if (cells.length < 2) return false;
  return cells.every(
    (c) => (c.header || row.inHead) && textLines(c).length === 1 && oneLine(c).length <= MAX_LABEL,
  );
}

/** A compact cell: one short line, or a few short lines (an address). */
function isInline(c: Cell): boolean {
  const lines = textLines(c);
  return lines.length <= MAX_VALUE_LINES && lines.every((l) => l.length <= MAX_INLINE);
}

function renderPlainRow(row: Row, out: string[]): void {
  const cells = row.cells.filter((c) => !isEmpty(c));
  if (cells.length === 0) return;
  if (cells.length === 1) {
    out.push(...(cells[0] as Cell).lines);
    return;
  }
  const allInline = cells.every(isInline);
  if (cells.length === 2 && allInline) {
    const [label, value] = cells as [Cell, Cell];
    const l = labelOf(label);
    if (textLines(label).length === 1 && l.length <= MAX_LABEL) {
      out.push(l ? `${l}: ${oneLine(value)}` : oneLine(value));
      return;
    }
  }
  if (allInline && cells.every((c) => textLines(c).length === 1)) {
    out.push(cells.map(oneLine).join(' | '));
    return;
  }
  // Layout row: each cell is a block of its own.
  for (const c of cells) {
    out.push(...c.lines);
    out.push('');
  }
}

export function renderTable(rows: Row[]): string[] {
  const out: string[] = [];
  let header: string[] | null = null;
  const kept = rows.filter((r) => !r.cells.every(isEmpty));
  const isHead = kept.map(isHeaderRow);
  for (let i = 0; i < kept.length; i++) {
    const row = kept[i] as Row;
    if (isHead[i] && i + 1 < kept.length && !isHead[i + 1]) {
      const names = row.cells.map(labelOf);
      const dataRows = i + 2 < kept.length && !isHead[i + 2] ? 2 : 1;
      // Two columns over several rows read better as `label: value` pairs than as
      // `Field: x` / `Value: y` records, so only wider (or single-record) tables use the header.
      if (names.filter(Boolean).length >= 3 || dataRows === 1) {
        header = names;
        continue;
      }
      header = null;
      out.push(names.filter(Boolean).join(' | '));
      continue;
    }
    if (header && row.cells.length >= 2) {
      renderRecord(header, row, out);
      continue;
    }
    renderPlainRow(row, out);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** One data row under a header row: `header: cell` per non-empty cell, then a blank line. */
function renderRecord(header: string[], row: Row, out: string[]): void {
  row.cells.forEach((c, idx) => {
    if (isEmpty(c)) return;
    const name = header[idx];
    const value = isInline(c) ? oneLine(c) : textLines(c).join(' ');
    out.push(name ? `${name}: ${value}` : value);
  });
  out.push('');
}

// `Label: value` reading. A line may carry several cells (PDF columns separated by runs of
// spaces, HTML cells joined by " | "); a label with an empty value takes the next line; a
// header row of labels over a row of values is zipped. Labels are compared in a normalised
// form so "Auth #", "Auth No." and "auth number" are one spelling.
import { fold } from './text.js';

export interface LabelCell {
  /** The label as written. */
  label: string;
  /** Normalised label, e.g. "authorization number". */
  norm: string;
  value: string;
  /** Position of the cell on its line (0 = first). */
  column: number;
  /** The value came from the following line. */
  valueOnNextLine: boolean;
}

const NUMBER_WORDS = new Set(['no', 'nbr', 'num', 'numb', 'number', 'nr']);

// Labels repeat across lines, emails and field readers; the normal form depends on the text
// alone, so it is computed once per spelling (bounded: a long-lived worker sees many).
const normCache = new Map<string, string>();
const NORM_CACHE_MAX = 5000;

export function normalizeLabel(label: string): string {
  let norm = normCache.get(label);
  if (norm === undefined) {
    norm = normalizeUncached(label);
    if (normCache.size >= NORM_CACHE_MAX) normCache.clear();
    normCache.set(label, norm);
  }
  return norm;
}

function normalizeUncached(label: string): string {
  const tokens = fold(label)
    .replace(/\(s\)/g, '')
    // A trailing qualifier names the same field: "Authorized miles (one way)", "Units (15 min)".
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/['’]s\b/g, '')
    .replace(/#/g, ' number ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((t) => (NUMBER_WORDS.has(t) ? 'number' : t));
  // "New date", "Revised time": an amendment's label names the same field.
  while (
    tokens.length > 1 &&
    /^(the|new|revised|updated|amended|corrected|changed)$/.test(tokens[0] ?? '')
  )
    tokens.shift();
  if (tokens.length > 1 && tokens[tokens.length - 1] === 'name') tokens.pop();
  // "Name of consumer" is the consumer label.
  if (tokens.length > 2 && tokens[0] === 'name' && tokens[1] === 'of') tokens.splice(0, 2);
  // "pickup" and "pick up" are one word for our purpose.
  return tokens
    .join(' ')
    .replace(/\bpick up\b/g, 'pickup')
    .replace(/\bwork site\b/g, 'worksite');
}

// Abbreviations agencies write in labels; their dot does not end a sentence.
const ABBREVIATION_DOT =
  /\b(auth|no|nbr|num|ref|appt|svc|svcs|est|approx|dept|addr|amt|hrs|mins?|max|qty|tel|ph|sched|req|loc|ext|yr|mo|wk|bldg|apt|ste|rm|fl)\.(?=\s|$)/gi;
const ELISION = /\b([dlj])['’](?=\p{L})/giu;

const partsCache = new Map<string, string[]>();

/**
 * The normal forms of each half of a compound label written in two languages or two
 * spellings, "Time / Heure" or "Authorization No. / No d'autorisation" (empty when the
 * label has no " / ").
 */
export function labelPartNorms(label: string): string[] {
  let parts = partsCache.get(label);
  if (parts === undefined) {
    parts = / \/ /.test(label)
      ? label
          .split(/ \/ /)
          .map((p) => normalizeLabel(p.trim()))
          .filter(Boolean)
      : [];
    if (partsCache.size >= NORM_CACHE_MAX) partsCache.clear();
    partsCache.set(label, parts);
  }
  return parts;
}

const LABEL_RE = /^\s*([^:：]{1,60}?)\s*[:：]\s*(.*)$/;

function splitCells(line: string): string[] {
  if (line.includes(' | ')) return line.split(' | ').map((c) => c.trim());
  return line.split(/\s{3,}/).map((c) => c.trim());
}

function asCell(segment: string): { label: string; value: string } | null {
  const m = LABEL_RE.exec(segment);
  if (!m) return null;
  const label = (m[1] ?? '').trim();
  const value = (m[2] ?? '').trim();
  if (!/[a-z]/i.test(label)) return null;
  // The colon of a clock time ("Tuesday 1/13, 9:30 AM") is no label colon.
  if (/\d$/.test(label) && /^\d\d(?!\d)/.test(value)) return null;
  // Labels are short noun phrases, not sentences or times ("at 9:00"). The dot of a label
  // abbreviation ("Auth. No.") and a French elision ("No d'autorisation") are no sentence marks.
  const bare = label.replace(ABBREVIATION_DOT, '$1').replace(ELISION, '$1');
  if (label.split(/\s+/).length > 6 || /[.!?]\s|\s-\s|'|\d{3}/.test(bare)) return null;
  if (/^(https?|mailto)$/i.test(label)) return null;
  return { label, value };
}

/** The label cells of each line (same indexes as `lines`). */
export function readLabelCells(lines: readonly string[]): LabelCell[][] {
  const out: LabelCell[][] = lines.map(() => []);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim()) continue;
    const segments = splitCells(line);
    let column = 0;
    let pending: LabelCell | null = null;
    for (const seg of segments) {
      const cell = asCell(seg);
      if (!cell) {
        // "Member Name:     Osei Bramwell": a column gap inside one cell, not a new cell.
        const prev = out[i]?.at(-1);
        if (prev && prev.column === column - 1 && !prev.valueOnNextLine)
          prev.value = `${prev.value} ${seg}`.trim();
        else if (pending && pending.column === column - 1) {
          out[i]?.push({ ...pending, value: seg });
          pending = null;
        }
        column++;
        continue;
      }
      pending = null;
      let { value } = cell;
      let valueOnNextLine = false;
      if (!value && segments.length === 1) {
        const next = nextNonEmpty(lines, i);
        if (next !== null && !asCell(lines[next] ?? '')) {
          value = (lines[next] ?? '').trim();
          valueOnNextLine = true;
        }
      }
      const made: LabelCell = {
        label: cell.label,
        norm: normalizeLabel(cell.label),
        value,
        column,
        valueOnNextLine,
      };
      if (value) out[i]?.push(made);
      else pending = made;
      column++;
    }
    pairCells(line, lines[i + 1] ?? '', i, out);
    zipHeaderRow(lines, i, out);
  }
  return out;
}

const LABEL_LIKE = /^[A-Za-z][A-Za-z #./&()'-]{0,40}$/;

/** "Auth # | A-1 | Date | 1/2/2026": a form row of label, value, label, value cells. */
function pairCells(line: string, next: string, i: number, out: LabelCell[][]): void {
  if (!line.includes(' | ') || line.includes(':') || out[i]?.length) return;
  const cells = line.split(' | ').map((c) => c.trim());
  if (cells.length < 4 || cells.length % 2 !== 0) return;
  // A header row over a row of values is zipped instead (zipHeaderRow).
  const valuesLookLikeLabels = cells.every(
    (c, k) => k % 2 === 0 || (LABEL_LIKE.test(c) && !/\d/.test(c)),
  );
  if (valuesLookLikeLabels && next.split(' | ').length === cells.length) return;
  for (let k = 0; k < cells.length; k += 2) {
    const label = cells[k] ?? '';
    if (!LABEL_LIKE.test(label) || label.split(/\s+/).length > 5) return;
  }
  for (let k = 0; k < cells.length; k += 2) {
    const value = cells[k + 1] ?? '';
    const label = cells[k] ?? '';
    if (value)
      out[i]?.push({
        label,
        norm: normalizeLabel(label),
        value,
        column: k / 2,
        valueOnNextLine: false,
      });
  }
}

function nextNonEmpty(lines: readonly string[], i: number): number | null {
  for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) if (lines[j]?.trim()) return j;
  return null;
}

/** "Auth # | Consumer | Date" over "A-1 | Jo Park | 1/2/2026" becomes three cells. */
function zipHeaderRow(lines: readonly string[], i: number, out: LabelCell[][]): void {
  const line = lines[i] ?? '';
  const nextLine = lines[i + 1] ?? '';
  if (!line.includes(' | ') || !nextLine.includes(' | ')) return;
  const heads = line.split(' | ').map((c) => c.trim());
  const values = nextLine.split(' | ').map((c) => c.trim());
  if (heads.length !== values.length || heads.length < 2) return;
  if (heads.some((h) => !/^[A-Za-z][A-Za-z #./&()-]{0,40}$/.test(h) || h.includes(':'))) return;
  if (values.every((v) => /^[A-Za-z #./&()-]*$/.test(v) && v.split(' ').length <= 2)) return;
  heads.forEach((label, column) => {
    const value = values[column] ?? '';
    if (value)
      out[i + 1]?.push({
        label,
        norm: normalizeLabel(label),
        value,
        column,
        valueOnNextLine: false,
      });
  });
}

// What every field reader shares: the found-value shape with its source, and a walk over
// the label cells whose label is one of a field's aliases (most specific spelling first).
import type { DocLine, EmailDoc } from '../document.js';
import type { LabelCell } from '../labels.js';
import { labelPartNorms, normalizeLabel } from '../labels.js';
import type { FieldName } from '../rules.types.js';

export interface Found<T> {
  value: T;
  /** e.g. "label:Service Date", "text", "subject", "pdf label:Date of Service". */
  source: string;
}

export interface LabelHit {
  cell: LabelCell;
  line: DocLine;
  /** Higher is more specific: the alias's word count, plus one for the first column. */
  rank: number;
}

interface AliasSet {
  /** Normalised alias → its word count. */
  words: Map<string, number>;
  /** suffixAlias results already computed for this alias list, by normalised label. */
  suffixes: Map<string, number | null>;
}

const aliasCache = new WeakMap<string[], AliasSet>();
const SUFFIX_CACHE_MAX = 2000;

function aliasSet(aliases: string[]): AliasSet {
  let set = aliasCache.get(aliases);
  if (!set) {
    const words = new Map<string, number>();
    for (const a of aliases) {
      const norm = normalizeLabel(a);
      if (norm && !words.has(norm)) words.set(norm, norm.split(' ').length);
    }
    set = { words, suffixes: new Map() };
    aliasCache.set(aliases, set);
  }
  return set;
}

/** True when a normalised label is one of the field's aliases. */
export function isAlias(doc: EmailDoc, field: FieldName, norm: string): boolean {
  return aliasSet(doc.rules.labels[field]).words.has(norm);
}

/** Label cells for a field, best first (specific label, then document order). */
export function labelHits(
  doc: EmailDoc,
  field: FieldName,
  opts: { includeSignature?: boolean; match?: (norm: string) => number | null } = {},
): LabelHit[] {
  const aliases = aliasSet(doc.rules.labels[field]);
  const hits: LabelHit[] = [];
  for (const line of doc.lines) {
    if (line.zone === 'header') continue;
    if (line.zone === 'signature' && !opts.includeSignature) continue;
    for (const cell of line.cells) {
      let words = matchNorm(aliases, cell.norm, opts.match);
      // "Time / Heure": a compound label names the field when one of its halves does.
      for (const part of words === null ? labelPartNorms(cell.label) : []) {
        words = matchNorm(aliases, part, opts.match);
        if (words !== null) break;
      }
      if (words === null) continue;
      hits.push({ cell, line, rank: words + (cell.column === 0 ? 0.5 : 0) });
    }
  }
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => b.h.rank - a.h.rank || a.i - b.i)
    .map(({ h }) => h);
}

function matchNorm(
  aliases: AliasSet,
  norm: string,
  match?: (norm: string) => number | null,
): number | null {
  return aliases.words.get(norm) ?? match?.(norm) ?? suffixAlias(aliases, norm);
}

/**
 * "First Visit Time" ends with the alias "visit time": a qualified label of the same field.
 * Only aliases of two words or more, so "Birth Date" never reads as "date".
 */
function suffixAlias(aliases: AliasSet, norm: string): number | null {
  const known = aliases.suffixes.get(norm);
  if (known !== undefined) return known;
  let found: number | null = null;
  const tokens = norm.split(' ');
  for (let k = 1; k < tokens.length - 1; k++) {
    const words = aliases.words.get(tokens.slice(k).join(' '));
    if (words !== undefined && words >= 2) {
      found = words - 0.5;
      break;
    }
  }
  if (aliases.suffixes.size >= SUFFIX_CACHE_MAX) aliases.suffixes.clear();
  aliases.suffixes.set(norm, found);
  return found;
}

export function labelSource(hit: LabelHit): string {
  return `${hit.line.view === 'plain' ? '' : `${hit.line.view} `}label:${hit.cell.label}`;
}

export function textSource(line: DocLine): string {
  return line.view === 'plain' ? 'text' : `${line.view} text`;
}

/** Fresh body lines (not header blocks; signatures only when asked). */
export function bodyLines(doc: EmailDoc, includeSignature = false): DocLine[] {
  return doc.lines.filter((l) => l.zone === 'body' || (includeSignature && l.zone === 'signature'));
}

const proseCache = new WeakMap<EmailDoc, DocLine[]>();

/**
 * Body text for prose readers: wrapped sentence lines of one paragraph joined into one, so
 * "the round trip is\nnow 36 mi" reads as one sentence. Label lines stay on their own.
 */
export function proseLines(doc: EmailDoc): DocLine[] {
  const cached = proseCache.get(doc);
  if (cached) return cached;
  const out: DocLine[] = [];
  let lastNo = -2;
  for (const line of bodyLines(doc)) {
    const prev = out[out.length - 1];
    if (
      prev &&
      line.cells.length === 0 &&
      prev.cells.length === 0 &&
      line.viewIndex === prev.viewIndex &&
      line.lineNo === lastNo + 1 &&
      prev.text.length < 4000
    ) {
      out[out.length - 1] = { ...prev, text: `${prev.text.trimEnd()} ${line.text.trim()}` };
    } else {
      out.push(line);
    }
    lastNo = line.lineNo;
  }
  proseCache.set(doc, out);
  return out;
}

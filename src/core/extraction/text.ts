// Small string helpers shared by the extraction rules: one spelling for dashes, spaces and
// accents, so the readers can use plain ASCII patterns.

/** Dashes, non-breaking spaces, curly quotes and bullets folded to ASCII; trimmed. */
export function cleanText(s: string): string {
  // Most lines are plain printable ASCII: nothing to fold.
  if (!/[^\x20-\x7e]/.test(s)) return s.trimEnd();
  return s
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u2018\u2019\u201B]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\t/g, '    ')
    .replace(/[ ]+$/g, '');
}

/** Lower case, accents removed: for comparisons only, never for output. */
export function fold(s: string): string {
  if (!/[\u0080-\uffff]/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Strips trailing punctuation a sentence or a table cell leaves behind. */
export function trimPunct(s: string): string {
  return s.replace(/^[\s"'*_([{<]+/, '').replace(/[\s"'*_.,;:)\]}>]+$/, '');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word, case-insensitive phrase test (phrases from the rules file are plain text). */
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);

/** indexOf plus word-boundary checks: much faster than a regex per phrase on long text. */
export function containsPhrase(haystackFolded: string, phrase: string): boolean {
  const p = fold(phrase).trim();
  if (!p) return false;
  for (let i = haystackFolded.indexOf(p); i !== -1; i = haystackFolded.indexOf(p, i + 1)) {
    if (!isWordChar(haystackFolded[i - 1]) && !isWordChar(haystackFolded[i + p.length]))
      return true;
  }
  return false;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

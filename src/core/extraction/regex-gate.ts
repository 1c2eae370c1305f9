// A cheap, exact pre-check for the classifier's long alternation patterns. From a pattern's
// source it derives the words any match must start (e.g. "pending" and one of "is|are"), and
// the pattern runs only when the text has such words: a pattern is never skipped on a text
// it could match, so results are those of running every pattern over the whole text.
//
// Soundness: a word literal that follows \b, ^ or a non-word character starts a \w run of
// the matched text, so that run, lower-cased, begins with the literal. Without the `u`/`v`
// flags a case-insensitive ASCII literal matches ASCII characters only, so tokens are the
// text's \w runs, lower-cased. Anything the analysis does not understand counts as "may
// match": the pattern then simply runs.
import { escapeRegExp } from './text.js';

// ---- word index ----------------------------------------------------------------------------
// Gates name words ("atoms"). Indexing a text is one regex pass that returns only the words
// starting with some atom (the regex engine skips the rest far faster than a JS loop could);
// each such word then walks a trie of the atoms to mark every atom it starts with. Atoms of
// three letters or fewer and a few ubiquitous words are not indexed: they count as present,
// which keeps the pass cheap and the gate sound.

const MAX_ATOMS = 5000;
const ATOM_MAX = 16;
const UBIQUITOUS = new Set(['this', 'that', 'your', 'been', 'have', 'will', 'with', 'from']);
const atomIds = new Map<string, number>();
const trie: Map<string, number>[] = [new Map()];
const endsHere: number[][] = [[]];
let indexRes: { size: number; word: RegExp; phrase: RegExp } | null = null;

/** The gate for "a word starts with `word`" (lower case, [a-z0-9_]). */
function atomGate(word: string): Gate {
  if (!/^[a-z0-9_]+$/.test(word)) return true;
  const w = word.slice(0, ATOM_MAX);
  // Short and ubiquitous words are searched for only when a gate needs them.
  if (w.length <= 3 || UBIQUITOUS.has(w)) return w;
  const id = atomId(w);
  return id < 0 ? w : id;
}

/** The id of an indexed atom, or -1 when the index is full. */
function atomId(word: string): number {
  const known = atomIds.get(word);
  if (known !== undefined) return known;
  if (atomIds.size >= MAX_ATOMS) return -1;
  let node = 0;
  for (const c of word) {
    let next = trie[node]?.get(c);
    if (next === undefined) {
      next = trie.length;
      trie.push(new Map());
      endsHere.push([]);
      trie[node]?.set(c, next);
    }
    node = next;
  }
  const id = atomIds.size;
  atomIds.set(word, id);
  endsHere[node]?.push(id);
  return id;
}

function indexPatterns(): { word: RegExp; phrase: RegExp } {
  if (!indexRes || indexRes.size !== atomIds.size) {
    const alts = [...atomIds.keys()].join('|') || '(?!)';
    indexRes = {
      size: atomIds.size,
      // A \w run starting with an atom; a [a-z0-9] run starting with one (folded text).
      word: new RegExp(String.raw`\b(?:${alts})\w*`, 'gi'),
      phrase: new RegExp(String.raw`(?<![a-z0-9])(?:${alts})[a-z0-9]*`, 'g'),
    };
  }
  return indexRes;
}

/** Which indexed atoms start some word of the indexed texts. */
export interface WordIndex {
  seen: Uint8Array;
  /** Atoms registered after the index was built are unknown to it: treated as present. */
  known: number;
  texts: string[];
  /** \w runs of the texts (wordIndex), or [a-z0-9] runs of a folded text (phraseIndex). */
  regexWords: boolean;
  /** Short words searched for so far. */
  searched: Map<string, boolean>;
}

function has(index: WordIndex, id: number): boolean {
  return id < 0 || id >= index.known || index.seen[id] === 1;
}

const searchRes = new Map<string, RegExp>();

/** Whether a word of the texts starts with `w`: one regex search, remembered per index. */
function hasShort(index: WordIndex, w: string): boolean {
  let found = index.searched.get(w);
  if (found === undefined) {
    const key = `${index.regexWords ? 'w' : 'p'}${w}`;
    let re = searchRes.get(key);
    if (!re) {
      re = index.regexWords ? new RegExp(`\\b${w}`, 'i') : new RegExp(`(?<![a-z0-9])${w}`);
      if (searchRes.size < MAX_ATOMS) searchRes.set(key, re);
    }
    const r = re;
    found = index.texts.some((t) => r.test(t));
    index.searched.set(w, found);
  }
  return found;
}

/** Index of the texts' \w runs (for patterns run on any of them or on them joined by \n). */
export function wordIndex(...texts: string[]): WordIndex {
  const re = indexPatterns().word;
  const index = newIndex(texts, true);
  // \w runs are ASCII: lower-casing them is exact.
  for (const text of texts) markWords(text.match(re), index, true);
  return index;
}

/**
 * Index of a folded text's [a-z0-9] runs: the words containsPhrase can find a phrase at
 * (it treats every other character, `_` included, as a word boundary).
 */
export function phraseIndex(folded: string): WordIndex {
  const re = indexPatterns().phrase;
  const index = newIndex([folded], false);
  markWords(folded.match(re), index, false);
  return index;
}

/** Whether literal text (as a case-insensitive pattern would read it) starts at a word start. */
function hasChunk(index: WordIndex, chunk: string): boolean {
  const key = `\u0000${chunk}`;
  let found = index.searched.get(key);
  if (found === undefined) {
    let re = searchRes.get(key);
    if (!re) {
      re = new RegExp(`\\b${escapeRegExp(chunk)}`, 'i');
      if (searchRes.size < MAX_ATOMS) searchRes.set(key, re);
    }
    const r = re;
    found = index.texts.some((t) => r.test(t));
    index.searched.set(key, found);
  }
  return found;
}

function newIndex(texts: string[], regexWords: boolean): WordIndex {
  const known = atomIds.size;
  return { seen: new Uint8Array(known), known, texts, regexWords, searched: new Map() };
}

function markWords(words: string[] | null, index: WordIndex, lower: boolean): void {
  if (!words) return;
  for (const w of new Set(words)) {
    const word = lower ? w.toLowerCase() : w;
    let node: number | undefined = 0;
    for (let k = 0; k < word.length && node !== undefined; k++) {
      node = trie[node]?.get(word[k] ?? '');
      if (node === undefined) break;
      for (const id of endsHere[node] ?? []) if (id < index.known) index.seen[id] = 1;
    }
  }
}

/**
 * true = no condition; a number = some word starts with that indexed atom; a string = some
 * word starts with that short word (searched when needed); chunk = that literal text starts
 * at a word start (searched when needed, case-insensitively); all/any = and/or.
 */
type Gate = true | number | string | { chunk: string } | { all: Gate[] } | { any: Gate[] };

function evaluate(gate: Gate, index: WordIndex): boolean {
  if (gate === true) return true;
  if (typeof gate === 'number') return has(index, gate);
  if (typeof gate === 'string') return hasShort(index, gate);
  if ('chunk' in gate) return hasChunk(index, gate.chunk);
  if ('all' in gate) return gate.all.every((g) => evaluate(g, index));
  return gate.any.some((g) => evaluate(g, index));
}

const gates = new WeakMap<RegExp, Gate>();

/** Analyses a pattern once (registering its atoms, so indexes built later know them). */
export function gateOf(re: RegExp): Gate {
  let gate = gates.get(re);
  if (gate === undefined) {
    // lastIndex-driven (g, y) and Unicode-folding (u, v) patterns are not analysed.
    gate = /[gyuv]/.test(re.flags) ? true : analyse(re.source);
    gates.set(re, gate);
  }
  return gate;
}

/** re.test(text), skipped (false) when the text lacks the words every match needs. */
export function gatedTest(re: RegExp, text: string, index: WordIndex): boolean {
  return evaluate(gateOf(re), index) && re.test(text);
}

/**
 * False only when a folded phrase cannot occur word-bounded in the text phraseIndex read:
 * an occurrence starts a word of the text, which then begins with the phrase's first word.
 */
export function phraseMayOccur(foldedPhrase: string, index: WordIndex): boolean {
  const first = /^[a-z0-9]+/.exec(foldedPhrase);
  return !first || evaluate(atomGate(first[0]), index);
}

// ---- pattern analysis ---------------------------------------------------------------------

class Unsupported extends Error {}

/** State before a position: the previous character is a non-word one (or none), or unknown. */
type Edge = 'boundary' | 'unknown';
type WordKind = 'word' | 'nonword' | 'mixed';

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function analyse(source: string): Gate {
  try {
    const p = new Parser(source);
    const r = p.alternation('unknown');
    if (p.i !== source.length) return true;
    return r.gate;
  } catch (err) {
    if (err instanceof Unsupported) return true;
    throw err;
  }
}

/** Indexed atoms first, then nested gates, then what a search must find. */
const cost = (g: Gate): number =>
  typeof g === 'number' ? 0 : typeof g === 'string' ? 2 : g !== true && 'chunk' in g ? 3 : 1;
const cheapFirst = (gs: Gate[]): Gate[] => gs.sort((a, b) => cost(a) - cost(b));

function all(gs: Gate[]): Gate {
  // -1: an atom the full index could not take, i.e. always present.
  const parts = gs.filter((g) => g !== true && g !== -1);
  if (parts.length === 0) return true;
  return parts.length === 1 ? (parts[0] as Gate) : { all: cheapFirst(parts) };
}

function any(gs: Gate[]): Gate {
  if (gs.length === 0 || gs.some((g) => g === true || g === -1)) return true;
  return gs.length === 1 ? (gs[0] as Gate) : { any: cheapFirst([...gs]) };
}

const merge = (a: Edge, b: Edge): Edge => (a === 'boundary' && b === 'boundary' ? a : 'unknown');

type Atom =
  | { t: 'char'; code: number }
  | { t: 'class'; kind: WordKind }
  | { t: 'assert'; edge: Edge | 'keep' }
  | { t: 'group'; lookaround: boolean; inner: (entry: Edge) => { gate: Gate; exit: Edge } };

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(entry: Edge): { gate: Gate; exit: Edge } {
    const alts: Gate[] = [];
    let exit: Edge | null = null;
    for (;;) {
      const r = this.sequence(entry);
      alts.push(r.gate);
      exit = exit === null ? r.exit : merge(exit, r.exit);
      if (this.s[this.i] !== '|') break;
      this.i++;
    }
    return { gate: any(alts), exit: exit ?? entry };
  }

  private sequence(entry: Edge): { gate: Gate; exit: Edge } {
    const gates: Gate[] = [];
    let edge = entry;
    // The current word of literal characters, and the literal text since a word start
    // ("not approved", "merchant:"), which a literal search can then look for as a whole.
    let run = '';
    let runEdge: Edge = 'unknown';
    let chunk = '';
    const closeRun = (): void => {
      if (run && runEdge === 'boundary') gates.push(atomGate(run));
      run = '';
    };
    const closeChunk = (): void => {
      if (/^\w+\W/.test(chunk) && !/[\r\n]/.test(chunk)) gates.push({ chunk });
      chunk = '';
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      const { min, max } = this.quantifier();
      if (atom.t === 'char' && min === 1 && max === 1) {
        const c = String.fromCharCode(atom.code);
        if (isWordCode(atom.code)) {
          if (!run) runEdge = edge;
          if (!chunk && !run && edge === 'boundary') chunk = c;
          else if (chunk) chunk += c;
          run += c.toLowerCase();
          edge = 'unknown';
        } else {
          closeRun();
          if (chunk) chunk += c;
          edge = 'boundary';
        }
        continue;
      }
      closeRun();
      closeChunk();
      if (atom.t === 'assert') {
        if (atom.edge !== 'keep') edge = atom.edge;
        continue;
      }
      if (atom.t === 'group') {
        if (atom.lookaround) continue;
        // A repeated group is entered again after its own end: assume nothing then.
        const r = atom.inner(max > 1 ? 'unknown' : edge);
        if (min >= 1) gates.push(r.gate);
        edge = min >= 1 ? r.exit : merge(edge, r.exit);
        continue;
      }
      const kind: WordKind =
        atom.t === 'char' ? (isWordCode(atom.code) ? 'word' : 'nonword') : atom.kind;
      const after: Edge = kind === 'nonword' ? 'boundary' : 'unknown';
      edge = min >= 1 ? after : merge(edge, after);
    }
    closeRun();
    closeChunk();
    return { gate: all(gates), exit: edge };
  }

  private quantifier(): { min: number; max: number } {
    const c = this.s[this.i];
    let q: { min: number; max: number } | null = null;
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.s.slice(this.i));
      if (m) {
        const min = Number(m[1]);
        q = { min, max: m[2] ? (m[3] ? Number(m[3]) : Infinity) : min };
        this.i += m[0].length;
      }
    }
    if (!q) return { min: 1, max: 1 };
    if (this.s[this.i] === '?') this.i++;
    return q;
  }

  private atom(): Atom {
    const c = this.s[this.i] ?? '';
    this.i++;
    switch (c) {
      case '^':
        return { t: 'assert', edge: 'boundary' };
      case '$':
        return { t: 'assert', edge: 'keep' };
      case '.':
        return { t: 'class', kind: 'mixed' };
      case '[':
        return { t: 'class', kind: this.charClass() };
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported();
      default:
        return { t: 'char', code: c.charCodeAt(0) };
    }
  }

  private group(): Atom {
    let lookaround = false;
    if (this.s.startsWith('?:', this.i)) this.i += 2;
    else if (this.s.startsWith('?=', this.i) || this.s.startsWith('?!', this.i)) {
      lookaround = true;
      this.i += 2;
    } else if (this.s.startsWith('?<=', this.i) || this.s.startsWith('?<!', this.i)) {
      lookaround = true;
      this.i += 3;
    } else if (this.s.startsWith('?<', this.i)) {
      const end = this.s.indexOf('>', this.i);
      if (end < 0) throw new Unsupported();
      this.i = end + 1;
    } else if (this.s[this.i] === '?') throw new Unsupported();
    // The group is parsed now (to move past it) and analysed again per entry edge.
    const bodyStart = this.i;
    this.alternation('unknown');
    if (this.s[this.i] !== ')') throw new Unsupported();
    this.i++;
    const bodyEnd = this.i;
    const src = this.s;
    return {
      t: 'group',
      lookaround,
      inner: (entry) => {
        const p = new Parser(src);
        p.i = bodyStart;
        const r = p.alternation(entry);
        if (p.i !== bodyEnd - 1) throw new Unsupported();
        return r;
      },
    };
  }

  private escape(): Atom {
    const c = this.s[this.i] ?? '';
    this.i++;
    if (c === 'b') return { t: 'assert', edge: 'boundary' };
    if (c === 'B') return { t: 'assert', edge: 'unknown' };
    if (c === 'd' || c === 'w') return { t: 'class', kind: 'word' };
    if (c === 's') return { t: 'class', kind: 'nonword' };
    if (c === 'D' || c === 'W' || c === 'S') return { t: 'class', kind: 'mixed' };
    if (/[1-9k]/.test(c)) throw new Unsupported();
    const code = this.escapedCode(c);
    return { t: 'char', code };
  }

  /** The character an escape stands for (after the backslash and c were consumed). */
  private escapedCode(c: string): number {
    const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };
    // \0 followed by a digit is an octal escape.
    if (c === '0' && /\d/.test(this.s[this.i] ?? '')) throw new Unsupported();
    if (c in simple) return simple[c] ?? 0;
    if (c === 'x' || c === 'u' || c === 'c') {
      // Rare in these patterns: a non-ASCII or control code point is certainly non-word, but
      // reading every form exactly is not worth it; stop the analysis instead.
      throw new Unsupported();
    }
    return c.charCodeAt(0);
  }

  private charClass(): WordKind {
    let negated = false;
    if (this.s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let word = false;
    let nonword = false;
    // In JavaScript a `]` right after `[` closes an (empty) class.
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      let lo: number;
      const c = this.s[this.i] ?? '';
      this.i++;
      if (c === '\\') {
        const e = this.s[this.i] ?? '';
        this.i++;
        if (e === 'd' || e === 'w') {
          word = true;
          continue;
        }
        if (e === 's') {
          nonword = true;
          continue;
        }
        if (e === 'D' || e === 'W' || e === 'S') {
          word = nonword = true;
          continue;
        }
        lo = e === 'b' ? 8 : this.escapedCode(e);
      } else lo = c.charCodeAt(0);
      let hi = lo;
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.i + 1 < this.s.length) {
        this.i++;
        const h = this.s[this.i] ?? '';
        this.i++;
        if (h === '\\') throw new Unsupported();
        hi = h.charCodeAt(0);
      }
      for (let k = lo; k <= hi && k <= 127; k++) {
        if (isWordCode(k)) word = true;
        else nonword = true;
      }
      if (hi > 127) nonword = true;
    }
    if (this.s[this.i] !== ']') throw new Unsupported();
    this.i++;
    if (negated) return 'mixed';
    return word && nonword ? 'mixed' : word ? 'word' : 'nonword';
  }
}

/** False only when the indexed text cannot hold a match of re. */
export function mayMatch(re: RegExp, index: WordIndex): boolean {
  return evaluate(gateOf(re), index);
}

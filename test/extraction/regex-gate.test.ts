// The word gate may only skip a pattern on a text it cannot match: for every classifier
// pattern and many texts (fixtures, their lines, edge cases, random word salads built from the
// patterns' own vocabulary), a match implies the gate lets the pattern run. Phrases likewise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { POSITIVE, NEGATIVE } from '../../src/core/extraction/classify-signals.js';
import { DEFAULT_RULES } from '../../src/core/extraction/default-rules.js';
import {
  gatedTest,
  mayMatch,
  phraseIndex,
  phraseMayOccur,
  wordIndex,
} from '../../src/core/extraction/regex-gate.js';
import { containsPhrase, fold } from '../../src/core/extraction/text.js';

const PATTERNS: RegExp[] = [
  ...[...POSITIVE, ...NEGATIVE].map((s) => s.re),
  /\bpick-?up time/i,
  /(?<![\d/.$])(\d{1,2})[/-](\d{1,2})/,
  /^(?:invitation|accepted)\s*:/i,
  /\b(?:foo|bar)_baz\b/i,
  /\bnot (?:yet )?approved\b/i,
];
const PHRASES = [
  ...DEFAULT_RULES.keywords.notAuthorization,
  ...DEFAULT_RULES.keywords.authorization,
];

function emlTexts(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...emlTexts(p));
    else if (f.endsWith('.eml')) out.push(readFileSync(p, 'latin1'));
  }
  return out;
}

function checkText(text: string): void {
  const index = wordIndex(text);
  for (const re of PATTERNS) {
    if (re.test(text))
      assert.ok(
        mayMatch(re, index),
        `gate skipped ${re.source.slice(0, 60)} on ${text.slice(0, 80)}`,
      );
    assert.equal(gatedTest(re, text, index), re.test(text));
  }
  const folded = fold(text);
  const pIndex = phraseIndex(folded);
  for (const phrase of PHRASES) {
    if (containsPhrase(folded, phrase))
      assert.ok(phraseMayOccur(fold(phrase).trim(), pIndex), `phrase "${phrase}" skipped`);
  }
}

/** Words and separators the patterns are made of, shuffled into sentences. */
function salad(seed: number, count: number): string[] {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const vocab = new Set<string>();
  for (const re of PATTERNS) for (const w of re.source.match(/[a-z]{2,}/gi) ?? []) vocab.add(w);
  for (const p of PHRASES) for (const w of p.split(/\s+/)) vocab.add(w);
  const words = [...vocab, 'authorized', 'approved', 'cancelled', 'Authorization', 'PO', '#'];
  const seps = [' ', ' ', ' ', '\n', ': ', '-', '_', 'é', '\u212a', ' #', '. '];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    const n = 2 + rnd(10);
    for (let k = 0; k < n; k++) {
      const w = words[rnd(words.length)] ?? '';
      t += (rnd(4) === 0 ? w.toUpperCase() : w) + (seps[rnd(seps.length)] ?? ' ');
    }
    out.push(t);
  }
  return out;
}

void describe('regex gate', () => {
  void it('never skips a pattern or phrase on a fixture email, whole or line by line', () => {
    const root = new URL('../fixtures/', import.meta.url).pathname;
    const texts = emlTexts(root);
    assert.ok(texts.length > 50);
    for (const t of texts) {
      checkText(t);
      for (const line of t.split('\n')) checkText(line);
    }
  });

  void it('never skips on word salads made of the patterns own words', () => {
    for (const t of salad(7, 4000)) checkText(t);
  });

  void it('reads word starts as the regex engine does (non-ASCII, underscores, anchors)', () => {
    for (const t of [
      'éapproved for the following',
      '\u212aapproved for',
      'x_newsletter',
      'NOT APPROVED',
      'not yet approved',
      'Invitation: team sync',
      'pick-up time 9:00',
      'pickup time',
      '12/3',
      'FOO_BAZ',
      '',
    ])
      checkText(t);
    // The gate does skip: a text without the words cannot match.
    const index = wordIndex('nothing relevant here at all');
    assert.equal(mayMatch(/\bnewsletter\b/i, index), false);
    assert.equal(mayMatch(/\bnot (?:yet )?approved\b/i, index), false);
  });
});

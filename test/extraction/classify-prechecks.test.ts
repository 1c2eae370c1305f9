// The kind detector skips its long cancellation/amendment patterns on a body without any of
// the substrings every match contains. That shortcut may never change an answer: wherever a
// pattern matches (fixture emails, their lines and sentences, generated change sentences), its
// pre-check must match too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AMEND_BODY,
  AMEND_NEEDS,
  CANCEL_BODY,
  CANCEL_NEEDS,
} from '../../src/core/extraction/classify-kind.js';

const PAIRS: [RegExp, RegExp][] = [
  [CANCEL_BODY, CANCEL_NEEDS],
  [AMEND_BODY, AMEND_NEEDS],
];

function emlTexts(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...emlTexts(p));
    else if (f.endsWith('.eml')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

function check(text: string): number {
  let matched = 0;
  for (const [pattern, needs] of PAIRS) {
    if (!pattern.test(text)) continue;
    matched++;
    assert.ok(needs.test(text), `${needs.source} misses a match of its pattern in: ${text}`);
  }
  return matched;
}

/** Sentences built from the patterns' own words, in many combinations and cases. */
function sentences(): string[] {
  const subjects = [
    'The authorization',
    'Trip 55-12 for Jo Park',
    'Your PO #A-1',
    'Services',
    'The ride',
  ];
  const verbs = ['has been', 'have been', 'is', 'was', 'is now', 'are hereby', 'will be'];
  const outcomes = [
    'cancelled',
    'canceled',
    'CANCELLED',
    'voided',
    'void',
    'withdrawn',
    'rescinded',
    'terminated',
    'revoked',
    'discontinued',
    'revised',
    'amended',
    'updated',
    'changed',
    'modified',
    'corrected',
    'rescheduled',
    'extended',
    'no longer needed',
    'moved to Friday',
  ];
  const out: string[] = [];
  for (const s of subjects)
    for (const v of verbs) for (const o of outcomes) out.push(`${s} ${v} ${o}.`);
  out.push(
    'No further services will be provided.',
    'No services should be delivered after today.',
    'Please disregard the earlier email.',
    'We hereby rescind the voucher.',
    'Cancellation notice for the visit.',
    'Date change: the session moved.',
    'Amendment to the authorization.',
    'This replaces the previous authorization.',
    '*** REVISED ***',
    'The mileage has changed to 30.',
    'Pick up update for the trip.',
  );
  return out;
}

void describe('kind pre-checks', () => {
  void it('match wherever the cancellation and amendment patterns match', () => {
    let matched = 0;
    for (const t of sentences()) matched += check(t);
    const root = new URL('../fixtures/', import.meta.url).pathname;
    for (const t of emlTexts(root)) {
      matched += check(t);
      for (const s of t.split(/(?<=[.!?])\s+|\n/)) matched += check(s);
    }
    // The check only means something if the patterns do match many of these texts.
    assert.ok(matched > 500, `only ${matched} matches`);
  });
});

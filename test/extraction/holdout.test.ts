// The red team's holdout (test/fixtures/holdout: hand-labelled emails written apart from the
// engine, from other agencies, templates and distractors) as a regression gate: no false
// positive, and overall field accuracy (score.py's definition) at least 97%. A file it still
// gets wrong is listed in the failure message, not hidden.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { compareRecord, SCORED_FIELDS } from './golden-compare.js';

const HOLDOUT = new URL('../fixtures/holdout/', import.meta.url).pathname;
const extractor = createExtractor({
  timeZone: 'America/Chicago',
  rulesPath: null,
  logger: silentLogger,
});
after(() => extractor.close());

void test(
  'holdout: zero false positives and ≥ 97% field accuracy',
  { timeout: 300_000 },
  async () => {
    const files = readdirSync(HOLDOUT)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    assert.ok(files.length >= 40, `only ${files.length} holdout emails`);
    const falsePositives: string[] = [];
    const misses: string[] = [];
    let scored = 0;
    let right = 0;
    for (const file of files) {
      const truth = JSON.parse(
        readFileSync(join(HOLDOUT, file.replace(/\.eml$/, '.json')), 'utf8'),
      ) as {
        isAuthorization: boolean;
      };
      const record = await extractor.extract(readFileSync(join(HOLDOUT, file)));
      if (!truth.isAuthorization) {
        if (record.isAuthorization) falsePositives.push(file);
        continue;
      }
      // A missed authorization scores nothing on any of its fields.
      const wrong = record.isAuthorization ? compareRecord(truth, record) : [...SCORED_FIELDS];
      scored += SCORED_FIELDS.length;
      right += SCORED_FIELDS.length - wrong.length;
      if (wrong.length) misses.push(`${file}: ${wrong.join('; ')}`);
    }
    assert.deepEqual(falsePositives, [], 'non-authorizations taken for authorizations');
    const accuracy = (100 * right) / scored;
    assert.ok(accuracy >= 97, `field accuracy ${accuracy.toFixed(1)}%:\n${misses.join('\n')}`);
  },
);

// Holdout sets as regression gates: no false positive, and overall field accuracy (score.py's
// definition) at least a threshold. A file still wrong is listed in the failure message.
// - test/fixtures/holdout: the red team's hand-labelled emails written apart from the engine
//   (other agencies, templates and distractors); at least 97%.
// - test/fixtures/holdout-fresh: a second set written without reading the engine, measured
//   blind once at 83.0% (recall 87.5%, 0 false positives), then used to find and fix generic
//   causes (it reached 100%), so it is no longer blind; held at 97% like the first set, so a
//   general improvement may trade one field on one email without breaking the gate. The next
//   blind check needs another fresh set.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { compareRecord, SCORED_FIELDS } from './golden-compare.js';

const extractor = createExtractor({
  timeZone: 'America/Chicago',
  rulesPath: null,
  logger: silentLogger,
});
after(() => extractor.close());

async function gate(folder: string, minFiles: number, threshold: number): Promise<void> {
  const dir = new URL(`../fixtures/${folder}/`, import.meta.url).pathname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  assert.ok(files.length >= minFiles, `only ${files.length} ${folder} emails`);
  const falsePositives: string[] = [];
  const misses: string[] = [];
  let scored = 0;
  let right = 0;
  for (const file of files) {
    const truth = JSON.parse(readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8')) as {
      isAuthorization: boolean;
    };
    const record = await extractor.extract(readFileSync(join(dir, file)));
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
  assert.ok(
    accuracy >= threshold,
    `${folder} field accuracy ${accuracy.toFixed(1)}%:\n${misses.join('\n')}`,
  );
}

void test('holdout: zero false positives and ≥ 97% field accuracy', { timeout: 300_000 }, () =>
  gate('holdout', 40, 97),
);

void test(
  'fresh holdout (no longer blind): zero false positives and ≥ 97% field accuracy',
  { timeout: 300_000 },
  () => gate('holdout-fresh', 40, 97),
);

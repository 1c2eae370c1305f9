// Every golden fixture (test/fixtures/emails/<family>/*.eml) and the 16 labelled samples go
// through the real extractor (MIME reading included) and must match their truth file field
// by field; the distractors must all come out as "not an authorization".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { compareRecord } from './golden-compare.js';

const FIXTURES = new URL('../fixtures/emails/', import.meta.url).pathname;
// The labelled samples live beside the repository (../shared), wherever it is cloned.
const SAMPLES = new URL('../../../shared/samples/', import.meta.url).pathname;

function emlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => join(dir, f));
}

const families = readdirSync(FIXTURES).filter(
  (d) =>
    statSync(join(FIXTURES, d)).isDirectory() &&
    d !== 'specs' &&
    emlFiles(join(FIXTURES, d)).length > 0,
);
const extractor = createExtractor({
  timeZone: 'America/Chicago',
  rulesPath: null,
  logger: silentLogger,
});
after(() => extractor.close());
// The PDF library loads on first use, which on a busy machine can outlast the per-PDF time
// limit; one throw-away extraction first keeps the golden comparisons about extraction.
before(async () => {
  const pdfDir = join(FIXTURES, 'pdf');
  if (existsSync(pdfDir))
    for (const eml of emlFiles(pdfDir).slice(0, 1)) await extractor.extract(readFileSync(eml));
});

async function check(
  eml: string,
): Promise<{ problems: string[]; isAuth: boolean; predicted: boolean }> {
  const truth = JSON.parse(readFileSync(eml.replace(/\.eml$/, '.json'), 'utf8')) as {
    isAuthorization: boolean;
  };
  const record = await extractor.extract(readFileSync(eml));
  return {
    problems: compareRecord(truth, record),
    isAuth: truth.isAuthorization,
    predicted: record.isAuthorization,
  };
}

void describe('golden fixtures', () => {
  void it('cover at least 3 emails in every format family', () => {
    assert.ok(families.length >= 10, `only ${families.length} families`);
    for (const f of families)
      assert.ok(emlFiles(join(FIXTURES, f)).length >= 3, `${f} has fewer than 3 fixtures`);
  });
  for (const family of families) {
    void describe(family, () => {
      for (const eml of emlFiles(join(FIXTURES, family))) {
        void it(eml.slice(eml.lastIndexOf('/') + 1), async () => {
          const { problems } = await check(eml);
          assert.deepEqual(problems, []);
        });
      }
    });
  }
});

// The samples live beside the checkout (../shared/samples); without them this suite is empty.
void describe('labelled samples', () => {
  for (const eml of existsSync(SAMPLES) ? emlFiles(SAMPLES) : []) {
    void it(eml.slice(eml.lastIndexOf('/') + 1), async () => {
      const { problems } = await check(eml);
      assert.deepEqual(problems, []);
    });
  }
});

void describe('precision', () => {
  void it('no distractor or quoting reply is taken for an authorization', async () => {
    const all = families.flatMap((f) => emlFiles(join(FIXTURES, f)));
    if (existsSync(SAMPLES)) all.push(...emlFiles(SAMPLES));
    const falsePositives: string[] = [];
    let negatives = 0;
    for (const eml of all) {
      const r = await check(eml);
      if (r.isAuth) continue;
      negatives++;
      if (r.predicted) falsePositives.push(eml);
    }
    assert.ok(negatives >= 15, `only ${negatives} negative fixtures`);
    assert.deepEqual(falsePositives, []);
  });
});

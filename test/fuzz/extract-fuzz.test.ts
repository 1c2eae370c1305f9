// A few thousand mutated fixtures and samples through the real extractor: every one must
// resolve with a well-formed record. `npm run fuzz` runs many more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutate, seeded } from './mutators.js';
import { extractionTarget, seedEmails } from './targets.js';

const CASES = 2000;
/** Mutated PDFs can run into the PDF reader's time limit; a few suffice here, `npm run fuzz` does more. */
const PDF_CASES = 40;

void test(
  `extraction survives ${CASES + PDF_CASES} mutated emails`,
  { timeout: 600_000 },
  async () => {
    const all = seedEmails();
    const seeds = all.filter((s) => !s.includes('application/pdf'));
    const pdfSeeds = all.filter((s) => s.includes('application/pdf'));
    assert.ok(seeds.length >= 20 && pdfSeeds.length >= 1);
    const target = extractionTarget();
    await target.setup();
    const rng = seeded(20260101);
    const failures: string[] = [];
    try {
      for (let i = 0; i < CASES + PDF_CASES; i++) {
        const a = (i < CASES ? seeds[i % seeds.length] : pdfSeeds[i % pdfSeeds.length]) as Buffer;
        const b = seeds[Math.floor(rng() * seeds.length)] as Buffer;
        const { raw, applied } = mutate(a, b, rng);
        try {
          await target.run(raw);
        } catch (err) {
          failures.push(
            `case ${i} [${applied.join('+')}]: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
    } finally {
      await target.teardown();
    }
    assert.deepEqual(failures.slice(0, 10), []);
  },
);

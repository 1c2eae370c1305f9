// Fuzz: a few thousand mutated emails (fixtures, samples, a PDF mail) and the pathological
// inputs must all resolve to a well-formed ReadableEmail; readEmail never throws and memory
// stays bounded. Set MIME_FUZZ_CASES / MIME_FUZZ_SEED to run more or replay one seed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readEmail } from '../../src/adapters/mime/read-email.js';
import type { ReadableEmail } from '../../src/core/readable-email.js';
import { mutate, pathologicalCases, rng } from './support/fuzz-cases.js';
import { buildPdf, emailWithAttachment, formRuns } from './support/pdf-email.js';

const CASES = Number(process.env.MIME_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.MIME_FUZZ_SEED ?? 20250708);
const MEMORY_LIMIT = 1536 * 1024 * 1024;

function assertWellFormed(mail: ReadableEmail, label: string): void {
  assert.equal(typeof mail.subject, 'string', label);
  assert.ok(
    Array.isArray(mail.views) && Array.isArray(mail.warnings) && Array.isArray(mail.attachments),
    label,
  );
  for (const v of mail.views) {
    assert.ok(['plain', 'html', 'pdf', 'attached-message'].includes(v.kind), label);
    assert.equal(typeof v.text, 'string', label);
    assert.equal(typeof v.quoted, 'string', label);
  }
  for (const w of mail.warnings) assert.equal(typeof w, 'string', label);
  assert.ok(mail.date === null || /^\d{4}-\d{2}-\d{2}T/.test(mail.date), label);
}

async function seeds(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const dir of [
    new URL('../fixtures/mime/', import.meta.url),
    new URL('../../../shared/samples/', import.meta.url),
  ]) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml')))
      out.push(readFileSync(new URL(f, dir)));
  }
  const pdf = await buildPdf([
    formRuns([
      ['Authorization No.:', 'FZ-1'],
      ['Date:', '01/02/2026'],
    ]),
  ]);
  out.push(emailWithAttachment({ body: 'see attached', attachment: pdf, filename: 'a.pdf' }));
  return out;
}

void describe('readEmail fuzz', { timeout: 15 * 60_000 }, () => {
  void it(`${CASES} mutated emails resolve to well-formed results`, async () => {
    const inputs = await seeds();
    const random = rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const seed = inputs[Math.floor(random() * inputs.length)] as Buffer;
      const { how, raw } = mutate(seed, random);
      const label = `case ${i} (seed ${SEED}): ${how}`;
      const mail = await readEmail(raw, { pdfTimeoutMs: 2000 });
      assertWellFormed(mail, label);
    }
    assert.ok(process.memoryUsage().rss < MEMORY_LIMIT, `rss ${process.memoryUsage().rss}`);
  });

  void it('pathological inputs resolve with warnings, memory bounded', async () => {
    for (const c of pathologicalCases()) {
      const mail = await readEmail(c.raw);
      assertWellFormed(mail, c.name);
      if (c.raw.length > 1 << 20)
        assert.ok(mail.warnings.length > 0 || mail.views.length > 0, c.name);
      assert.ok(
        process.memoryUsage().rss < MEMORY_LIMIT,
        `${c.name}: rss ${process.memoryUsage().rss}`,
      );
    }
  });

  void it('non-Buffer input from a careless caller still resolves', async () => {
    const mail = await readEmail('Subject: s\n\nbody' as unknown as Buffer);
    assert.equal(mail.subject, 's');
  });
});

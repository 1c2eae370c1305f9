// The shared sample emails as smoke inputs: every one reads without warnings, and the
// properties the extraction rules rely on hold (PDF text, forward original, reply quote).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readEmail } from '../../src/adapters/mime/read-email.js';
import type { ReadableEmail } from '../../src/core/readable-email.js';

const DIR = new URL('../../../shared/samples/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
const bySuffix = async (prefix: string): Promise<ReadableEmail> => {
  const name = files.find((f) => f.startsWith(prefix));
  assert.ok(name, `sample ${prefix}`);
  return readEmail(readFileSync(new URL(name, DIR)));
};

void describe('shared samples (smoke)', () => {
  void it('every sample reads with a body view, a sender, an ISO date and no warnings', async () => {
    assert.ok(files.length >= 16);
    for (const f of files) {
      const mail = await readEmail(readFileSync(new URL(f, DIR)));
      assert.deepEqual(mail.warnings, [], f);
      assert.ok(mail.views.length > 0 && mail.views.every((v) => v.text.trim() !== ''), f);
      assert.ok(mail.from?.address, f);
      assert.match(mail.date ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/, f);
    }
  });

  void it('a PDF-only authorization has a pdf view holding the labelled number', async () => {
    const mail = await bySuffix('004');
    const pdf = mail.views.find((v) => v.kind === 'pdf');
    assert.ok(pdf);
    assert.match(pdf.text, /^PO\/Authorization No\.: \S+$/m);
    assert.match(pdf.text, /^Time: 3:30 PM - 5:00 PM$/m);
  });

  void it('a Gmail forward names the original sender, not the forwarder', async () => {
    const mail = await bySuffix('005');
    assert.equal(mail.isForward, true);
    assert.ok(mail.original?.from?.address);
    assert.notEqual(mail.original.from.address, mail.from?.address);
    assert.match(mail.original.date ?? '', /^2026-07-08T10:12:00$/);
  });

  void it('a thank-you reply keeps only its new lines; the quoted authorization is set apart', async () => {
    const mail = await bySuffix('013');
    assert.equal(mail.isReply, true);
    const plain = mail.views[0];
    assert.ok(plain);
    assert.doesNotMatch(plain.text, /Authorization Number/);
    assert.match(plain.quoted, /Authorization Number/);
  });

  void it('an HTML-only th/td table becomes label: value lines', async () => {
    const mail = await bySuffix('002');
    assert.deepEqual(
      mail.views.map((v) => v.kind),
      ['html'],
    );
    assert.match(mail.views[0]?.text ?? '', /^Units Authorized: 10 units \(15 min\)$/m);
  });
});

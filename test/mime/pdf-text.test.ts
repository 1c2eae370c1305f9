// PDF attachments: text of a pdf-lib form with label/value columns, and the bad cases (corrupt,
// encrypted, truncated, over the byte or page limit) that must give warnings, never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEmail } from '../../src/adapters/mime/read-email.js';
import { pdfText } from '../../src/adapters/pdf/pdf-text.js';
import { groupIntoLines } from '../../src/adapters/pdf/pdf-lines.js';
import { buildPdf, emailWithAttachment, formRuns, markEncrypted } from './support/pdf-email.js';

const FORM: [string, string][] = [
  ['Authorization No.:', 'FX-2210'],
  ['Client Name', 'Dana Fox'],
  ['Date of Service:', '08/04/2025'],
  ['Address:', '19 Cove Rd, Bath, ME 04530'],
];

void describe('PDF text', () => {
  void it('a label/value form keeps each pair on one line, in reading order', async () => {
    const pdf = await buildPdf([formRuns(FORM)]);
    const res = await pdfText(pdf);
    assert.deepEqual(res.warnings, []);
    assert.equal(
      res.text,
      [
        'SERVICE AUTHORIZATION FORM',
        'Authorization No.: FX-2210',
        'Client Name: Dana Fox',
        'Date of Service: 08/04/2025',
        'Address: 19 Cove Rd, Bath, ME 04530',
      ].join('\n'),
    );
  });

  void it('as an attachment: a pdf view after the body views, with its file name', async () => {
    const pdf = await buildPdf([formRuns(FORM)]);
    const mail = await readEmail(
      emailWithAttachment({
        body: 'Please see the attached form.',
        attachment: pdf,
        filename: 'auth form.pdf',
      }),
    );
    assert.deepEqual(
      mail.views.map((v) => [v.kind, v.filename]),
      [
        ['plain', null],
        ['pdf', 'auth form.pdf'],
      ],
    );
    assert.match(mail.views[1]?.text ?? '', /^Authorization No\.: FX-2210$/m);
    assert.deepEqual(mail.attachments[0]?.contentType, 'application/pdf');
  });

  void it('a PDF sent as application/octet-stream is still read', async () => {
    const pdf = await buildPdf([formRuns(FORM)]);
    const mail = await readEmail(
      emailWithAttachment({
        body: 'x',
        attachment: pdf,
        filename: 'scan',
        contentType: 'application/octet-stream',
      }),
    );
    assert.ok(mail.views.some((v) => v.kind === 'pdf' && v.text.includes('FX-2210')));
  });

  void it('corrupt, truncated and encrypted PDFs give warnings and no pdf view', async () => {
    const pdf = await buildPdf([formRuns(FORM)]);
    const cases: [string, Buffer, RegExp][] = [
      [
        'corrupt',
        Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog garbage\n%%EOF'),
        /could not be read/,
      ],
      ['truncated', pdf.subarray(0, 300), /could not be read/],
      ['encrypted', markEncrypted(pdf), /encrypted/],
    ];
    for (const [name, bytes, why] of cases) {
      const mail = await readEmail(
        emailWithAttachment({ body: 'attached', attachment: bytes, filename: `${name}.pdf` }),
      );
      assert.deepEqual(
        mail.views.map((v) => v.kind),
        ['plain'],
        name,
      );
      assert.ok(
        mail.warnings.some((w) => w.startsWith(`${name}.pdf: `) && why.test(w)),
        `${name}: ${mail.warnings.join('; ')}`,
      );
    }
  });

  void it('byte and page limits are honoured', async () => {
    const pages = Array.from({ length: 4 }, (_, i) => [
      { text: `Page ${i + 1} text`, x: 60, y: 700 },
    ]);
    const pdf = await buildPdf(pages);
    const few = await pdfText(pdf, { maxPages: 2 });
    assert.equal(few.text, 'Page 1 text\n\nPage 2 text');
    assert.ok(few.warnings.some((w) => /4 pages: only the first 2/.test(w)));
    const big = await pdfText(pdf, { maxBytes: 100 });
    assert.equal(big.text, '');
    assert.ok(big.warnings.some((w) => /over the 100-byte limit/.test(w)));
    const mail = await readEmail(
      emailWithAttachment({ body: 'x', attachment: pdf, filename: 'a.pdf' }),
      { maxPdfPages: 1 },
    );
    assert.equal(mail.views.find((v) => v.kind === 'pdf')?.text, 'Page 1 text');
  });
});

void describe('PDF line grouping', () => {
  void it('groups by baseline, orders by x, marks wide gaps as columns', () => {
    const item = (str: string, x: number, y: number, width = str.length * 5) => ({
      str,
      x,
      y,
      width,
      height: 10,
    });
    const lines = groupIntoLines([
      item('Time:', 60, 600),
      item('DOB: 01/02/2010', 400, 650.5),
      item('Student: Kim Lee', 60, 650),
      item('3:30 PM', 200, 600.8),
      item('Grade', 300, 650),
    ]);
    assert.deepEqual(lines, ['Student: Kim Lee | Grade | DOB: 01/02/2010', 'Time: 3:30 PM']);
  });
});

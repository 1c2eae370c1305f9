// Test helpers: PDFs drawn with pdf-lib (a label/value form, as agencies send them) and the
// .eml that carries one as an attachment.
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** One text run: `x`, `y` in PDF points (y from the bottom). */
export interface Run {
  text: string;
  x: number;
  y: number;
  size?: number;
}

export async function buildPdf(pages: Run[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const runs of pages) {
    const page = doc.addPage([612, 792]);
    for (const r of runs) page.drawText(r.text, { x: r.x, y: r.y, size: r.size ?? 10, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A label/value authorization form: labels at x=60, values in a column at x=220. */
export function formRuns(rows: [string, string][], top = 700): Run[] {
  const runs: Run[] = [{ text: 'SERVICE AUTHORIZATION FORM', x: 60, y: top + 30, size: 14 }];
  rows.forEach(([label, value], i) => {
    runs.push({ text: label, x: 60, y: top - i * 18 });
    runs.push({ text: value, x: 220, y: top - i * 18 });
  });
  return runs;
}

/** Makes a PDF look encrypted: a standard security handler whose user password is not empty. */
export function markEncrypted(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const obj = `9999 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> /P -4 >>\nendobj\n`;
  const withObj = text.replace(/xref\n/, obj + 'xref\n');
  const out = withObj.replace(
    /trailer\s*<</,
    `trailer\n<< /Encrypt 9999 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]`,
  );
  return Buffer.from(out, 'latin1');
}

export function emailWithAttachment(opts: {
  body: string;
  attachment: Buffer;
  filename: string;
  contentType?: string;
  subject?: string;
}): Buffer {
  const b64 = opts.attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'Message-ID: <pdf-test@agency.example>',
      'Date: Mon, 21 Jul 2025 10:00:00 -0700',
      'From: Forms Desk <forms@county-forms.example>',
      'To: vendor@example.com',
      `Subject: ${opts.subject ?? 'Authorization form attached'}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b-pdf"',
      '',
      '--b-pdf',
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.body,
      '--b-pdf',
      `Content-Type: ${opts.contentType ?? 'application/pdf'}; name="${opts.filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${opts.filename}"`,
      '',
      b64,
      '--b-pdf--',
      '',
    ].join('\r\n'),
  );
}

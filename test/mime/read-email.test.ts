// Golden-ish tests of readEmail over our own fixtures, one per format family: forwards (Gmail,
// Outlook, Apple Mail, Thunderbird, attached message), charsets, HTML tables, replies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ReadableEmail, TextView } from '../../src/core/readable-email.js';
import { readEmail } from '../../src/adapters/mime/read-email.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/mime/${name}`, import.meta.url));
const read = (name: string): Promise<ReadableEmail> => readEmail(fixture(name));
const view = (mail: ReadableEmail, kind: TextView['kind']): TextView => {
  const v = mail.views.find((x) => x.kind === kind);
  assert.ok(v, `no ${kind} view; views: ${mail.views.map((x) => x.kind).join(',')}`);
  return v;
};

void describe('readEmail: forwards', () => {
  void it('Gmail forward: original sender and wall-clock date from both views', async () => {
    const mail = await read('gmail-forward.eml');
    assert.equal(mail.isForward, true);
    assert.equal(mail.isReply, false);
    assert.deepEqual(mail.original, {
      from: { name: 'Oakhill Support Services', address: 'approvals@oakhill-support.example' },
      date: '2025-07-08T14:21:00',
      subject: 'Service approval for R. Ortiz',
    });
    assert.deepEqual(
      mail.views.map((v) => v.kind),
      ['plain', 'html'],
    );
    const html = view(mail, 'html');
    assert.match(html.text, /^Approval No\.: OHS-7781$/m);
    assert.match(html.text, /^Time: 10:00 AM – 12:00 PM$/m);
    assert.match(
      html.text,
      /^From: Oakhill Support Services <approvals@oakhill-support\.example>$/m,
    );
    assert.equal(html.quoted, '');
    assert.match(view(mail, 'plain').text, /^Participant: Rosa Ortiz$/m);
  });

  void it('Outlook forward with an underscore rule and `Last, First <addr>`', async () => {
    const mail = await read('outlook-forward.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original?.from, {
      name: 'Ruiz, Carmen',
      address: 'cruiz@northfield-schools.example',
    });
    assert.equal(mail.original?.date, '2025-07-08T14:21:00');
    assert.equal(mail.original?.subject, 'Interpreter request confirmed');
    assert.match(view(mail, 'plain').text, /Assignment #: NF-2231/);
  });

  void it('Outlook `-----Original Message-----` forward with `Name [mailto:addr]`', async () => {
    const mail = await read('outlook-original-message-forward.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original?.from, {
      name: 'Intake Desk',
      address: 'intake@lakeview-care.example',
    });
    assert.equal(mail.original?.date, '2025-07-09T11:05:00');
    assert.equal(view(mail, 'plain').quoted, '');
  });

  void it('Outlook HTML forward in multipart/related: original from the HTML view; RFC 2231 file name', async () => {
    const mail = await read('outlook-html-forward-related.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original, {
      from: { name: 'Intake Unit', address: 'intake@summit-care.example' },
      date: '2025-07-08T14:21:00',
      subject: 'Authorization issued',
    });
    const html = view(mail, 'html');
    assert.match(
      html.text,
      /^FYI\n\nFrom: Intake Unit <intake@summit-care\.example>\nSent: Tuesday, July 8, 2025 2:21 PM$/m,
    );
    assert.match(html.text, /^Authorization #: SC-4040$/m);
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.contentType]),
      [
        [null, 'image/png'],
        ['Autorización julio.txt', 'text/plain'],
      ],
    );
  });

  void it('Apple Mail forward in HTML (no Fwd: subject): body marker, blockquote unquoted, GMT offset', async () => {
    const mail = await read('apple-forward.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original?.from, {
      name: 'Ridewell Dispatch',
      address: 'dispatch@ridewell-nemt.example',
    });
    assert.equal(mail.original?.date, '2025-07-08T14:21:05-05:00');
    const html = view(mail, 'html');
    assert.match(html.text, /^Trip ID: RW-90012$/m);
    assert.match(html.text, /^Pick-up: 12 Lake St, Dover, DE 19901$/m);
    assert.equal(html.quoted, '');
  });

  void it('Thunderbird forward: Subject first, `"addr" <addr>`, RFC 2822 date, 8bit UTF-8', async () => {
    const mail = await read('thunderbird-forward.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original, {
      from: { name: null, address: 'service@kreis-hilfe.example' },
      date: '2025-07-08T14:21:05+02:00',
      subject: 'Auftrag',
    });
    assert.match(view(mail, 'plain').text, /Klient: Jürgen Weiß/);
  });

  void it('attached message/rfc822: its own view with a header block, and the original from it', async () => {
    const mail = await read('attached-message.eml');
    assert.equal(mail.isForward, true);
    assert.deepEqual(mail.original, {
      from: { name: 'Riverbend DDS', address: 'auth@riverbend-dds.example' },
      date: '2025-07-14T16:45:10-05:00',
      subject: 'Authorization RB-3310',
    });
    const att = view(mail, 'attached-message');
    assert.equal(att.filename, 'original.eml');
    assert.match(
      att.text,
      /^From: Riverbend DDS <auth@riverbend-dds\.example>\nDate: 2025-07-14T16:45:10-05:00\nSubject: Authorization RB-3310\n\nAuthorization: RB-3310/,
    );
    assert.deepEqual(
      mail.views.map((v) => v.kind),
      ['plain', 'attached-message'],
    );
    assert.equal(mail.attachments[0]?.contentType, 'message/rfc822');
  });
});

void describe('readEmail: charsets and encodings', () => {
  void it('windows-1252 8bit body and RFC 2047 headers in two charsets', async () => {
    const mail = await read('windows-1252.eml');
    assert.equal(mail.subject, 'Autorización confirmed');
    assert.deepEqual(mail.from, { name: 'Café Services', address: 'office@cafe-services.example' });
    const text = view(mail, 'plain').text;
    assert.match(text, /Client: Renée Dupré/);
    assert.match(text, /Note: “quoted” – fee € 20/);
    assert.deepEqual(mail.warnings, []);
  });

  void it('ISO-8859-1 quoted-printable with a soft line break', async () => {
    const text = view(await read('latin1-qp.eml'), 'plain').text;
    assert.match(text, /Participant: José Nuñez/);
    assert.match(text, /Address: 5 Straße Rd, Apt ½$/m);
  });

  void it('unknown charset: read as latin1 with a warning', async () => {
    const mail = await read('unknown-charset.eml');
    assert.match(view(mail, 'plain').text, /Name: André Loup/);
    assert.ok(
      mail.warnings.some((w) => /unknown charset "x-made-up-7"/.test(w)),
      mail.warnings.join('; '),
    );
  });

  void it('base64 UTF-8 body and B-encoded subject words joined', async () => {
    const mail = await read('base64-text.eml');
    assert.equal(mail.subject, 'Service authorization – July');
    assert.deepEqual(mail.from, { name: 'Óscar Méndez', address: 'oscar@mendez-agency.example' });
    assert.equal(view(mail, 'plain').text, 'Authorization #: MD-119\nRecipient: Zülfa Bai');
    assert.equal(mail.date, '2025-07-17T07:30:00Z');
    assert.equal(mail.messageId, '<b64@example.org>');
  });
});

void describe('readEmail: HTML tables', () => {
  void it('th header row over data rows → `header: cell` records; bold td header; 3-cell row joined', async () => {
    const mail = await read('html-columns.eml');
    const text = view(mail, 'html').text;
    assert.equal(
      text,
      [
        'Approved visits',
        '',
        'Auth No: CA-100',
        'Client: Mia Chen',
        'Date: 07/21/2025',
        'Time: 9:00 AM–10:30 AM',
        'Address: 1 Pine Rd, Lakeside, CO 80001',
        '',
        'Auth No: CA-101',
        'Client: Noah Reyes',
        'Date: 07/22/2025',
        'Address: 8 Elm Ct',
        '',
        'Rate: $20',
        'Units: 4',
        'Total: $80',
        '',
        'Notes | Call first | Gate code 12',
      ].join('\n'),
    );
    assert.doesNotMatch(text, /no<|hidden comment|padding/);
  });

  void it('nested layout tables: inner two-cell rows still `label: value`, spacer cells ignored', async () => {
    const text = view(await read('html-nested-layout.eml'), 'html').text;
    assert.match(text, /^Dear provider,$/m);
    assert.match(text, /^Authorization #: HL-2025-77$/m);
    assert.match(text, /^Service Address: 400 Bay St, Suite 2, Harbor City, CA 90710$/m);
    assert.match(text, /^Member: GARCIA, LUIS$/m);
    assert.match(text, /^Bring ID\nSign in at desk$/m);
  });
});

void describe('readEmail: replies', () => {
  void it('`On … wrote:` over two lines and `>` lines go to quoted', async () => {
    const mail = await read('reply-gmail-wrote.eml');
    assert.equal(mail.isReply, true);
    assert.equal(mail.isForward, false);
    assert.equal(mail.original, null);
    const plain = view(mail, 'plain');
    assert.equal(
      plain.text,
      'Approved as requested. Authorization number is MS-4410.\n\nThanks,\nCase Manager',
    );
    assert.match(plain.quoted, /^On Mon, Jul 7, 2025 at 9:02 AM Vendor Office/);
    assert.match(plain.quoted, /MS-4001/);
  });

  void it('Outlook header block in a RE: message is quoted', async () => {
    const plain = view(await read('reply-outlook-block.eml'), 'plain');
    assert.equal(plain.text, 'Yes, the invoice was paid.');
    assert.match(plain.quoted, /^From: Vendor Office/);
    assert.match(plain.quoted, /Authorization Number: MS-4001/);
  });

  void it('`-----Original Message-----` in a RE: message is quoted', async () => {
    const mail = await read('reply-original-message.eml');
    assert.equal(mail.isForward, false);
    const plain = view(mail, 'plain');
    assert.equal(plain.text, 'Received, thank you.');
    assert.match(plain.quoted, /MS-4001/);
  });

  void it('Gmail HTML reply: gmail_quote blockquote set apart', async () => {
    const html = view(await read('reply-html-gmail-quote.eml'), 'html');
    assert.equal(html.text, 'Sounds good, see you then.');
    assert.match(html.quoted, /^On Mon, Jul 7, 2025/);
    assert.match(html.quoted, /^> Authorization Number: MS-4001$/m);
    assert.match(html.quoted, /^> > older quote$/m);
  });

  void it('localized reply (AW:, `Am … schrieb …:`)', async () => {
    const mail = await read('reply-localized.eml');
    assert.equal(mail.isReply, true);
    assert.equal(view(mail, 'plain').text, 'Danke, passt.');
  });

  void it('`From: 9:00 AM` / `To: 11:00 AM` and a memo head are not header blocks', async () => {
    const mail = await read('not-a-header-block.eml');
    assert.equal(mail.isForward, false);
    const plain = view(mail, 'plain');
    assert.match(plain.text, /^From: 9:00 AM\nTo: 11:00 AM\nDate: 07\/15\/2025$/m);
    assert.equal(plain.quoted, '> Note: bring forms');
    // A memo head without an address is no forwarded header either.
    assert.match(plain.text, /^MEMO\nFrom: Lakeside County Services\nTo: All contracted vendors$/m);
    assert.equal(mail.original, null);
  });
});

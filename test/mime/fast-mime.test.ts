// The fast MIME path must read what mailparser reads: both parsers over every fixture and
// sample, compared field by field; and the fast path must step aside for what it cannot read.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMimeFast } from '../../src/adapters/mime/fast-mime.js';
import { decodeQuotedPrintable } from '../../src/adapters/mime/mime-decode.js';
import { parseMime, type ParsedMime } from '../../src/adapters/mime/parse-mime.js';

const dirs = [
  new URL('../fixtures/mime/', import.meta.url),
  new URL('../../../shared/samples/', import.meta.url),
];

function comparable(m: ParsedMime): unknown {
  const text = (s: string | null) => s?.replace(/\r\n/g, '\n').trimEnd() ?? null;
  return {
    subject: m.subject,
    from: m.from,
    to: m.to,
    dateHeader: m.dateHeader,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    text: text(m.text),
    html: text(m.html),
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      type: a.contentType,
      sha: a.content.toString('base64'),
    })),
  };
}

void describe('fast MIME path', () => {
  void it('agrees with mailparser on every fixture and sample', async () => {
    let n = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
        const raw = readFileSync(new URL(f, dir));
        // The unknown-charset fixture is rewritten by raw-guards before either parser sees it.
        if (f.startsWith('unknown-charset')) continue;
        const fast = await parseMime(raw);
        const slow = await parseMime(raw, { forceMailparser: true });
        assert.equal(fast.parser, 'fast', f);
        assert.deepEqual(comparable(fast), comparable(slow), f);
        n++;
      }
    }
    assert.ok(n >= 30, `compared ${n}`);
  });

  void it('steps aside for uuencode, a missing boundary and a header-less body', () => {
    const cases = [
      'Subject: a\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n',
      'Subject: a\nContent-Type: multipart/mixed\n\nno boundary',
      'Subject: a\nContent-Type: multipart/mixed; boundary=zz\n\n--other\n\nx',
      'just some text without headers',
    ];
    for (const c of cases) assert.equal(parseMimeFast(Buffer.from(c)), null, c);
  });
});

void describe('quoted-printable', () => {
  void it('decodes escapes and soft breaks, keeps a stray `=` as is', () => {
    assert.equal(
      decodeQuotedPrintable('caf=C3=A9 =\r\nok=\nx a=b =3D =').toString('utf8'),
      'café okx a=b = =',
    );
  });
});

// Hostile and broken messages for the whole-pipeline fuzz: mutations of well-formed mail
// (byte flips, truncation) and synthetic attacks (header bombs, deep multiparts, giant lines,
// invalid charsets, zip and PDF bombs as attachments). Deterministic by seed.
import { deflateRawSync } from 'node:zlib';
import { intBetween, pick, seededRng, type Rng } from '../../../bench/lib/random.js';

export interface HostileCase {
  name: string;
  raw: Buffer;
}

const HEAD = (subject: string, extra = '') =>
  `Message-ID: <${subject.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}@fuzz.test>\r\n` +
  `Date: Tue, 03 Nov 2026 10:00:00 -0600\r\nFrom: Fuzz Agency <auth@fuzz-agency.test>\r\n` +
  `To: vendor@vendor.test\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\n${extra}`;

export function flipBytes(rng: Rng, raw: Buffer, flips: number): Buffer {
  const out = Buffer.from(raw);
  for (let i = 0; i < flips && out.length > 0; i++)
    out[intBetween(rng, 0, out.length - 1)] = intBetween(rng, 0, 255);
  return out;
}

export function truncate(rng: Rng, raw: Buffer): Buffer {
  return raw.subarray(0, intBetween(rng, 0, raw.length));
}

export function headerBomb(count = 10_000): Buffer {
  let h = HEAD('header bomb');
  for (let i = 0; i < count; i++) h += `X-Bomb-${i}: ${'v'.repeat(20)}\r\n`;
  return Buffer.from(`${h}Content-Type: text/plain\r\n\r\nAuthorization Number: HB-1\r\n`);
}

export function deepMultipart(depth = 200): Buffer {
  let body = 'Content-Type: text/plain\r\n\r\nService Date: 11/20/2026\r\n';
  for (let i = depth; i > 0; i--) {
    const b = `deep${i}`;
    body = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${body}\r\n--${b}--\r\n`;
  }
  return Buffer.from(HEAD('deep multipart') + body);
}

export function giantLine(bytes: number): Buffer {
  return Buffer.concat([
    Buffer.from(
      HEAD('giant line', 'Content-Type: text/plain\r\n') + '\r\nAuthorization Number: GL-7 ',
    ),
    Buffer.alloc(bytes, 0x61),
    Buffer.from('\r\n'),
  ]);
}

export function invalidCharset(): Buffer {
  return Buffer.concat([
    Buffer.from(
      HEAD(
        '=?x-unknown-9?B?QXV0aG9yaXphdGlvbg==?=',
        'Content-Type: text/plain; charset="x-no-such-charset"\r\nContent-Transfer-Encoding: 8bit\r\n',
      ) + '\r\n',
    ),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
    Buffer.from('\r\nService Date: 11/21/2026\r\n'),
  ]);
}

/** A PDF whose content stream inflates to far more than it weighs. */
export function pdfBomb(inflatedBytes = 64 * 1024 * 1024): Buffer {
  const stream = deflateRawSync(Buffer.alloc(inflatedBytes, 0x20), { level: 9 });
  const pdf = Buffer.concat([
    Buffer.from(
      `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
        `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n` +
        `4 0 obj << /Length ${stream.length} /Filter /FlateDecode >> stream\n`,
    ),
    stream,
    Buffer.from('\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
  return attachment('pdf bomb', 'application/pdf', 'authorization.pdf', pdf);
}

/** A zip whose single entry inflates to far more than it weighs. */
export function zipBomb(inflatedBytes = 64 * 1024 * 1024): Buffer {
  const data = deflateRawSync(Buffer.alloc(inflatedBytes, 0), { level: 9 });
  const name = Buffer.from('bomb.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(inflatedBytes, 22);
  local.writeUInt16LE(name.length, 26);
  return attachment(
    'zip bomb',
    'application/zip',
    'records.zip',
    Buffer.concat([local, name, data]),
  );
}

function attachment(subject: string, type: string, filename: string, content: Buffer): Buffer {
  const b = 'fuzzboundary';
  const b64 = content.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    HEAD(subject, `Content-Type: multipart/mixed; boundary="${b}"\r\n`) +
      `\r\n--${b}\r\nContent-Type: text/plain\r\n\r\nPlease see the attached authorization.\r\n` +
      `--${b}\r\nContent-Type: ${type}; name="${filename}"\r\nContent-Transfer-Encoding: base64\r\n` +
      `Content-Disposition: attachment; filename="${filename}"\r\n\r\n${b64}\r\n--${b}--\r\n`,
  );
}

/**
 * `count` cases: the fixed attacks first, then random mutations of the seed messages.
 * `giantLineBytes` is 50 MB in the long run; the suite uses less to stay quick.
 */
export function hostileCases(
  seeds: readonly Buffer[],
  opts: { count: number; seed?: number; giantLineBytes?: number },
): HostileCase[] {
  const rng = seededRng(opts.seed ?? 7);
  const cases: HostileCase[] = [
    { name: 'empty', raw: Buffer.alloc(0) },
    {
      name: 'binary-garbage',
      raw: Buffer.from(Array.from({ length: 4096 }, () => intBetween(rng, 0, 255))),
    },
    { name: 'header-bomb', raw: headerBomb() },
    { name: 'deep-multipart', raw: deepMultipart() },
    { name: 'giant-line', raw: giantLine(opts.giantLineBytes ?? 50 * 1024 * 1024) },
    { name: 'invalid-charset', raw: invalidCharset() },
    { name: 'pdf-bomb', raw: pdfBomb() },
    { name: 'zip-bomb', raw: zipBomb() },
  ];
  while (cases.length < opts.count && seeds.length > 0) {
    const base = pick(rng, seeds);
    const roll = rng();
    const raw =
      roll < 0.45
        ? flipBytes(rng, base, intBetween(rng, 1, 64))
        : roll < 0.9
          ? truncate(rng, base)
          : flipBytes(rng, truncate(rng, base), 8);
    cases.push({ name: `mutant-${cases.length}`, raw });
  }
  return cases.slice(0, Math.max(opts.count, 8));
}

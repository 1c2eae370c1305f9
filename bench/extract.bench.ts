// `npm run bench:extract`: time per email through the whole engine (MIME reading + rules)
// for typical ~10 KB text and HTML mail and for mail with a PDF, plus the pure rules alone.
// Warm-up first, then many iterations; prints median and p95 per kind as a table.
import { readFileSync } from 'node:fs';
import { silentLogger } from '../src/core/logger.js';
import { readEmail } from '../src/adapters/mime/read-email.js';
import { DEFAULT_RULES } from '../src/core/extraction/default-rules.js';
import { extractRecord } from '../src/core/extraction/extract-record.js';
import { createExtractor } from '../src/services/extractor.factory.js';

const FIX = new URL('../test/fixtures/emails/', import.meta.url).pathname;
const FOOTER =
  'CONFIDENTIALITY NOTICE: This message and any attachments may contain protected health information. ' +
  'If you are not the intended recipient, please notify the sender and delete it. Thank you for partnering with us ' +
  'to deliver person-centred services across the region; invoices must reference the authorization number.\n';

/** Pads an email's first text part to about `bytes` with a realistic footer. */
function padded(file: string, bytes: number): Buffer {
  const raw = readFileSync(FIX + file, 'latin1');
  const pad = FOOTER.repeat(Math.max(0, Math.ceil((bytes - raw.length) / FOOTER.length)));
  const isHtml = /Content-Type: text\/html/i.test(raw) && !/text\/plain/i.test(raw);
  const filler = isHtml ? `<p>${pad.replace(/\n/g, '</p>\n<p>')}</p>` : pad;
  // Insert before the closing of the first part's body (7bit/QP bodies keep their meaning).
  const marker = isHtml ? '</body>' : '\r\n\r\n';
  const at = isHtml ? raw.lastIndexOf(marker) : raw.length;
  return Buffer.from(
    raw.slice(0, at) + (isHtml ? filler : `\r\n${filler.replace(/\n/g, '\r\n')}`) + raw.slice(at),
    'latin1',
  );
}

const CASES = [
  { kind: 'text ~10 KB', raw: padded('label-lines/001-state-vr-po.eml', 10_000), iterations: 3000 },
  {
    kind: 'html ~10 KB',
    raw: padded('html-th-td/002-home-health-referral.eml', 10_000),
    iterations: 3000,
  },
  {
    kind: 'pdf attachment',
    raw: readFileSync(FIX + 'pdf/001-vr-authorization-form.eml'),
    iterations: 400,
  },
];

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, p95: s[Math.floor(s.length * 0.95)] ?? 0 };
}

const extractor = createExtractor({
  timeZone: 'America/Chicago',
  rulesPath: null,
  logger: silentLogger,
});
const rows: string[][] = [['email', 'size', 'stage', 'iterations', 'median ms', 'p95 ms']];
for (const c of CASES) {
  const email = await readEmail(c.raw);
  for (let i = 0; i < Math.min(200, c.iterations); i++) await extractor.extract(c.raw);
  const whole: number[] = [];
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    await extractor.extract(c.raw);
    whole.push(performance.now() - t0);
  }
  const rules: number[] = [];
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    extractRecord(email, DEFAULT_RULES, { timeZone: 'America/Chicago' });
    rules.push(performance.now() - t0);
  }
  const size = `${(c.raw.length / 1024).toFixed(1)} KB`;
  const w = stats(whole);
  const r = stats(rules);
  rows.push([
    c.kind,
    size,
    'extract (MIME + rules)',
    String(c.iterations),
    w.median.toFixed(3),
    w.p95.toFixed(3),
  ]);
  rows.push([
    c.kind,
    size,
    'rules only',
    String(c.iterations),
    r.median.toFixed(3),
    r.p95.toFixed(3),
  ]);
}
extractor.close();
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const [i, r] of rows.entries()) {
  process.stdout.write(`${r.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  ')}\n`);
  if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
}

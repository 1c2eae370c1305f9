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

/**
 * Pads an email to about `bytes` with a realistic footer: inside the HTML body when there is
 * an HTML part (before `</body>`), else at the end of a single-part text body. 7bit/QP bodies
 * keep their meaning. (Appending to a multipart email would land in its epilogue, unread.)
 */
function padded(file: string, bytes: number): Buffer {
  const raw = readFileSync(FIX + file, 'latin1');
  const pad = FOOTER.repeat(Math.max(0, Math.ceil((bytes - raw.length) / FOOTER.length)));
  const isHtml = /Content-Type: text\/html/i.test(raw);
  const at = isHtml ? raw.lastIndexOf('</body>') : raw.length;
  if (at < 0 || (!isHtml && /Content-Type: multipart\//i.test(raw)))
    throw new Error(`${file}: no place to pad`);
  const filler = isHtml
    ? `<p>${pad.replace(/\n/g, '</p>\r\n<p>')}</p>`
    : `\r\n${pad.replace(/\n/g, '\r\n')}`;
  return Buffer.from(raw.slice(0, at) + filler + raw.slice(at), 'latin1');
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
/** Mean CPU time (user + system, all threads) per iteration since `from`: steadier than wall
 * time on a shared, loaded machine. */
function cpuMsPer(from: NodeJS.CpuUsage, iterations: number): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000 / iterations;
}

const rows: string[][] = [
  ['email', 'size', 'stage', 'iterations', 'median ms', 'p95 ms', 'cpu ms/email'],
];
for (const c of CASES) {
  const email = await readEmail(c.raw);
  // The padding must reach the text the rules read, or the case measures a short email.
  const textChars = email.views.reduce((n, v) => n + v.text.length, 0);
  if (c.kind.includes('10 KB') && textChars < 8000)
    throw new Error(`${c.kind}: only ${textChars} characters of text`);
  for (let i = 0; i < Math.min(200, c.iterations); i++) await extractor.extract(c.raw);
  const whole: number[] = [];
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    await extractor.extract(c.raw);
    whole.push(performance.now() - t0);
  }
  const wholeCpu = cpuMsPer(cpu0, c.iterations);
  const rules: number[] = [];
  cpu0 = process.cpuUsage();
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    extractRecord(email, DEFAULT_RULES, { timeZone: 'America/Chicago' });
    rules.push(performance.now() - t0);
  }
  const rulesCpu = cpuMsPer(cpu0, c.iterations);
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
    wholeCpu.toFixed(3),
  ]);
  rows.push([
    c.kind,
    size,
    'rules only',
    String(c.iterations),
    r.median.toFixed(3),
    r.p95.toFixed(3),
    rulesCpu.toFixed(3),
  ]);
}
extractor.close();
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const [i, r] of rows.entries()) {
  process.stdout.write(`${r.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  ')}\n`);
  if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
}

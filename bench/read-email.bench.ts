// Benchmark of the MIME reading layer alone (raw bytes → ReadableEmail): median and p95 per
// email family. Run: node --import tsx bench/read-email.bench.ts [DIR_OF_EML ...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEmail } from '../src/adapters/mime/read-email.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(new URL('../test/fixtures/mime', import.meta.url).pathname);

function family(raw: string): string {
  if (/application\/pdf/i.test(raw)) return 'pdf';
  if (/text\/html/i.test(raw) && !/text\/plain/i.test(raw)) return 'html-only';
  if (/text\/html/i.test(raw)) return 'text+html';
  return 'text';
}

async function measure(raw: Buffer, runs: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) await readEmail(raw);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await readEmail(raw);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

const byFamily = new Map<string, number[]>();
for (const dir of dirs) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    const raw = readFileSync(join(dir, name));
    const fam = family(raw.toString('latin1'));
    const runs = fam === 'pdf' ? 50 : 300;
    const times = await measure(raw, runs);
    byFamily.set(fam, [...(byFamily.get(fam) ?? []), ...times]);
  }
}

const pct = (xs: number[], p: number): number =>
  xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
console.log('family        samples  median ms   p95 ms');
for (const [fam, times] of [...byFamily].sort()) {
  times.sort((a, b) => a - b);
  console.log(
    `${fam.padEnd(12)} ${String(times.length).padStart(8)} ${pct(times, 0.5).toFixed(3).padStart(10)} ${pct(times, 0.95).toFixed(3).padStart(8)}`,
  );
}

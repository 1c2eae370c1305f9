// `npm run fuzz [-- --n 20000 --seed 7 --target extraction]` (or FUZZ_N / FUZZ_SEED): the long
// fuzz run over every registered target; prints throughput and the failing cases (with the
// seed to replay them), exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutate, seeded } from './mutators.js';
import { runPipelineFuzz } from './pipeline/run-pipeline-fuzz.js';
import { seedEmails, TARGETS } from './targets.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const n = Number(arg('n') ?? process.env.FUZZ_N ?? 20000);
const seed = Number(arg('seed') ?? process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
// `pipeline` is the whole product under hostile mail: one `run --once` child over n/10 messages
// (50 MB lines, bombs, mutants), checked for survival, bounded memory and full accounting.
const names = (arg('target') ?? [...Object.keys(TARGETS), 'pipeline'].join(',')).split(',');

const seeds = seedEmails();
let failed = 0;
for (const name of names) {
  if (name === 'pipeline') {
    failed += await fuzzPipeline();
    continue;
  }
  const make = TARGETS[name];
  if (!make) {
    process.stderr.write(
      `unknown fuzz target ${name}; known: ${Object.keys(TARGETS).join(', ')}\n`,
    );
    process.exit(2);
  }
  const target = make();
  await target.setup();
  const rng = seeded(seed);
  const t0 = performance.now();
  let slowest = 0;
  for (let i = 0; i < n; i++) {
    const a = seeds[Math.floor(rng() * seeds.length)] as Buffer;
    const b = seeds[Math.floor(rng() * seeds.length)] as Buffer;
    const { raw, applied } = mutate(a, b, rng);
    const c0 = performance.now();
    try {
      await target.run(raw);
    } catch (err) {
      failed++;
      process.stdout.write(
        `FAIL ${name} case ${i} seed ${seed} [${applied.join('+')}]: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
    slowest = Math.max(slowest, performance.now() - c0);
    if ((i + 1) % 1000 === 0) process.stdout.write(`${name}: ${i + 1}/${n}\n`);
  }
  await target.teardown();
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${name}: ${n} cases in ${secs.toFixed(1)} s (${(n / secs).toFixed(0)}/s, slowest ${slowest.toFixed(0)} ms), seed ${seed}\n`,
  );
}
async function fuzzPipeline(): Promise<number> {
  // The child runs the built CLI: build it from the current sources first.
  const root = new URL('../../', import.meta.url).pathname;
  if (
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0
  ) {
    process.stdout.write('FAIL pipeline: the build failed\n');
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'assistant-fuzz-'));
  try {
    const count = Math.max(50, Math.round(n / 10));
    const t0 = performance.now();
    const r = await runPipelineFuzz(dir, { count, seed });
    const secs = (performance.now() - t0) / 1000;
    const problems = [
      r.signal ? `the process died of ${r.signal}` : '',
      r.exitCode !== 0 && r.exitCode !== 1 ? `exit code ${r.exitCode}` : '',
      r.rows !== r.distinct ? `${r.distinct - r.rows} messages not recorded` : '',
      r.unfinished ? `${r.unfinished} messages not finished` : '',
    ].filter(Boolean);
    process.stdout.write(
      `pipeline: ${r.distinct} messages in ${secs.toFixed(1)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB, seed ${seed}` +
        (problems.length ? `\nFAIL pipeline: ${problems.join('; ')}\n${r.stderrTail}\n` : '\n'),
    );
    return problems.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(failed ? `${failed} failures\n` : 'no failures\n');
process.exit(failed ? 1 : 0);

// `npm run fuzz [-- --n 20000 --seed 7 --target extraction]` (or FUZZ_N / FUZZ_SEED): the long
// fuzz run over every registered target; prints throughput and the failing cases (with the
// seed to replay them), exits 1 on any failure.
import { mutate, seeded } from './mutators.js';
import { seedEmails, TARGETS } from './targets.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const n = Number(arg('n') ?? process.env.FUZZ_N ?? 20000);
const seed = Number(arg('seed') ?? process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const names = (arg('target') ?? Object.keys(TARGETS).join(',')).split(',');

const seeds = seedEmails();
let failed = 0;
for (const name of names) {
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
process.stdout.write(failed ? `${failed} failures\n` : 'no failures\n');
process.exit(failed ? 1 : 0);

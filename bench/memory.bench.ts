// `node --import tsx bench/memory.bench.ts`: the memory footprint of one or more builds,
// measured side by side on the same Dovecot and corpus (the machine is shared, so only paired
// figures mean anything).
//   serve idle   RSS of `serve` 3 s after it listens, empty mailbox; median of --serve-runs
//   backlog      peak RSS (VmHWM) of `run --once` over --count emails, and the main thread's
//                process.memoryUsage() every 250 ms (rss, heapUsed, external, arrayBuffers)
// Builds: --build label=DIR[|node flags], repeatable; default: this checkout's dist.
// Other options: --count N (1000, comma list allowed), --serve-runs N (5), --seed S (42),
// --skip-serve, --skip-backlog. Does not rebuild: run `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDovecot } from '../test/support/dovecot.js';
import { startFakes } from '../test/support/fakes/index.js';
import { assistantEnv } from './lib/assistant-env.js';
import { buildCorpus } from './lib/corpus.js';
import { readRss, RssSampler } from './lib/rss-sampler.js';
import { median } from './lib/stats.js';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const COUNTS = (opt('count') ?? '1000').split(',').map(Number);
const SEED = Number(opt('seed') ?? 42);
const SERVE_RUNS = Number(opt('serve-runs') ?? 5);
const PROBE = join(root, 'bench/lib/memory-probe.mjs');

interface Build {
  label: string;
  dir: string;
  flags: string[];
  env: Record<string, string>;
}
const builds: Build[] = argv
  .flatMap((a, i) => (a === '--build' ? [argv[i + 1] ?? ''] : []))
  .map((spec) => {
    const eq = spec.indexOf('=');
    const [dir, flags] = spec.slice(eq + 1).split('|') as [string, string | undefined];
    const label = spec.slice(0, eq);
    const words = flags ? flags.split(' ').filter(Boolean) : [];
    // ENV:NAME=VALUE words set a variable for that build's processes (e.g. EXTRACTION_WORKER).
    const vars = words.filter((w) => w.startsWith('ENV:')).map((w) => w.slice(4).split('='));
    return {
      label,
      dir,
      flags: words.filter((w) => !w.startsWith('ENV:')),
      env: Object.fromEntries(vars) as Record<string, string>,
    };
  });
if (builds.length === 0) builds.push({ label: 'this', dir: root, flags: [], env: {} });

const log = (msg: string): void => void process.stderr.write(`[memory] ${msg}\n`);

function freshDir(work: string, name: string): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  writeFileSync(
    join(dir, 'rates.json'),
    JSON.stringify({ default: { hourly_rate: 55, mileage_rate: 0.67, fixed_service_fee: 0 } }),
  );
  return dir;
}

function launch(b: Build, args: string[], e: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, [...b.flags, join(b.dir, 'dist/cli/main.js'), ...args], {
    cwd,
    env: { ...e, ...b.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function serveIdleRss(b: Build, base: Record<string, string>, dir: string) {
  const child = launch(b, ['serve'], { ...base, LOG_LEVEL: 'INFO' }, dir);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/https?:\/\/127\.0\.0\.1:\d+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const rss = readRss(child.pid as number);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return rss?.rssMb ?? NaN;
}

async function backlog(b: Build, base: Record<string, string>, dir: string, count: number) {
  const probeFile = join(dir, 'probe.jsonl');
  const child = launch(b, ['run', '--once'], { ...base, BENCH_MEMORY_PROBE_FILE: probeFile }, dir);
  const sampler = new RssSampler(child.pid as number);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stdout += d.toString().slice(-2000)));
  const t0 = performance.now();
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMb = sampler.stop();
  let samples: Record<string, number>[] = [];
  try {
    samples = readFileSync(probeFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
  } catch {
    // a build run without the probe
  }
  const peakOf = (k: string) => Math.max(0, ...samples.map((s) => s[k] ?? 0));
  let workerSamples: Record<string, number>[] = [];
  try {
    workerSamples = readFileSync(`${probeFile}.worker`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
  } catch {
    // no worker ran
  }
  const workerPeak = (k: string) => Math.max(0, ...workerSamples.map((s) => s[k] ?? 0));
  return {
    code,
    seconds,
    count,
    peakRssMb,
    cpuMsPerEmail: (sampler.cpuS * 1000) / count,
    mainThreadCpuMsPerEmail: (sampler.mainThreadCpuS * 1000) / count,
    peakMainHeapUsedMb: peakOf('heapUsed'),
    peakMainHeapTotalMb: peakOf('heapTotal'),
    peakExternalMb: peakOf('external'),
    peakArrayBuffersMb: peakOf('arrayBuffers'),
    workerStarts: new Set(workerSamples.map((s) => s.at)).size,
    peakWorkerHeapTotalMb: workerPeak('heapTotal'),
    peakWorkerHeapUsedMb: workerPeak('heapUsed'),
    samples,
    workerSamples,
    summary: stdout.trim().split('\n').pop() ?? '',
  };
}

async function main(): Promise<void> {
  const dovecot = await startDovecot();
  const fakes = await startFakes();
  const work = mkdtempSync(join(tmpdir(), 'assistant-membench-'));
  const out: Record<string, unknown> = { builds, counts: COUNTS, seed: SEED };
  try {
    if (!argv.includes('--skip-serve')) {
      const idle: Record<string, number[]> = {};
      for (let i = 0; i < SERVE_RUNS; i++) {
        for (const b of builds) {
          await dovecot.recreateMailbox('INBOX', { keepMessages: false });
          const dir = freshDir(work, `serve-${b.label}`);
          (idle[b.label] ??= []).push(
            await serveIdleRss(b, assistantEnv(dovecot, fakes, dir), dir),
          );
        }
      }
      out.serveIdle = Object.fromEntries(
        Object.entries(idle).map(([k, v]) => [k, { medianMb: median(v), runs: v }]),
      );
      for (const [k, v] of Object.entries(idle))
        log(`serve idle ${k}: median ${median(v).toFixed(1)} MB (${v.map((x) => x.toFixed(1))})`);
    }
    if (!argv.includes('--skip-backlog')) {
      const runs: Record<string, unknown>[] = [];
      for (const count of COUNTS) {
        const corpus = await buildCorpus({ count, seed: SEED });
        for (const b of builds) {
          await dovecot.recreateMailbox('INBOX', { keepMessages: false });
          await dovecot.deliverMany(corpus.map((e) => e.raw));
          const dir = freshDir(work, `run-${b.label}`);
          const e = assistantEnv(dovecot, fakes, dir);
          const bb = { ...b, flags: ['--import', PROBE, ...b.flags] };
          const r = await backlog(bb, e, dir, count);
          log(
            `run --once ${b.label} ×${count}: exit ${r.code}, ${r.seconds.toFixed(1)} s, peak RSS ` +
              `${r.peakRssMb.toFixed(1)} MB, main heapUsed ≤ ${r.peakMainHeapUsedMb} MB, heapTotal ≤ ` +
              `${r.peakMainHeapTotalMb}, external ≤ ${r.peakExternalMb}, arrayBuffers ≤ ` +
              `${r.peakArrayBuffersMb}; worker heapTotal ≤ ${r.peakWorkerHeapTotalMb} (used ≤ ` +
              `${r.peakWorkerHeapUsedMb}, ${r.workerStarts} starts); CPU ms/email ${r.cpuMsPerEmail.toFixed(2)} (main ` +
              `${r.mainThreadCpuMsPerEmail.toFixed(2)}); ${r.summary}`,
          );
          runs.push({ build: b.label, ...r });
        }
      }
      out.backlog = runs;
    }
  } finally {
    await fakes.stop();
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `memory-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2));
  log(`wrote ${file}`);
}

await main();

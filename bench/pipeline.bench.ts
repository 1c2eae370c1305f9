// `npm run bench`: the whole pipeline against a real Dovecot, side by side with the reference
// (imapflow + simpleParser alone), in one run on this machine. Prints a table and writes JSON
// to bench/results/. Options: --count N (10000), --seed S (42), --latency N (100), --skip-latency.
//
//   reference  imapflow fetch + simpleParser of the mailbox, nothing else
//   backlog    `assistant run --once` over the same mailbox, every integration on local fakes
//   idle       RSS of `assistant serve` right after start, and after it has worked the backlog
//   latency    serve in IDLE; N authorizations delivered one at a time; delivery → webhook
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startDovecot, type DovecotInstance } from '../test/support/dovecot.js';
import { startFakes } from '../test/support/fakes/index.js';
import { assistantEnv, BENCH_API_TOKEN } from './lib/assistant-env.js';
import { buildCorpus } from './lib/corpus.js';
import { readRss, RssSampler } from './lib/rss-sampler.js';
import { median, quantile } from './lib/stats.js';
import { TimedWebhook } from './lib/timed-webhook.js';

const root = new URL('..', import.meta.url).pathname;
const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const COUNT = arg('count', 10_000);
const SEED = arg('seed', 42);
const LATENCY_N = arg('latency', 100);
const SKIP_LATENCY = process.argv.includes('--skip-latency');
const API_TOKEN = BENCH_API_TOKEN;
/** The bin with its shebang's node flags: the assistant is measured as users launch it. */
function launch(...args: string[]): string[] {
  const bin = join(root, 'dist/cli/main.js');
  const shebang = readFileSync(bin, 'utf8').split('\n')[0] ?? '';
  const flags = shebang.replace(/^#!\S*env (-S )?node/, '').split(/\s+/);
  return [...flags.filter((a) => a.startsWith('--')), bin, ...args];
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function writeRates(dir: string): void {
  writeFileSync(
    join(dir, 'rates.json'),
    JSON.stringify({ default: { hourly_rate: 55, mileage_rate: 0.67, fixed_service_fee: 0 } }),
  );
}

async function runReference(dovecot: DovecotInstance) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/lib/reference.child.ts')],
    {
      env: {
        ...process.env,
        BENCH_IMAP_PORT: String(dovecot.port),
        BENCH_IMAP_USER: dovecot.user,
        BENCH_IMAP_PASSWORD: dovecot.password,
      },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`reference failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
    count: number;
    seconds: number;
    peakRssMb: number;
    cpuMsPerEmail: number;
  };
}

async function runBacklog(env: Record<string, string>, dir: string) {
  const started = performance.now();
  const child = spawn(process.execPath, launch('run', '--once'), {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = new RssSampler(child.pid as number);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString().slice(-4000)));
  const code = await new Promise<number | null>((res) => child.on('exit', res));
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = sampler.stop();
  const { cpuS, mainThreadCpuS } = sampler;
  const dbBytes = ['assistant.db', 'assistant.db-wal']
    .map((f) => {
      try {
        return statSync(join(dir, f)).size;
      } catch {
        return 0;
      }
    })
    .reduce((a, b) => a + b, 0);
  return {
    code,
    seconds,
    peakRssMb,
    cpuS,
    mainThreadCpuS,
    dbBytes,
    summary: stdout.trim().split('\n').pop() ?? '',
    stderr,
  };
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startServe(env: Record<string, string>, dir: string) {
  const child = spawn(process.execPath, launch('serve'), {
    cwd: dir,
    env: { ...env, LOG_LEVEL: 'INFO' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor(
    'serve to listen',
    () => /https?:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0],
    60_000,
  );
  return { child, url, output: () => out };
}

async function status(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(`${url}/status`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

async function main(): Promise<void> {
  log(`building …`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  log(`generating ${COUNT} emails (seed ${SEED}) …`);
  const corpus = await buildCorpus({ count: COUNT, seed: SEED });
  const mailboxBytes = corpus.reduce((a, e) => a + e.raw.length, 0);
  const dovecot = await startDovecot();
  const fakes = await startFakes();
  const webhook = new TimedWebhook();
  await webhook.start();
  const work = mkdtempSync(join(tmpdir(), 'assistant-bench-'));
  const results: Record<string, unknown> = {};
  try {
    await dovecot.deliverMany(corpus.map((e) => e.raw));
    log(`delivered ${COUNT} emails (${(mailboxBytes / COUNT / 1024).toFixed(1)} KB average)`);

    log('reference: imapflow + simpleParser …');
    const reference = await runReference(dovecot);
    results.reference = { ...reference, msgsPerSec: reference.count / reference.seconds };

    log('backlog: assistant run --once …');
    const backlogDir = join(work, 'backlog');
    mkdirSync(backlogDir);
    writeRates(backlogDir);
    // The backlog run moves authorizations out of INBOX; measure it on a copy of the mailbox
    // state by letting it run over the full INBOX first.
    const backlog = await runBacklog(
      assistantEnv(dovecot, fakes, backlogDir, {
        NOTIFICATION_WEBHOOK_URL: `${webhook.baseUrl}/hook`,
      }),
      backlogDir,
    );
    results.backlog = {
      exitCode: backlog.code,
      seconds: backlog.seconds,
      msgsPerSec: COUNT / backlog.seconds,
      ratioToReference: COUNT / backlog.seconds / (reference.count / reference.seconds),
      peakRssMb: backlog.peakRssMb,
      // CPU per email: the main thread's share is what limits throughput when a core is free.
      cpuMsPerEmail: (backlog.cpuS * 1000) / COUNT,
      mainThreadCpuMsPerEmail: (backlog.mainThreadCpuS * 1000) / COUNT,
      sqliteMbPer1000: backlog.dbBytes / 1024 / 1024 / (COUNT / 1000),
      summary: backlog.summary,
      invoices: fakes.invoiceNinja.invoices.length,
      events: fakes.google.events().length,
      webhooks: webhook.timed.length,
    };
    if (backlog.code !== 0 && backlog.code !== 1)
      log(`run --once exited ${backlog.code}: ${backlog.stderr}`);

    log('idle footprint and latency: assistant serve …');
    const serveDir = join(work, 'serve');
    mkdirSync(serveDir);
    writeRates(serveDir);
    // A fresh, empty mailbox: serve's RSS after start is measured idle, before any mail; then
    // the same backlog arrives while it watches, so serve works the whole backlog itself.
    await dovecot.recreateMailbox('INBOX', { keepMessages: false });
    const serve = await startServe(
      assistantEnv(dovecot, fakes, serveDir, {
        NOTIFICATION_WEBHOOK_URL: `${webhook.baseUrl}/hook`,
      }),
      serveDir,
    );
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const afterStart = readRss(serve.child.pid as number);
      await dovecot.deliverMany(corpus.map((e) => e.raw));
      await waitFor(
        'serve to finish the backlog',
        async () => {
          const s = await status(serve.url);
          const today = s?.today as { emailsReceived?: number } | undefined;
          const queue = s?.queue as { pendingEmails?: number; pendingActions?: number } | undefined;
          return today &&
            queue &&
            (today.emailsReceived ?? 0) >= COUNT &&
            queue.pendingEmails === 0 &&
            queue.pendingActions === 0
            ? true
            : undefined;
        },
        30 * 60_000,
      );
      const done = performance.now();
      await new Promise((r) => setTimeout(r, 2000));
      const afterBacklog = readRss(serve.child.pid as number);
      // Idle for real: the extraction worker is stopped after 20 s without work.
      await new Promise((r) => setTimeout(r, Math.max(0, done + 25_000 - performance.now())));
      const afterIdle = readRss(serve.child.pid as number);
      results.idle = {
        afterStartRssMb: afterStart?.rssMb,
        afterBacklogRssMb: afterBacklog?.rssMb,
        afterBacklogIdle25sRssMb: afterIdle?.rssMb,
      };

      if (!SKIP_LATENCY) {
        const fresh = await buildCorpus({
          count: LATENCY_N * 3,
          seed: SEED + 1,
          start: new Date(Date.now() + 30 * 86_400_000),
          authorizationShare: 1,
          pdfShare: 0,
        });
        const auths = fresh.filter((e) => e.expected.kind === 'new').slice(0, LATENCY_N);
        const latencies: number[] = [];
        for (const email of auths) {
          const id = email.expected.authorizationId as string;
          const before = webhook.timed.length;
          const t0 = performance.now();
          await dovecot.deliver(email.raw);
          const hit = await waitFor(
            `webhook for ${id}`,
            () => webhook.timed.slice(before).find((d) => d.rawBody.includes(id)),
            60_000,
          );
          latencies.push(hit.receivedAt - t0);
        }
        results.latency = {
          n: latencies.length,
          p50Ms: median(latencies),
          p95Ms: quantile(latencies, 0.95),
          maxMs: Math.max(...latencies),
        };
      }
    } finally {
      await stopChild(serve.child);
    }
  } finally {
    await webhook.stop();
    await fakes.stop();
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    count: COUNT,
    seed: SEED,
    averageKb: mailboxBytes / COUNT / 1024,
  };
  const out = { machine, ...results };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `pipeline-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2));
  printTable(out);
  log(`wrote ${file}`);
}

function printTable(out: Record<string, unknown>): void {
  const r = out as Record<string, Record<string, number | string | undefined>>;
  const f = (v: unknown, d = 1) => (typeof v === 'number' ? v.toFixed(d) : String(v ?? '-'));
  const rows: [string, string, string][] = [
    ['reference msgs/s (imapflow + simpleParser)', f(r.reference?.msgsPerSec, 0), ''],
    ['reference peak RSS MB', f(r.reference?.peakRssMb), ''],
    ['reference CPU ms per email', f(r.reference?.cpuMsPerEmail, 2), ''],
    ['backlog msgs/s (run --once)', f(r.backlog?.msgsPerSec, 0), '≥ 1.0× reference'],
    ['backlog / reference', f(r.backlog?.ratioToReference, 2) + '×', '≥ 1.0×'],
    ['backlog peak RSS MB', f(r.backlog?.peakRssMb), '≤ 160'],
    ['backlog CPU ms per email (all threads)', f(r.backlog?.cpuMsPerEmail, 2), ''],
    ['backlog CPU ms per email (main thread)', f(r.backlog?.mainThreadCpuMsPerEmail, 2), ''],
    ['SQLite MB per 1,000 emails', f(r.backlog?.sqliteMbPer1000, 2), ''],
    ['serve RSS after start MB', f(r.idle?.afterStartRssMb), '≤ 100'],
    ['serve RSS after backlog MB', f(r.idle?.afterBacklogRssMb), '≤ 100'],
    ['serve RSS 25 s after backlog MB', f(r.idle?.afterBacklogIdle25sRssMb), '≤ 100'],
    ['latency p50 ms (delivery → webhook)', f(r.latency?.p50Ms, 0), '≤ 600'],
    ['latency p95 ms', f(r.latency?.p95Ms, 0), '≤ 800'],
    ['latency max ms', f(r.latency?.maxMs, 0), ''],
  ];
  process.stdout.write(`\n${'measure'.padEnd(44)} ${'value'.padStart(10)}   target\n`);
  for (const [k, v, t] of rows) process.stdout.write(`${k.padEnd(44)} ${v.padStart(10)}   ${t}\n`);
  process.stdout.write(`\nbacklog summary: ${String(r.backlog?.summary ?? '')}\n`);
}

await main();

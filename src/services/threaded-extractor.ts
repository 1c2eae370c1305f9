// Runs the extraction engine on one worker thread, so reading emails (the CPU-heavy part) uses
// the second core while the main thread fetches, stores, plans and dispatches. The worker starts
// on the first email and stops after a while without work, giving its memory back. If it
// crashes, the requests it held (and, after repeated crashes, all later ones) run on the main
// thread's own engine, so an email is never lost to a worker failure.
import { Worker } from 'node:worker_threads';
import type { ExtractionRecord } from '../core/extraction-record.js';
import type { ExtractOptions } from '../core/extractor.js';
import type { Logger } from '../core/logger.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './extraction.worker.js';
import type { ExtractionEngine } from './extractor.factory.js';

export interface ThreadedExtractorOptions {
  timeZone: string;
  rulesPath: string | null | undefined;
  logger: Logger;
  /** The in-thread engine: used when the worker cannot be, and for rulesProblems(). */
  fallback: ExtractionEngine;
  /** The worker stops after this long without work (default 20 s). */
  idleMs?: number;
  /** At most this many emails are handed to the worker at once (default 4); the rest wait here. */
  maxInWorker?: number;
}

interface Pending {
  raw: Buffer;
  timeZone: string;
  resolve: (record: ExtractionRecord) => void;
}

/** After this many worker failures every email is read on the main thread. */
const MAX_FAILURES = 3;
/**
 * The worker's heap limits: a small young generation (its garbage is short-lived, and every MB of
 * it is RSS). No old-generation cap: an email too big for one would end the worker and be read on
 * the main thread anyway, where there is no cap either — and after three such emails the worker
 * would be gone for good.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 6 };

export function createThreadedExtractor(opts: ThreadedExtractorOptions): ExtractionEngine {
  return new ThreadedExtractor(opts);
}

class ThreadedExtractor implements ExtractionEngine {
  private worker: Worker | null = null;
  /** Every request not yet answered, in the worker or waiting for it. */
  private readonly pending = new Map<number, Pending>();
  /** Requests waiting for the worker (ids in pending): only maxInWorker are copied over at once. */
  private readonly waiting: number[] = [];
  private inWorker = 0;
  private nextId = 1;
  private failures = 0;
  /** The worker has loaded the engine and answers requests. */
  private ready = false;
  /** Emails being read on this thread (while no worker is ready). */
  private inThread = 0;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: ThreadedExtractorOptions) {}

  extract(raw: Buffer, options?: ExtractOptions): Promise<ExtractionRecord> {
    const timeZone = options?.timeZone ?? this.opts.timeZone;
    if (this.closed || this.failures >= MAX_FAILURES) {
      return this.opts.fallback.extract(raw, { timeZone });
    }
    if (!this.ready) {
      // Nobody waits for a worker to start: a lone email (mail arriving now and then) is read
      // here at once; a second one while this thread is busy means a backlog, so the worker
      // starts and takes over once it is ready.
      if (this.inThread > 0) this.ensureWorker();
      this.inThread++;
      return this.opts.fallback.extract(raw, { timeZone }).finally(() => this.inThread--);
    }
    return new Promise<ExtractionRecord>((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { raw, timeZone, resolve });
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      this.ensureWorker().ref();
      this.waiting.push(id);
      this.feed();
    });
  }

  /** Hands waiting requests to the worker while it holds fewer than maxInWorker. */
  private feed(): void {
    const worker = this.worker;
    if (!worker || !this.ready) return;
    while (this.inWorker < (this.opts.maxInWorker ?? 4) && this.waiting.length > 0) {
      const id = this.waiting.shift() as number;
      const p = this.pending.get(id);
      if (!p) continue;
      // Handed over, not cloned: a copy of the bytes whose buffer moves to the worker (cloning
      // a Buffer serialises it, and may drag the whole pool slab it lives in along).
      const bytes = new Uint8Array(p.raw.byteLength);
      bytes.set(p.raw);
      worker.postMessage({ id, raw: bytes, timeZone: p.timeZone } satisfies WorkerRequest, [
        bytes.buffer,
      ]);
      this.inWorker++;
    }
  }

  rulesProblems(): string | null {
    return this.opts.fallback.rulesProblems();
  }

  /**
   * Stops the worker. Requests still pending are left unanswered on purpose: the app is
   * stopping, and their emails stay unextracted for the next start rather than being recorded
   * with a made-up result.
   */
  close(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    this.waiting.length = 0;
    this.inWorker = 0;
    void worker?.terminate();
    this.opts.fallback.close();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const init: WorkerInit = { timeZone: this.opts.timeZone, rulesPath: this.opts.rulesPath };
    const worker = spawnWorker(init);
    worker.on('message', (m: WorkerReply) => this.onMessage(m));
    worker.on('error', (err) => this.onFailure(worker, err));
    worker.on('exit', (code) => this.onFailure(worker, new Error(`exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: WorkerReply): void {
    if (m.kind === 'log') {
      this.opts.logger[m.level](m.obj, m.msg);
      return;
    }
    if (m.kind === 'ready') {
      this.ready = this.worker !== null;
      if (this.pending.size === 0) this.becameIdle();
      else this.feed();
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.inWorker--;
    p.resolve(m.record as ExtractionRecord);
    this.feed();
    if (this.pending.size === 0) this.becameIdle();
  }

  private becameIdle(): void {
    const worker = this.worker;
    if (!worker) return;
    // An idle worker must not keep the process alive, and is stopped after a while.
    worker.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      this.ready = false;
      void worker.terminate();
    }, this.opts.idleMs ?? 20_000);
    this.idleTimer.unref();
  }

  /** The worker died (or failed to start): what it held is read on this thread instead. */
  private onFailure(worker: Worker, err: Error): void {
    if (this.worker !== worker) return; // stopped on purpose, or already handled
    this.worker = null;
    this.ready = false;
    this.waiting.length = 0;
    this.inWorker = 0;
    this.failures++;
    this.opts.logger.warn(
      {
        event: 'extraction.worker_failed',
        error: err.message,
        pending: this.pending.size,
        failures: this.failures,
      },
      this.failures >= MAX_FAILURES
        ? `the extraction worker failed ${this.failures} times (${err.message}); emails are read on the main thread from now on`
        : `the extraction worker failed (${err.message}); its emails are read on the main thread`,
    );
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) {
      void this.opts.fallback.extract(p.raw, { timeZone: p.timeZone }).then(p.resolve);
    }
  }
}

/** Under tsx (tests, `npm run bench` sources) the worker needs the TypeScript loader too. */
function spawnWorker(init: WorkerInit): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSource ? './extraction.worker.ts' : './extraction.worker.js',
    import.meta.url,
  );
  const options = { workerData: init, resourceLimits: WORKER_LIMITS };
  if (!fromSource) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(tsx)});
    register();
    await import(${JSON.stringify(entry.href)});
  })().catch((err) => { throw err; });`;
  return new Worker(boot, { ...options, eval: true });
}

// Preloaded into an assistant process by bench/memory.bench.ts (node --import): appends one
// JSON line of process.memoryUsage() every BENCH_MEMORY_PROBE_MS (250) to
// BENCH_MEMORY_PROBE_FILE, so the bench can show what grows (heap, external, array buffers)
// while RSS rises; a worker thread writes its own isolate's heap to FILE.worker. Sampling is
// synchronous and tiny.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { getHeapStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_MEMORY_PROBE_FILE;
if (!isMainThread && file) {
  // A worker thread (the extraction worker): its own isolate's heap, to a file of its own.
  const t0 = Date.now();
  const sample = () => {
    const h = getHeapStatistics();
    const mb = (n) => Math.round((n / 1048576) * 10) / 10;
    appendFileSync(
      `${file}.worker`,
      `${JSON.stringify({ at: t0, t: Date.now() - t0, heapTotal: mb(h.total_heap_size), heapUsed: mb(h.used_heap_size), external: mb(h.external_memory), malloced: mb(h.malloced_memory) })}\n`,
    );
  };
  setInterval(sample, Number(process.env.BENCH_MEMORY_PROBE_MS ?? 250)).unref();
}
if (isMainThread && file) {
  const every = Number(process.env.BENCH_MEMORY_PROBE_MS ?? 250);
  const t0 = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    const mb = (n) => Math.round((n / 1048576) * 10) / 10;
    appendFileSync(
      file,
      `${JSON.stringify({
        t: Math.round(performance.now() - t0),
        rss: mb(m.rss),
        heapTotal: mb(m.heapTotal),
        heapUsed: mb(m.heapUsed),
        external: mb(m.external),
        arrayBuffers: mb(m.arrayBuffers),
      })}\n`,
    );
  };
  setInterval(sample, every).unref();
  process.on('exit', sample);
}

// Extraction on the worker thread gives exactly the records the in-thread engine gives, for
// every golden fixture, whether read on this thread while the worker starts or by the worker.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { createThreadedExtractor } from '../../src/services/threaded-extractor.js';
import { waitFor } from '../support/temp-dir.js';

const fixtures = new URL('../fixtures/emails/', import.meta.url).pathname;

function emails(dir: string): Buffer[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? emails(join(dir, e.name))
      : e.name.endsWith('.eml')
        ? [readFileSync(join(dir, e.name))]
        : [],
  );
}

void test(
  'worker-thread extraction matches the in-thread engine',
  { timeout: 300_000 },
  async () => {
    const all = emails(fixtures);
    assert.ok(all.length >= 20, 'the golden fixtures are there');
    const options = { timeZone: 'America/Chicago', rulesPath: null, logger: silentLogger };
    const inThread = createExtractor(options);
    const threaded = createThreadedExtractor({ ...options, fallback: createExtractor(options) });
    try {
      const expected = [];
      for (const raw of all) expected.push(await inThread.extract(raw));
      // A backlog (many at once) starts the worker; this thread reads them until it is ready.
      const firstWave = await Promise.all(all.map((raw) => threaded.extract(raw)));
      assert.deepEqual(firstWave, expected);
      const state = threaded as unknown as { ready: boolean };
      await waitFor(() => state.ready, 60_000, 'the extraction worker to be ready');
      // The second wave is read by the worker.
      const secondWave = await Promise.all(all.map((raw) => threaded.extract(raw)));
      assert.deepEqual(secondWave, expected);
    } finally {
      inThread.close();
      threaded.close();
    }
  },
);

void test(
  'a worker that dies mid-backlog: every email it held or queued is read on this thread',
  { timeout: 300_000 },
  async () => {
    const all = emails(fixtures).slice(0, 12);
    const options = { timeZone: 'America/Chicago', rulesPath: null, logger: silentLogger };
    const inThread = createExtractor(options);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (o: unknown) => void warnings.push(JSON.stringify(o)) };
    const threaded = createThreadedExtractor({
      ...options,
      logger,
      fallback: createExtractor(options),
      maxInWorker: 2,
    });
    const state = threaded as unknown as {
      ready: boolean;
      inWorker: number;
      waiting: number[];
      worker: { terminate(): Promise<number> } | null;
    };
    try {
      const expected = [];
      for (const raw of all) expected.push(await inThread.extract(raw));
      await Promise.all(all.map((raw) => threaded.extract(raw)));
      await waitFor(() => state.ready, 60_000, 'the extraction worker to be ready');
      const wave = Promise.all(all.map((raw) => threaded.extract(raw)));
      // Bounded hand-over: two emails are in the worker, the others wait on this thread.
      assert.equal(state.inWorker, 2);
      assert.equal(state.waiting.length, all.length - 2);
      await state.worker?.terminate();
      assert.deepEqual(await wave, expected);
      assert.equal(warnings.filter((w) => w.includes('extraction.worker_failed')).length, 1);
      // The next backlog starts a new worker, which reads it.
      await Promise.all(all.map((raw) => threaded.extract(raw)));
      await waitFor(() => state.ready, 60_000, 'a new extraction worker to be ready');
      assert.deepEqual(await Promise.all(all.map((raw) => threaded.extract(raw))), expected);
    } finally {
      inThread.close();
      threaded.close();
    }
  },
);

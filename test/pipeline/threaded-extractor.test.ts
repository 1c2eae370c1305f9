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

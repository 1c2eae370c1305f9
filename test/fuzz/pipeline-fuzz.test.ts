// The whole pipeline under hostile mail (a short run; `npm run fuzz` runs a long one): the
// process never dies, memory stays bounded, and every message ends recorded and finished.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../support/temp-dir.js';
import { runPipelineFuzz } from './pipeline/run-pipeline-fuzz.js';

void test(
  'run --once survives hostile mail and records every message',
  { timeout: 600_000 },
  async () => {
    const dir = tempDir('assistant-pipeline-fuzz-');
    try {
      const r = await runPipelineFuzz(dir.path, {
        count: 300,
        seed: 11,
        giantLineBytes: 8 * 1024 * 1024,
      });
      assert.equal(r.signal, null, `the process died of ${r.signal}: ${r.stderrTail}`);
      assert.ok(
        r.exitCode === 0 || r.exitCode === 1,
        `unexpected exit ${r.exitCode}: ${r.stderrTail}`,
      );
      assert.equal(r.rows, r.distinct, 'every distinct message has a row');
      assert.equal(r.unfinished, 0, 'every message reached a final state');
      assert.ok(r.peakRssMb < 1024, `peak RSS ${r.peakRssMb.toFixed(0)} MB`);
    } finally {
      dir.cleanup();
    }
  },
);

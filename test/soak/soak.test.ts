// The reduced fault soak (the full one is `npm run soak`): real Dovecot restarted mid-run,
// vendors failing at random, the assistant killed with SIGKILL twice; exactly-once holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../support/temp-dir.js';
import { runSoak } from './soak.js';

void test(
  'reduced soak: faults, Dovecot restart and kill -9 end in exactly-once',
  { timeout: 900_000 },
  async () => {
    const dir = tempDir('assistant-soak-');
    try {
      const report = await runSoak({
        emails: 150,
        kills: 2,
        dovecotRestarts: 1,
        faultProbability: 0.15,
        faultKinds: [500, 429, '429-retry-after', 'drop-after-commit', 'drop-before'],
        seed: 3,
        dir: dir.path,
      });
      assert.deepEqual(report.problems, [], JSON.stringify(report.stats));
      assert.ok((report.stats.faultsInjected ?? 0) > 0, 'faults were injected');
      assert.ok((report.stats.authorizations ?? 0) > 20, 'the corpus carried authorizations');
    } finally {
      dir.cleanup();
    }
  },
);

// A correction through the control service refreshes the review reasons that came from missing
// fields and keeps reasons of other origins (billing rates), so the review queue tells the truth.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { emptyFields } from '../../src/core/extraction-record.js';
import { refreshMissingFieldReasons } from '../../src/services/review-reasons.js';
import { eml } from '../support/eml.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

void it('recomputes missing-field reasons, keeps the others', () => {
  const f = emptyFields();
  f.authorizationId = 'A-1';
  f.service.date = '2030-01-02';
  const rate = 'billing rate missing: hourly_rate (no entry for this client and none in "default")';
  assert.deepEqual(
    refreshMissingFieldReasons(['missing service.date', 'missing service.durationHours', rate], f),
    ['missing service.durationHours', rate],
  );
  f.service.durationHours = 2;
  assert.deepEqual(refreshMissingFieldReasons(['missing service.durationHours', rate], f), [rate]);
  f.authorizationId = null;
  assert.deepEqual(refreshMissingFieldReasons([rate], f), ['missing authorizationId', rate]);
});

void it(
  'PATCH (updateAuthorization) drops "missing service.date" once the date is saved',
  { timeout: 120_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '1.eml'), eml({ auth: 'D-1', review: 'missing service.date' }));
    writeFileSync(join(inbox, '2.eml'), eml({ auth: 'D-2', review: 'billing rate missing' }));
    const { app } = createTestApp(testConfig(dir.path));
    const { control, store } = app;
    await app.start();
    try {
      await waitFor(
        () => store.authorizations.countByStatus('needs_review') === 2,
        60_000,
        'both in review',
      );
      const dated = store.authorizations.findByMessage(1)!;
      assert.deepEqual(dated.reviewReasons, ['missing service.date']);
      const r = await control.updateAuthorization(dated.id, { service: { date: '2030-02-03' } });
      assert.equal(r.ok, true, r.message);
      assert.deepEqual(store.authorizations.get(dated.id)?.reviewReasons, []);
      assert.equal(store.authorizations.get(dated.id)?.status, 'needs_review');

      const rated = store.authorizations.findByMessage(2)!;
      const r2 = await control.updateAuthorization(rated.id, { authorizationId: null });
      assert.equal(r2.ok, true, r2.message);
      assert.deepEqual(store.authorizations.get(rated.id)?.reviewReasons, [
        'missing authorizationId',
        'billing rate missing',
      ]);
    } finally {
      await app.stop();
    }
  },
);

// The ControlService against a running application: correcting and approving an authorization
// in review, retrying failed actions, reprocessing an email, and the status report.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { eml } from '../support/eml.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

void it(
  'corrects, approves, retries and reprocesses through the control service',
  { timeout: 120_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '1-review.eml'), eml({ auth: 'V-1', review: 'rate unclear' }));
    writeFileSync(join(inbox, '2-flaky.eml'), eml({ auth: 'V-2', action: 'retry-3' }));
    writeFileSync(join(inbox, '3-news.eml'), eml({}));
    const config = testConfig(dir.path, { ACTION_MAX_ATTEMPTS: '2' });
    const { app, plans } = createTestApp(config);
    const { control, store } = app;
    await app.start();
    try {
      // All three stored first: an empty store also has nothing unfinished.
      const settled = () =>
        [1, 2, 3].every((id) => store.messages.get(id)?.state === 'finished') &&
        store.messages.countUnfinished() === 0 &&
        store.actions.countOpen() === 0 &&
        store.messages.listToSettle('folder').length === 0;
      await waitFor(settled, 60_000, 'the first pass');
      const review = store.authorizations.findByMessage(1)!;
      const flaky = store.authorizations.findByMessage(2)!;
      assert.equal(review.status, 'needs_review');
      assert.equal(store.authorizations.get(flaky.id)?.status, 'failed');

      let status = control.status();
      assert.equal(status.queue.needsReview, 1);
      assert.equal(status.queue.failedAuthorizations, 1);
      assert.equal(status.today.emailsReceived, 3);
      assert.equal(status.integrations.find((i) => i.name === 'invoiceninja')?.mode, 'preview');
      assert.equal(status.source.kind, 'folder');
      assert.ok(status.lastSuccessfulSyncAt);

      assert.deepEqual(await control.updateAuthorization(999, {}), {
        ok: false,
        code: 'NOT_FOUND',
        message: 'authorization 999 not found',
      });
      assert.equal((await control.updateAuthorization(flaky.id, { mileage: 3 })).ok, false);
      const bad = await control.updateAuthorization(review.id, { service: { date: '20/01/2026' } });
      assert.equal(bad.ok === false && bad.code, 'INVALID');
      assert.equal(
        (await control.updateAuthorization(review.id, { authorizationId: null })).ok,
        true,
      );
      const refused = await control.approveAuthorization(review.id);
      assert.equal(refused.ok === false && refused.code, 'INVALID');
      assert.match(refused.message, /authorizationId/);
      const fixed = await control.updateAuthorization(review.id, {
        authorizationId: 'V-1',
        service: { startTime: '09:30' },
      });
      assert.equal(fixed.ok, true, fixed.message);
      const approved = await control.approveAuthorization(review.id);
      assert.equal(approved.ok, true, approved.message);
      await waitFor(
        () => store.authorizations.get(review.id)?.status === 'done',
        30_000,
        'the approved authorization',
      );
      const approvedPlan = plans.find((p) => p.approvedByUser);
      assert.equal(approvedPlan?.authorization.fields.service.startTime, '09:30');
      assert.equal(store.authorizations.get(review.id)?.corrected, true);

      const retried = await control.retryAuthorization(flaky.id);
      assert.equal(retried.ok, true, retried.message);
      await waitFor(
        () => store.authorizations.get(flaky.id)?.status === 'done',
        30_000,
        'the retried authorization',
      );
      const notify = store.actions
        .listForAuthorization(flaky.id)
        .filter((a) => a.type === 'webhook.notify');
      assert.equal(notify.length, 2, 'a fresh notification after the retry');
      assert.ok(notify.every((a) => a.status === 'done'));
      assert.equal((await control.retryAuthorization(flaky.id)).ok, false, 'nothing left to retry');

      const again = await control.reprocessEmail(3);
      assert.equal(again.ok, true);
      await waitFor(
        () => store.messages.get(3)?.state === 'finished',
        30_000,
        'the reprocessed email',
      );
      assert.equal(store.messages.get(3)?.outcome, 'ignored');

      assert.equal((await control.stopMonitoring()).ok, true);
      const poll = await control.pollNow();
      assert.equal(poll.ok === false && poll.code, 'CONFLICT');
      assert.equal((await control.startMonitoring()).ok, true);
      status = control.status();
      assert.equal(status.monitoring, true);
    } finally {
      await app.stop();
    }
  },
);

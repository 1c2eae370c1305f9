// GET /health says whether the service is healthy, not only alive: 200 ok while the SQLite
// database answers, 503 degraded (with a short public reason) when it cannot be queried.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { makeHarness, type Harness } from './support/fixtures.js';

let h: Harness;
before(async () => (h = await makeHarness()));
after(async () => h.close());

void it('answers 200 ok while the database answers, 503 degraded once it cannot be queried', async () => {
  const ok = await h.app.inject({ method: 'GET', url: '/health' });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().status, 'ok');
  assert.match(ok.json().version, /^\d+\.\d+\.\d+/);

  h.db.close(); // the database goes away under the running service
  const bad = await h.app.inject({ method: 'GET', url: '/health' }); // still without a token
  assert.equal(bad.statusCode, 503);
  const body = bad.json();
  assert.equal(body.status, 'degraded');
  assert.match(body.reason, /database cannot be queried/);
  assert.doesNotMatch(body.reason, new RegExp(h.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

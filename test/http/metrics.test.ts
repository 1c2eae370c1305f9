// /metrics: Prometheus exposition fed by EventBus events and by control.status() at scrape time.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeHarness, type Harness } from './support/fixtures.js';

let h: Harness;
before(async () => (h = await makeHarness()));
after(async () => h.close());

void it('exposes email, action, retry, queue, connection and latency metrics after events', async () => {
  h.events.emit({ type: 'email.received', emailId: 1, subject: 's', from: 'f' });
  h.events.emit({
    type: 'email.processed',
    emailId: 1,
    outcome: 'authorization',
    authorizationId: 1,
    latencyMs: 420,
  });
  h.events.emit({
    type: 'email.processed',
    emailId: 2,
    outcome: 'ignored',
    authorizationId: null,
    latencyMs: 30,
  });
  h.events.emit({ type: 'email.failed', emailId: 3, error: 'x' });
  h.events.emit({
    type: 'action.succeeded',
    actionId: 1,
    authorizationId: 1,
    actionType: 'invoiceninja.create_invoice',
  });
  h.events.emit({
    type: 'action.failed',
    actionId: 2,
    authorizationId: 1,
    actionType: 'calendar.create_event',
    error: 'Google answered 503',
    willRetry: true,
  });
  h.events.emit({
    type: 'action.skipped',
    actionId: 3,
    authorizationId: 1,
    actionType: 'webhook.notify',
  });
  h.events.emit({ type: 'review.needed', authorizationId: 2, reasons: ['service.date missing'] });

  const r = await h.app.inject({ method: 'GET', url: '/metrics', headers: h.auth });
  assert.equal(r.statusCode, 200);
  const text = r.body;
  for (const line of [
    'assistant_emails_received_total 1',
    'assistant_emails_processed_total{outcome="authorization"} 1',
    'assistant_emails_processed_total{outcome="ignored"} 1',
    'assistant_emails_failed_total 1',
    'assistant_actions_total{type="invoiceninja.create_invoice",outcome="succeeded"} 1',
    'assistant_actions_total{type="calendar.create_event",outcome="failed"} 1',
    'assistant_actions_total{type="webhook.notify",outcome="skipped"} 1',
    'assistant_action_retries_total{type="calendar.create_event"} 1',
    'assistant_reviews_needed_total 1',
    'assistant_queue_depth{queue="pending_actions"} 3',
    'assistant_mail_source_connected{kind="imap"} 1',
    'assistant_monitoring 1',
    'assistant_email_processing_seconds_count 2',
    'assistant_email_processing_seconds_bucket{le="0.5"} 2',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}`);
  }
  assert.match(text, /# TYPE assistant_email_processing_seconds histogram/);
});

void it('each app has its own registry (a second app starts from zero)', async () => {
  const other = await makeHarness();
  try {
    const r = await other.app.inject({ method: 'GET', url: '/metrics', headers: other.auth });
    assert.ok(!r.body.includes('assistant_emails_received_total 1'));
    assert.ok(r.body.includes('assistant_emails_received_total 0'));
  } finally {
    await other.close();
  }
});

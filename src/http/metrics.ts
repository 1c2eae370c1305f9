// Prometheus metrics on a private Registry: counters fed by EventBus events, gauges read from
// control.status() at scrape time. One registry per app, so tests and restarts never collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ControlService } from '../core/control.js';
import type { AppEvent, EventBus } from '../core/events.js';

export interface AppMetrics {
  registry: Registry;
  /** Stops listening to the bus. */
  stop(): void;
}

export function createMetrics(events: EventBus, control: ControlService): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'assistant_' });
  const reg = { registers: [registry] };

  const emailsReceived = new Counter({
    name: 'assistant_emails_received_total',
    help: 'Emails stored.',
    ...reg,
  });
  const emails = new Counter({
    name: 'assistant_emails_processed_total',
    help: 'Emails finished (email.processed), by outcome (authorization, needs_review, ignored, duplicate, failed).',
    labelNames: ['outcome'],
    ...reg,
  });
  // Its own series: the pipeline emits email.failed both alongside email.processed{failed} and
  // alone (planning failures), so folding it into the outcome counter would count some twice.
  const emailsFailed = new Counter({
    name: 'assistant_emails_failed_total',
    help: 'Email failures reported.',
    ...reg,
  });
  const actions = new Counter({
    name: 'assistant_actions_total',
    help: 'Action attempts by type and outcome (succeeded, failed, skipped).',
    labelNames: ['type', 'outcome'],
    ...reg,
  });
  const retries = new Counter({
    name: 'assistant_action_retries_total',
    help: 'Failed action attempts that will be retried.',
    labelNames: ['type'],
    ...reg,
  });
  const reviews = new Counter({
    name: 'assistant_reviews_needed_total',
    help: 'Authorizations sent to review.',
    ...reg,
  });
  const latency = new Histogram({
    name: 'assistant_email_processing_seconds',
    help: 'Time from storing an email to finishing it.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    ...reg,
  });

  new Gauge({
    name: 'assistant_queue_depth',
    help: 'Items waiting, by queue.',
    labelNames: ['queue'],
    ...reg,
    collect() {
      const q = control.status().queue;
      this.set({ queue: 'pending_emails' }, q.pendingEmails);
      this.set({ queue: 'pending_actions' }, q.pendingActions);
      this.set({ queue: 'needs_review' }, q.needsReview);
      this.set({ queue: 'failed_authorizations' }, q.failedAuthorizations);
    },
  });
  new Gauge({
    name: 'assistant_mail_source_connected',
    help: '1 when the mail source (IMAP connection or folder) is connected.',
    labelNames: ['kind'],
    ...reg,
    collect() {
      const s = control.status().source;
      this.reset();
      this.set({ kind: s.kind }, s.connected ? 1 : 0);
    },
  });
  new Gauge({
    name: 'assistant_monitoring',
    help: '1 while the mailbox is being watched.',
    ...reg,
    collect() {
      this.set(control.status().monitoring ? 1 : 0);
    },
  });

  const onEvent = (e: AppEvent): void => {
    switch (e.type) {
      case 'email.received':
        return emailsReceived.inc();
      case 'email.processed':
        emails.inc({ outcome: e.outcome });
        return latency.observe(Math.max(0, e.latencyMs) / 1000);
      case 'email.failed':
        return emailsFailed.inc();
      case 'action.succeeded':
        return actions.inc({ type: e.actionType, outcome: 'succeeded' });
      case 'action.failed':
        actions.inc({ type: e.actionType, outcome: 'failed' });
        if (e.willRetry) retries.inc({ type: e.actionType });
        return;
      case 'action.skipped':
        return actions.inc({ type: e.actionType, outcome: 'skipped' });
      case 'review.needed':
        return reviews.inc();
      case 'email.ignored':
      case 'status.changed':
      case 'authorization.updated':
      case 'log':
        return;
    }
  };
  const stop = events.subscribe(onEvent);
  return { registry, stop };
}

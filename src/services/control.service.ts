// The ControlService: what a person (dashboard, API, chat model) can ask of the running
// service. It validates the request, changes state through the repositories and wakes the
// pipeline or the dispatcher; the business rules live in planning and completion.
import type { Config } from '../config/index.js';
import { authKey } from '../core/auth-key.js';
import type { ControlResult, ControlService, FieldsPatch, ServiceStatus } from '../core/control.js';
import { toAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { missingForInvoice } from '../core/extraction-record.js';
import type { Logger } from '../core/logger.js';
import type { MailSource, MessageSink } from '../core/mail.js';
import { mergeFields, relevantHistory } from '../core/planning/merge-fields.js';
import { toHistoryItem } from '../adapters/sqlite/authorization.repository.js';
import type { Completion } from './completion.service.js';
import type { Dispatcher } from './dispatcher.service.js';
import { applyFieldsPatch } from './fields-patch.js';
import type { Pipeline } from './pipeline.service.js';
import type { Planning } from './planning.service.js';
import { refreshMissingFieldReasons } from './review-reasons.js';
import { buildStatus } from './status.service.js';
import type { Store } from './store.js';

export interface ControlDeps {
  config: Config;
  store: Store;
  source: MailSource;
  sink: MessageSink;
  planning: Planning;
  pipeline: Pipeline;
  dispatcher: Dispatcher;
  completion: Completion;
  events: EventBus;
  logger: Logger;
  version: string;
}

const notFound = (what: string): ControlResult => ({
  ok: false,
  code: 'NOT_FOUND',
  message: `${what} not found`,
});

export function createControlService(
  deps: ControlDeps,
): ControlService & { readonly monitoring: boolean } {
  const { store, source, events, logger } = deps;
  const startedAt = new Date().toISOString();
  let monitoring = false;

  return {
    get monitoring() {
      return monitoring;
    },

    async startMonitoring() {
      if (monitoring) return { ok: true, message: 'already monitoring' };
      await source.start(deps.sink);
      monitoring = true;
      logger.info(
        { event: 'monitoring.started', target: source.status().target },
        'monitoring started',
      );
      events.emit({ type: 'status.changed', status: { monitoring } });
      return { ok: true, message: 'monitoring started' };
    },

    async stopMonitoring() {
      if (!monitoring) return { ok: true, message: 'monitoring is already stopped' };
      await source.stop();
      monitoring = false;
      logger.info({ event: 'monitoring.stopped' }, 'monitoring stopped');
      events.emit({ type: 'status.changed', status: { monitoring } });
      return { ok: true, message: 'monitoring stopped' };
    },

    async pollNow() {
      if (!monitoring)
        return { ok: false, code: 'CONFLICT', message: 'monitoring is stopped; start it first' };
      const { delivered } = await source.syncNow();
      return { ok: true, message: `${delivered} new email(s)`, delivered };
    },

    status(): ServiceStatus {
      return buildStatus({ ...deps, startedAt, monitoring: () => monitoring });
    },

    async updateAuthorization(id: number, patch: FieldsPatch) {
      const row = store.authorizations.get(id);
      if (!row) return notFound(`authorization ${id}`);
      if (row.status !== 'needs_review') {
        return {
          ok: false,
          code: 'CONFLICT',
          message: `authorization ${id} is ${row.status}, not in review`,
        };
      }
      const applied = applyFieldsPatch(row.fields, patch);
      if (!applied.ok) return { ok: false, code: 'INVALID', message: applied.problems.join('; ') };
      const kind = applied.kind ?? row.kind;
      if (row.kind === 'amendment' && kind === 'new') {
        // Re-issued (e.g. an amendment that arrived after a cancellation): an amendment states
        // only what changed, so the rest comes from the emails it amended.
        const history = store.authorizations
          .history(row.authKey, row.id)
          .map((h) => toHistoryItem(h, null));
        applied.fields = mergeFields(relevantHistory(history, row.generation), applied.fields);
      }
      const key = authKey(applied.fields);
      const generation = deps.planning.generationFor(key, kind, row.messageId);
      const reviewReasons = refreshMissingFieldReasons(row.reviewReasons, applied.fields);
      store.tx(() => {
        store.authorizations.updateFields(
          id,
          { fields: applied.fields, authKey: key, kind, generation },
          { corrected: true },
        );
        // The reasons shown must describe the fields now in force, not the ones before the fix.
        store.authorizations.setStatus(id, 'needs_review', { reviewReasons });
      });
      logger.info(
        { event: 'authorization.corrected', authorizationId: id },
        `authorization ${id} corrected`,
      );
      events.emit({ type: 'authorization.updated', authorizationId: id, status: row.status });
      const missing = missingForInvoice(applied.fields, { hasFixedFee: true });
      return {
        ok: true,
        message: missing.length
          ? `saved; still missing: ${missing.join(', ')}`
          : 'saved; ready to approve',
      };
    },

    async approveAuthorization(id: number) {
      const row = store.authorizations.get(id);
      if (!row) return notFound(`authorization ${id}`);
      if (row.status !== 'needs_review') {
        return {
          ok: false,
          code: 'CONFLICT',
          message: `authorization ${id} is ${row.status}, not in review`,
        };
      }
      const missing = missingForInvoice(row.fields, { hasFixedFee: true });
      if (missing.length)
        return { ok: false, code: 'INVALID', message: `missing: ${missing.join(', ')}` };
      try {
        const outcome = await deps.planning.plan(row, true);
        if (outcome.kind === 'refused') {
          return {
            ok: false,
            code: 'INVALID',
            message: `still needs review: ${outcome.reasons.join('; ')}`,
          };
        }
        if (outcome.kind !== 'planned')
          return { ok: false, code: 'CONFLICT', message: 'planning did not complete' };
      } catch (err) {
        const e = toAppError(err);
        return {
          ok: false,
          code: 'CONFLICT',
          message: `could not plan it now: ${e.message}; try again`,
        };
      }
      logger.info(
        { event: 'authorization.approved', authorizationId: id },
        `authorization ${id} approved`,
      );
      deps.dispatcher.kick();
      deps.completion.check(id);
      return { ok: true, message: 'approved; actions queued' };
    },

    async retryAuthorization(id: number) {
      const row = store.authorizations.get(id);
      if (!row) return notFound(`authorization ${id}`);
      const before = store.actions.listForAuthorization(id);
      const lastNotify = [...before].reverse().find((a) => a.type === 'webhook.notify');
      const keys = store.tx(() => {
        const requeued = store.actions.requeueFailed(id);
        if (requeued.length === 0) return requeued;
        store.actions.insertPlanned(id, [
          {
            type: 'webhook.notify',
            idempotencyKey: `webhook.notify:authorization:${id}:retry:${Date.now()}`,
            dependsOn: requeued,
            payload: { ...(lastNotify?.payload ?? {}), retry: true },
          },
        ]);
        store.authorizations.setStatus(id, 'queued', { lastError: null });
        return requeued;
      });
      if (keys.length === 0)
        return {
          ok: false,
          code: 'CONFLICT',
          message: `authorization ${id} has no failed actions`,
        };
      logger.info(
        { event: 'authorization.retried', authorizationId: id, actions: keys.length },
        `retrying ${keys.length} action(s)`,
      );
      events.emit({ type: 'authorization.updated', authorizationId: id, status: 'queued' });
      deps.dispatcher.kick();
      return { ok: true, message: `${keys.length} action(s) queued again` };
    },

    async reprocessEmail(id: number) {
      const msg = store.messages.get(id);
      if (!msg) return notFound(`email ${id}`);
      if (msg.state !== 'finished')
        return { ok: false, code: 'CONFLICT', message: `email ${id} is still being processed` };
      if (!store.messages.getRaw(id)) {
        return {
          ok: false,
          code: 'CONFLICT',
          message: `email ${id} no longer has its content (retention)`,
        };
      }
      const auth = store.authorizations.findByMessage(id);
      store.tx(() => {
        // The authorization (and anything its actions did) is kept; re-planning reuses the
        // same idempotency keys, so nothing already done is done again.
        if (auth) {
          store.actions.requeueFailed(auth.id);
          store.actions.deleteUnstarted(auth.id);
        }
        store.messages.resetForReprocessing(id);
      });
      logger.info(
        { event: 'email.reprocess', emailId: id },
        `email ${id} queued for extraction again`,
      );
      deps.pipeline.kick();
      return { ok: true, message: `email ${id} queued for extraction again` };
    },
  };
}

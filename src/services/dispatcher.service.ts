// The outbox runner: carries out pending actions whose dependencies are terminal, a few at a
// time. Each action is marked `running` before the call and its outcome recorded after; a
// throw is retried per core/retry-policy or failed for good. On start-up, `running` rows (a
// crash mid-call) go back to pending — handlers are idempotent.
import { toAuthorizationView } from '../adapters/sqlite/authorization.repository.js';
import type {
  ActionHandler,
  ActionOutcome,
  ActionRecord,
  ActionType,
  DependencyOutcome,
} from '../core/actions.js';
import { AppError, toAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import { decideRetry, type RetryPolicy } from '../core/retry-policy.js';
import type { Completion } from './completion.service.js';
import type { Store } from './store.js';

export interface DispatcherDeps {
  store: Store;
  handlers: ReadonlyMap<ActionType, ActionHandler>;
  completion: Completion;
  events: EventBus;
  logger: Logger;
  policy: RetryPolicy;
  concurrency: number;
}

interface InFlight {
  promise: Promise<void>;
  controller: AbortController;
}

export class Dispatcher {
  private active = false;
  private scheduled = false;
  private readonly inFlight = new Map<number, InFlight>();
  /** Calls given up on at shutdown: their late outcome must not be written. */
  private readonly abandoned = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Puts actions interrupted by a crash back in the queue; call before start. */
  recover(): number {
    const n = this.deps.store.actions.recoverRunning();
    if (n > 0) {
      this.deps.logger.warn(
        { event: 'actions.recovered', count: n },
        `${n} action(s) were interrupted mid-call; running them again (handlers are idempotent)`,
      );
    }
    return n;
  }

  start(): void {
    this.active = true;
    this.kick();
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  kick(): void {
    if (!this.active || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Stops taking new actions, lets those in flight finish for up to `timeoutMs`, then aborts
   * and parks the rest as pending for the next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight.size === 0) return;
    const all = Promise.allSettled([...this.inFlight.values()].map((f) => f.promise));
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>(
      (r) => (timeout = setTimeout(() => r('timeout'), timeoutMs)),
    );
    const result = await Promise.race([all.then(() => 'done' as const), expired]);
    clearTimeout(timeout);
    if (result === 'done') return;
    for (const [id, f] of this.inFlight) {
      this.abandoned.add(id);
      f.controller.abort(new Error('shutting down'));
      if (this.deps.store.db.open) this.deps.store.actions.park(id);
      this.deps.logger.warn(
        { event: 'action.parked', actionId: id },
        `action ${id} parked for the next start`,
      );
    }
  }

  private pump(): void {
    const { store, concurrency } = this.deps;
    if (!this.active || !store.db.open) return;
    const free = concurrency - this.inFlight.size;
    if (free > 0) {
      for (const action of store.actions.listRunnable(new Date().toISOString(), free)) {
        if (this.inFlight.has(action.id)) continue;
        this.launch(action, Object.fromEntries(store.actions.dependencyOutcomes(action.dependsOn)));
      }
    }
    const next = store.actions.nextAttemptAt();
    if (next) this.wakeAt(Date.parse(next));
  }

  private wakeAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.kick();
      },
      Math.max(0, Math.min(at - Date.now(), 2_147_000_000)),
    );
  }

  private launch(action: ActionRecord, dependencies: Record<string, DependencyOutcome>): void {
    const controller = new AbortController();
    const promise = this.run(action, dependencies, controller.signal)
      .catch((err: unknown) => {
        this.deps.logger.error(
          { event: 'dispatcher.internal_error', actionId: action.id, err },
          'dispatcher error',
        );
      })
      .finally(() => {
        this.inFlight.delete(action.id);
        this.abandoned.delete(action.id);
        this.kick();
      });
    this.inFlight.set(action.id, { promise, controller });
  }

  private async run(
    action: ActionRecord,
    dependencies: Record<string, DependencyOutcome>,
    signal: AbortSignal,
  ) {
    const { store, logger } = this.deps;
    // One commit for the bookkeeping before the call (each commit costs at a few thousand).
    const { attempts, auth } = store.tx(() => {
      const n = store.actions.markRunning(action.id);
      const row = store.authorizations.get(action.authorizationId);
      if (row?.status === 'queued') store.authorizations.setStatus(row.id, 'in_progress');
      return { attempts: n, auth: row };
    });
    if (!auth) throw new Error(`action ${action.id} has no authorization`);
    const subject = store.messages.get(auth.messageId)?.subject ?? null;
    const handler = this.deps.handlers.get(action.type);
    let outcome: ActionOutcome;
    try {
      if (!handler) {
        throw new AppError('ACTION_ERR_UNKNOWN_TYPE', `no handler for action type ${action.type}`, {
          retryable: false,
        });
      }
      outcome = await handler.run({
        action: { ...action, attempts, status: 'running' },
        authorization: toAuthorizationView(auth, subject),
        dependencies,
        signal,
      });
    } catch (err) {
      if (this.abandoned.has(action.id) || !store.db.open) return;
      this.recordThrow(action, attempts, err);
      return;
    }
    if (this.abandoned.has(action.id) || !store.db.open) return;
    // The outcome and the authorization's completion it may bring commit together.
    store.tx(() => this.recordOutcome(action, outcome));
    logger.debug(
      { actionId: action.id, type: action.type, status: outcome.status },
      'action finished',
    );
  }

  private recordOutcome(action: ActionRecord, outcome: ActionOutcome): void {
    const { store, events, logger } = this.deps;
    const base = {
      actionId: action.id,
      authorizationId: action.authorizationId,
      actionType: action.type,
    };
    switch (outcome.status) {
      case 'done':
        store.actions.finish(action.id, 'done', {
          request: outcome.request,
          result: outcome.result,
        });
        events.emit({ type: 'action.succeeded', ...base });
        break;
      case 'skipped':
        store.actions.finish(action.id, 'skipped', {
          request: outcome.request,
          result: { reason: outcome.reason },
        });
        events.emit({ type: 'action.skipped', ...base });
        break;
      case 'failed':
        store.actions.finish(action.id, 'failed', {
          result: outcome.result,
          error: outcome.reason,
        });
        logger.error(
          { event: 'action.failed', ...base, error: outcome.reason },
          `${action.type} failed: ${outcome.reason}`,
        );
        events.emit({ type: 'action.failed', ...base, error: outcome.reason, willRetry: false });
        break;
    }
    this.deps.completion.check(action.authorizationId);
  }

  private recordThrow(action: ActionRecord, attempts: number, err: unknown): void {
    const { store, events, logger } = this.deps;
    const error = toAppError(err);
    const decision = decideRetry(error, attempts, this.deps.policy);
    const base = {
      actionId: action.id,
      authorizationId: action.authorizationId,
      actionType: action.type,
    };
    if (decision.retry) {
      const at = new Date(Date.now() + decision.delayMs).toISOString();
      store.actions.scheduleRetry(action.id, at, decision.reason, error.code);
      logger.warn(
        { event: 'action.retry', ...base, code: error.code, attempts, retryInMs: decision.delayMs },
        `${action.type} failed (${decision.reason}); retry ${attempts + 1} in ${decision.delayMs} ms`,
      );
      events.emit({ type: 'action.failed', ...base, error: decision.reason, willRetry: true });
      return;
    }
    store.actions.finish(action.id, 'failed', { error: decision.reason, errorCode: error.code });
    logger.error(
      { event: 'action.failed', ...base, code: error.code, attempts, error: decision.reason },
      `${action.type} failed: ${decision.reason}`,
    );
    events.emit({ type: 'action.failed', ...base, error: decision.reason, willRetry: false });
    this.deps.completion.check(action.authorizationId);
  }
}

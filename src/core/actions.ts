// External effects are planned as rows of an outbox (the `actions` table) and carried out by
// handlers, one per action type. A handler must be idempotent: it may run again after a crash
// between "done over there" and "recorded here", and must then find what it already made.

import type { AuthorizationFields, AuthorizationKind } from './extraction-record.js';

export type ActionType =
  | 'invoiceninja.ensure_client'
  | 'invoiceninja.create_invoice'
  | 'invoiceninja.update_invoice'
  | 'invoiceninja.cancel_invoice'
  | 'calendar.create_event'
  | 'calendar.update_event'
  | 'calendar.delete_event'
  | 'webhook.notify';

export type ActionStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** A step the planner wants carried out; the store turns it into an outbox row. */
export interface PlannedAction {
  type: ActionType;
  /** Unique across all actions ever planned; planning the same thing twice yields one row. */
  idempotencyKey: string;
  /** Idempotency keys of actions that must reach a terminal state first. */
  dependsOn: string[];
  /** Input the handler needs beyond the authorization itself (e.g. computed line items). */
  payload: Record<string, unknown>;
}

export interface ActionRecord {
  id: number;
  authorizationId: number;
  type: ActionType;
  idempotencyKey: string;
  dependsOn: string[];
  status: ActionStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  payload: Record<string, unknown>;
  /** The request sent (or, when skipped, the one that would have been sent). Secrets redacted. */
  request: unknown;
  result: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** The authorization an action works on, as the handlers see it. */
export interface AuthorizationView {
  id: number;
  /** Stable identity of the authorization across its emails: sender key + authorization id. */
  authKey: string;
  /** Increments when an authorization is re-issued after a cancellation (new calendar id). */
  generation: number;
  kind: AuthorizationKind;
  fields: AuthorizationFields;
  /** Miles computed by the product when the email stated none (marked as calculated). */
  calculatedMileage: number | null;
  timeZone: string;
  /** The email it came from (store row id) and its summary. */
  messageId: number;
  subject: string | null;
}

export interface DependencyOutcome {
  type: ActionType;
  status: ActionStatus;
  result: Record<string, unknown> | null;
  lastError: string | null;
}

export interface ActionContext {
  action: ActionRecord;
  authorization: AuthorizationView;
  /** Terminal outcomes of this action's dependencies, by idempotency key. */
  dependencies: Record<string, DependencyOutcome>;
  signal: AbortSignal;
}

export type ActionOutcome =
  | { status: 'done'; result: Record<string, unknown>; request?: unknown }
  /** Not configured or DRY_RUN: nothing was sent; `request` is exactly what would have been. */
  | { status: 'skipped'; reason: string; request: unknown }
  /** Failed for good without throwing (e.g. a sent invoice cannot be amended): recorded and notified. */
  | { status: 'failed'; reason: string; result?: Record<string, unknown> };

export interface ActionHandler {
  readonly type: ActionType;
  /**
   * Carries the action out. Throws an AppError on failure; the dispatcher decides from its
   * `retryable` flag (see core/retry-policy.ts) whether and when to try again.
   */
  run(ctx: ActionContext): Promise<ActionOutcome>;
}

/** An earlier authorization with the same authKey, as the planner sees it. */
export interface AuthorizationHistoryItem extends AuthorizationView {
  status: string;
}

export interface PlanInput {
  authorization: AuthorizationView;
  /** Earlier authorizations with the same authKey (any generation), oldest first. */
  history: AuthorizationHistoryItem[];
  /** True when a person approved this authorization from the review queue. */
  approvedByUser: boolean;
  /**
   * Why extraction wants a person to look, whatever the fields say (e.g. an unreadable PDF that
   * may hold the authorization). They send the plan to review until a person approves it.
   */
  reviewNotes?: string[];
}

export interface PlanResult {
  /** queued: actions will run; needs_review: a person must look first (actions may still notify). */
  status: 'queued' | 'needs_review';
  reviewReasons: string[];
  actions: PlannedAction[];
  /** Miles the product calculated because the email stated none; null when not calculated. */
  calculatedMileage: number | null;
}

/**
 * Decides which external actions an authorization needs (from its kind, its history, the
 * billing rates and what is configured). May throw a retryable AppError (e.g. geocoder down);
 * the pipeline then tries the message again later.
 */
export interface ActionPlanner {
  plan(input: PlanInput): Promise<PlanResult>;
}

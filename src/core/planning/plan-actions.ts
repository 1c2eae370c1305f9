// The action planning rules, pure: from an authorization, its history and the billing rates,
// which outbox rows to write. new → client → invoice → event (future only) → webhook;
// amendment → merged fields → update invoice / event → webhook; cancellation → cancel invoice,
// delete event → webhook. Anything an invoice cannot be made from goes to review instead.
import type { ActionType, PlanInput, PlanResult, PlannedAction } from '../actions.js';
import { issuerKey } from '../auth-key.js';
import { missingForInvoice, type AuthorizationFields } from '../extraction-record.js';
import { buildLineItems, type BillingResult } from '../billing/line-items.js';
import { resolveRates, type RatesTable } from '../billing/rates.js';
import { eventBody, publicNotes } from './describe.js';
import { actionKey, calendarEventId, identityKey, invoiceNumber, webhookEventId } from './keys.js';
import { mergeFields, relevantHistory } from './merge-fields.js';
import type {
  CancelInvoicePayload,
  ClientPayload,
  DeleteEventPayload,
  EventPayload,
  InvoicePayload,
  WebhookEvent,
  WebhookPayload,
} from './payloads.js';
import { startsInFuture } from './zoned-time.js';

export interface PlanningContext {
  nowMs: number;
  /** null: the rates file is missing or invalid (ratesProblem says why). */
  rates: RatesTable | null;
  ratesProblem: string | null;
  /** Miles calculated for this authorization's merged fields (null: stated or not computable). */
  calculatedMileage: number | null;
  defaultDurationHours: number;
  markSent: boolean;
  /** InvoiceNinja not configured, or DRY_RUN: invoice actions will only be previewed. */
  invoicePreview: boolean;
}

export function planActions(input: PlanInput, ctx: PlanningContext): PlanResult {
  const auth = input.authorization;
  const id = { authKey: auth.authKey, generation: auth.generation };
  const history = relevantHistory(
    input.history.filter((h) => h.id !== auth.id),
    auth.generation,
  );
  const hasOriginal = history.length > 0;
  // Earlier emails about this same invoice and event (same generation), oldest first.
  const earlier = input.history.filter(
    (h) => h.id < auth.id && h.generation === auth.generation && h.status !== 'rejected',
  );
  /**
   * The keys of the earlier emails' actions on the same thing over there: ours wait for them,
   * so effects on one invoice or event happen in the order the emails arrived. Without this a
   * cancellation could run while the original's create is waiting to retry, find nothing to
   * cancel, and the create would then make an invoice for a cancelled service.
   */
  const after = (types: readonly ActionType[]): string[] =>
    earlier.flatMap((h) => types.map((t) => actionKey(t, id, h.id)));
  const fields = auth.kind === 'new' ? auth.fields : mergeFields(history, auth.fields);
  const reasons: string[] = input.approvedByUser ? [] : [...(input.reviewNotes ?? [])];
  const actions: PlannedAction[] = [];
  const key = (type: PlannedAction['type'], suffix?: string): string =>
    actionKey(type, id, auth.id, suffix);
  const webhook = (event: WebhookEvent, dependsOn: string[], totalCents: number | null): void => {
    const k = key('webhook.notify', event);
    const payload: WebhookPayload = {
      event,
      eventId: webhookEventId(k),
      occurredAt: new Date(ctx.nowMs).toISOString(),
      kind: auth.kind,
      authorizationNumber: fields.authorizationId,
      fields,
      calculatedMileage: ctx.calculatedMileage,
      totalCents,
      reviewReasons: [...reasons],
    };
    actions.push({ type: 'webhook.notify', idempotencyKey: k, dependsOn, payload: { ...payload } });
  };
  const review = (): PlanResult => {
    actions.length = 0;
    webhook('review_needed', [], null);
    return {
      status: 'needs_review',
      reviewReasons: reasons,
      actions,
      calculatedMileage: ctx.calculatedMileage,
    };
  };

  if (auth.kind !== 'new' && !hasOriginal && !input.approvedByUser) {
    reasons.push(
      `${auth.kind} of an authorization never seen before (${fields.authorizationId ?? 'no id'})`,
    );
    return review();
  }

  const cancelledBy = earlier.find((h) => h.kind === 'cancellation');
  if (auth.kind === 'amendment' && cancelledBy) {
    // Updating would re-create the deleted invoice under the cancelled authorization's number.
    // Whether the service is back on is a person's call; approving it as "new" re-issues it.
    reasons.push(
      `amends ${fields.authorizationId ?? 'an authorization'}, which an earlier email cancelled; if the service is reinstated, set the kind to "new" and approve (it is then re-issued)`,
    );
    return review();
  }

  if (auth.kind === 'cancellation') {
    const cancelKey = key('invoiceninja.cancel_invoice');
    const deleteKey = key('calendar.delete_event');
    const cancel: CancelInvoicePayload = {
      invoiceKey: identityKey(id),
      number: invoiceNumber(id),
    };
    const del: DeleteEventPayload = { eventKey: identityKey(id), eventId: calendarEventId(id) };
    actions.push(
      {
        type: 'invoiceninja.cancel_invoice',
        idempotencyKey: cancelKey,
        dependsOn: after(INVOICE_ACTIONS),
        payload: { ...cancel },
      },
      {
        type: 'calendar.delete_event',
        idempotencyKey: deleteKey,
        dependsOn: after(EVENT_ACTIONS),
        payload: { ...del },
      },
    );
    webhook('cancelled', [cancelKey, deleteKey], null);
    return {
      status: 'queued',
      reviewReasons: [],
      actions,
      calculatedMileage: ctx.calculatedMileage,
    };
  }

  // new, or an amendment of a known authorization (or one a person approved).
  const billing = bill(fields, ctx, reasons);
  if (reasons.length && !(ctx.invoicePreview && billing && onlyRateProblems(reasons))) {
    return review();
  }
  const previewOnly = reasons.length > 0;
  const clientKey = issuerKey(fields.client);
  const clientActionKey = key('invoiceninja.ensure_client');
  const client: ClientPayload = { clientKey, name: fields.client.name, email: fields.client.email };
  actions.push({
    type: 'invoiceninja.ensure_client',
    idempotencyKey: clientActionKey,
    dependsOn: [],
    payload: { ...client },
  });

  const invoiceType =
    auth.kind === 'new' ? 'invoiceninja.create_invoice' : 'invoiceninja.update_invoice';
  const invoiceActionKey = key(invoiceType);
  const invoice: InvoicePayload = {
    clientKey,
    invoiceKey: identityKey(id),
    number: invoiceNumber(id),
    poNumber: fields.authorizationId ?? '',
    date: fields.service.date ?? '',
    lines: billing?.lines ?? [],
    totalCents: billing?.totalCents ?? 0,
    publicNotes: publicNotes(fields, ctx.calculatedMileage),
    markSent: ctx.markSent,
    ...(previewOnly ? { previewOnly: true } : {}),
  };
  actions.push({
    type: invoiceType,
    idempotencyKey: invoiceActionKey,
    dependsOn: [clientActionKey, ...after(INVOICE_ACTIONS)],
    payload: { ...invoice },
  });

  const deps = [clientActionKey, invoiceActionKey];
  const date = fields.service.date!;
  const future = startsInFuture(date, fields.service.startTime, auth.timeZone, ctx.nowMs);
  const event: EventPayload = {
    eventKey: identityKey(id),
    eventId: calendarEventId(id),
    event: eventBody(fields, auth.timeZone, ctx.defaultDurationHours),
    invoiceActionKey,
  };
  if (auth.kind === 'new' && future) {
    const k = key('calendar.create_event');
    actions.push({
      type: 'calendar.create_event',
      idempotencyKey: k,
      dependsOn: [invoiceActionKey, ...after(EVENT_ACTIONS)],
      payload: { ...event },
    });
    deps.push(k);
  } else if (auth.kind === 'amendment') {
    const k = key('calendar.update_event');
    actions.push({
      type: 'calendar.update_event',
      idempotencyKey: k,
      dependsOn: [invoiceActionKey, ...after(EVENT_ACTIONS)],
      payload: { ...event, createIfMissing: future },
    });
    deps.push(k);
  }
  if (previewOnly) {
    // Shown as a preview of what would be sent; a person still has to supply the rates.
    webhook('review_needed', deps, billing?.totalCents ?? null);
    return {
      status: 'needs_review',
      reviewReasons: reasons,
      actions,
      calculatedMileage: ctx.calculatedMileage,
    };
  }
  webhook(auth.kind === 'new' ? 'processed' : 'amended', deps, billing?.totalCents ?? null);
  return { status: 'queued', reviewReasons: [], actions, calculatedMileage: ctx.calculatedMileage };
}

const INVOICE_ACTIONS: readonly ActionType[] = [
  'invoiceninja.create_invoice',
  'invoiceninja.update_invoice',
  'invoiceninja.cancel_invoice',
];
const EVENT_ACTIONS: readonly ActionType[] = [
  'calendar.create_event',
  'calendar.update_event',
  'calendar.delete_event',
];

const RATE_REASON = 'billing rate';

function onlyRateProblems(reasons: string[]): boolean {
  return reasons.every((r) => r.includes(RATE_REASON));
}

/** Lines and total, or null when the rates are unusable; pushes review reasons. */
function bill(
  fields: AuthorizationFields,
  ctx: PlanningContext,
  reasons: string[],
): BillingResult | null {
  const rates = ctx.rates ? resolveRates(ctx.rates, fields.client) : null;
  const missing = missingForInvoice(fields, { hasFixedFee: (rates?.fixedFeeCents ?? 0) > 0 });
  for (const m of missing) reasons.push(`missing ${m}`);
  if (!rates) {
    reasons.push(`no ${RATE_REASON}s: ${ctx.ratesProblem ?? 'rates file not loaded'}`);
    return buildLineItems(billingInput(fields, ctx), {
      hourlyCents: null,
      mileageCents: null,
      fixedFeeCents: null,
      sources: {},
      matchedKey: null,
    });
  }
  const result = buildLineItems(billingInput(fields, ctx), rates);
  for (const r of result.missingRates) {
    reasons.push(`${RATE_REASON} missing: ${r} (no entry for this client and none in "default")`);
  }
  return result;
}

function billingInput(fields: AuthorizationFields, ctx: PlanningContext) {
  return {
    serviceDescription: fields.service.description,
    durationHours: fields.service.durationHours,
    statedMileage: fields.mileage,
    calculatedMileage: fields.mileage == null ? ctx.calculatedMileage : null,
  };
}

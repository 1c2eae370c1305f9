// invoiceninja.create_invoice / update_invoice / cancel_invoice. Exactly once: the invoice of
// an authorization identity carries a deterministic `number` (unique per company on the
// server), so a retry after "created there, not recorded here" gets 422 "taken" and adopts
// the invoice it already made (checking po_number). A sent invoice is never edited.
import type { ActionContext, ActionHandler, ActionOutcome } from '../../core/actions.js';
import { AppError } from '../../core/errors.js';
import type { CancelInvoicePayload, InvoicePayload } from '../../core/planning/payloads.js';
import type { InvoiceNinjaHandlerDeps } from './client.handler.js';
import { withLock } from './client.handler.js';
import { isDuplicateBulk, isNumberTaken, type InvoiceNinjaApi } from './invoiceninja.api.js';
import { INVOICE_STATUS, type InInvoice } from './invoiceninja.types.js';
import {
  clientIdFrom,
  describe,
  findInvoice,
  findInvoiceByRef,
  invoiceBody,
} from './invoice.lookup.js';

export { invoiceBody } from './invoice.lookup.js';

async function createInvoice(
  ctx: ActionContext,
  deps: InvoiceNinjaHandlerDeps,
  api: InvoiceNinjaApi,
  p: InvoicePayload,
  baseUrl: string,
): Promise<ActionOutcome> {
  const existing = await findInvoiceByRef(deps, api, p, ctx.signal);
  if (existing) return { status: 'done', result: describe(existing, baseUrl, { created: false }) };
  const clientId = clientIdFrom(ctx, deps, p.clientKey);
  if (!clientId) {
    throw new AppError('ACTION_ERR_DEPENDENCY_FAILED', 'no InvoiceNinja client for this agency', {
      retryable: false,
      hint: 'the ensure_client action failed; retry it first',
    });
  }
  const body = invoiceBody(p, clientId);
  const query = p.markSent ? { mark_sent: 'true' } : undefined;
  const request = api.preview('POST', 'invoices', query, body);
  try {
    const inv = await api.call<InInvoice>('POST', 'invoices', { query, body, signal: ctx.signal });
    deps.refs.put('invoiceninja.invoice', p.invoiceKey, inv.id, { number: inv.number });
    return {
      status: 'done',
      result: describe(inv, baseUrl, { created: true, totalCents: p.totalCents }),
      request,
    };
  } catch (err) {
    if (!isNumberTaken(err)) throw err;
    // Made by an earlier attempt whose answer was lost: adopt it.
    const adopted = await findInvoice(deps, api, p.invoiceKey, p.number, p.poNumber, ctx.signal);
    if (!adopted) throw err;
    return {
      status: 'done',
      result: describe(adopted, baseUrl, { created: false, adopted: true }),
      request,
    };
  }
}

/** Cheap first look: only our own mapping (a create that 422s finds the rest). */
function previewOutcome(
  deps: InvoiceNinjaHandlerDeps,
  ctx: ActionContext,
  p: InvoicePayload,
  reason: string,
): ActionOutcome {
  const clientId = clientIdFrom(ctx, deps, p.clientKey) ?? '<client id from ensure_client>';
  return {
    status: 'skipped',
    reason,
    request: deps.previewApi.preview(
      'POST',
      'invoices',
      p.markSent ? { mark_sent: 'true' } : undefined,
      invoiceBody(p, clientId),
    ),
  };
}

export function createInvoiceHandler(
  deps: InvoiceNinjaHandlerDeps,
  baseUrl: string,
): ActionHandler {
  return {
    type: 'invoiceninja.create_invoice',
    async run(ctx) {
      const p = ctx.action.payload as unknown as InvoicePayload;
      if (p.previewOnly)
        return previewOutcome(deps, ctx, p, 'billing rates missing: previewed only');
      if (!deps.api) return previewOutcome(deps, ctx, p, deps.skipReason);
      const api = deps.api;
      return withLock(`invoice:${p.invoiceKey}`, () => createInvoice(ctx, deps, api, p, baseUrl));
    },
  };
}

export function updateInvoiceHandler(
  deps: InvoiceNinjaHandlerDeps,
  baseUrl: string,
): ActionHandler {
  return {
    type: 'invoiceninja.update_invoice',
    async run(ctx) {
      const p = ctx.action.payload as unknown as InvoicePayload;
      if (p.previewOnly || !deps.api) {
        const reason = p.previewOnly ? 'billing rates missing: previewed only' : deps.skipReason;
        const body = invoiceBody(p, '<client id>');
        delete body.client_id;
        return {
          status: 'skipped',
          reason,
          request: deps.previewApi.preview('PUT', 'invoices/<invoice id>', undefined, body),
        };
      }
      const api = deps.api;
      return withLock(`invoice:${p.invoiceKey}`, async () => {
        const inv = await findInvoice(deps, api, p.invoiceKey, p.number, p.poNumber, ctx.signal);
        if (!inv) return createInvoice(ctx, deps, api, p, baseUrl); // original never invoiced
        const status = INVOICE_STATUS[String(inv.status_id)] ?? String(inv.status_id);
        if (String(inv.status_id) !== '1') {
          return {
            status: 'failed',
            reason: `invoice ${inv.number} is already ${status}: left unchanged; apply the amendment by hand (e.g. a credit note)`,
            result: describe(inv, baseUrl, { updated: false }),
          };
        }
        const body = invoiceBody(p, inv.client_id);
        delete body.client_id; // the client of an invoice cannot change
        const updated = await api.call<InInvoice>('PUT', `invoices/${inv.id}`, {
          body,
          signal: ctx.signal,
        });
        return {
          status: 'done',
          result: describe(updated, baseUrl, { updated: true, totalCents: p.totalCents }),
          request: api.preview('PUT', `invoices/${inv.id}`, undefined, body),
        };
      });
    },
  };
}

export function cancelInvoiceHandler(
  deps: InvoiceNinjaHandlerDeps,
  baseUrl: string,
): ActionHandler {
  return {
    type: 'invoiceninja.cancel_invoice',
    async run(ctx) {
      const p = ctx.action.payload as unknown as CancelInvoicePayload;
      if (!deps.api) {
        return {
          status: 'skipped',
          reason: deps.skipReason,
          request: deps.previewApi.preview('POST', 'invoices/bulk', undefined, {
            action: 'delete | cancel',
            ids: ['<invoice id>'],
          }),
        };
      }
      const api = deps.api;
      return withLock(`invoice:${p.invoiceKey}`, async () => {
        const inv = await findInvoice(deps, api, p.invoiceKey, p.number, null, ctx.signal);
        if (!inv)
          return {
            status: 'done',
            result: { note: 'no invoice to cancel (never made or already deleted)' },
          };
        const statusId = String(inv.status_id);
        if (statusId === '5' || statusId === '6') {
          return { status: 'done', result: describe(inv, baseUrl, { note: 'already cancelled' }) };
        }
        if (statusId === '4') {
          return {
            status: 'failed',
            reason: `invoice ${inv.number} is already paid: not cancelled; refund or credit it by hand`,
            result: describe(inv, baseUrl),
          };
        }
        // A draft is deleted (cancel does nothing to drafts); a sent invoice is cancelled.
        const action = statusId === '1' ? 'delete' : 'cancel';
        const body = { action, ids: [inv.id] };
        const request = api.preview('POST', 'invoices/bulk', undefined, body);
        try {
          await api.call<InInvoice[]>('POST', 'invoices/bulk', { body, signal: ctx.signal });
        } catch (err) {
          if (!isDuplicateBulk(err)) throw err;
          // The same bulk ran within the last second (an earlier attempt): check what it did.
          const now = await api.call<InInvoice>('GET', `invoices/${inv.id}`, {
            signal: ctx.signal,
          });
          const doneAlready = action === 'delete' ? now.is_deleted : String(now.status_id) === '5';
          if (!doneAlready) {
            throw new AppError(
              'INVOICENINJA_ERR_SERVER',
              'InvoiceNinja refused a repeated bulk action',
              {
                retryable: true,
                retryAfterMs: 1500,
                status: 400,
                vendorMessage: 'Duplicate request',
              },
            );
          }
        }
        return {
          status: 'done',
          result: describe(inv, baseUrl, { [action === 'delete' ? 'deleted' : 'cancelled']: true }),
          request,
        };
      });
    },
  };
}

// Finding and describing an authorization's invoice in InvoiceNinja: by our own mapping
// (external_refs), else by its deterministic number (archived included; po_number checked),
// and the request body built from the planned lines.
import type { ActionContext } from '../../core/actions.js';
import { AppError } from '../../core/errors.js';
import { centsToDecimal } from '../../core/billing/line-items.js';
import type { InvoicePayload } from '../../core/planning/payloads.js';
import type { InvoiceNinjaHandlerDeps } from './client.handler.js';
import type { InvoiceNinjaApi } from './invoiceninja.api.js';
import { INVOICE_STATUS, type InInvoice } from './invoiceninja.types.js';

const PRODUCT_KEY = { service: 'Service', mileage: 'Mileage', fee: 'Service fee' } as const;

export function invoiceBody(p: InvoicePayload, clientId: string): Record<string, unknown> {
  return {
    client_id: clientId,
    number: p.number,
    po_number: p.poNumber,
    date: p.date,
    public_notes: p.publicNotes,
    line_items: p.lines.map((l) => ({
      product_key: PRODUCT_KEY[l.kind],
      notes: l.description,
      cost: centsToDecimal(l.unitCents),
      quantity: l.quantity,
    })),
  };
}

export function invoiceUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/invoices/${id}/edit`;
}

export function describe(
  inv: InInvoice,
  baseUrl: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    invoiceId: inv.id,
    number: inv.number,
    status: INVOICE_STATUS[String(inv.status_id)] ?? String(inv.status_id),
    amount: inv.amount,
    url: invoiceUrl(baseUrl, inv.id),
    ...extra,
  };
}

/** The invoice of this identity, from our mapping or by its number; null when none (or deleted). */
export async function findInvoice(
  deps: InvoiceNinjaHandlerDeps,
  api: InvoiceNinjaApi,
  invoiceKey: string,
  number: string,
  poNumber: string | null,
  signal: AbortSignal,
): Promise<InInvoice | null> {
  const known = deps.refs.get('invoiceninja.invoice', invoiceKey);
  if (known) {
    try {
      const inv = await api.call<InInvoice>('GET', `invoices/${known.externalId}`, { signal });
      if (!inv.is_deleted) return inv;
      return null;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'INVOICENINJA_ERR_NOT_FOUND') throw err;
    }
  }
  // Archived invoices included: the number is unique across them too.
  const list = await api.call<InInvoice[]>('GET', 'invoices', {
    query: { number, per_page: 100, sort: 'id|asc' },
    signal,
  });
  const hit = list.find((i) => i.number === number && !i.is_deleted);
  if (!hit) return null;
  if (poNumber !== null && hit.po_number !== poNumber) {
    throw new AppError(
      'INVOICENINJA_ERR_VALIDATION',
      `invoice number ${number} belongs to another invoice`,
      {
        retryable: false,
        vendorMessage: `po_number is "${hit.po_number}", expected "${poNumber}"`,
        hint: 'an invoice with this number was made by hand; rename it in InvoiceNinja and retry the action',
      },
    );
  }
  deps.refs.put('invoiceninja.invoice', invoiceKey, hit.id, { number });
  return hit;
}

export function clientIdFrom(
  ctx: ActionContext,
  deps: InvoiceNinjaHandlerDeps,
  clientKey: string,
): string | null {
  for (const dep of Object.values(ctx.dependencies)) {
    const id = dep.result?.clientId;
    if (dep.type === 'invoiceninja.ensure_client' && typeof id === 'string') return id;
  }
  return deps.refs.get('invoiceninja.client', clientKey)?.externalId ?? null;
}

export async function findInvoiceByRef(
  deps: InvoiceNinjaHandlerDeps,
  api: InvoiceNinjaApi,
  p: { invoiceKey: string },
  signal: AbortSignal,
): Promise<InInvoice | null> {
  const known = deps.refs.get('invoiceninja.invoice', p.invoiceKey);
  if (!known) return null;
  try {
    const inv = await api.call<InInvoice>('GET', `invoices/${known.externalId}`, { signal });
    return inv.is_deleted ? null : inv;
  } catch (err) {
    if (err instanceof AppError && err.code === 'INVOICENINJA_ERR_NOT_FOUND') return null;
    throw err;
  }
}

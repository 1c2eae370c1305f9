// Invoice lines from an authorization and its resolved rates, in integer cents: hours ×
// hourly rate, miles × mileage rate, one fixed service fee. A rate that is needed but missing
// is reported, never billed at zero. Quantities are kept to hundredths.

import type { ResolvedRates } from './rates.js';

export interface LineItem {
  kind: 'service' | 'mileage' | 'fee';
  description: string;
  /** Hours, miles or 1; at most two decimals. */
  quantity: number;
  unitCents: number;
  amountCents: number;
  /** True for a mileage the product calculated (not stated in the email). */
  calculated?: boolean;
}

export interface BillingInput {
  serviceDescription: string | null;
  durationHours: number | null;
  statedMileage: number | null;
  calculatedMileage: number | null;
}

export interface BillingResult {
  lines: LineItem[];
  totalCents: number;
  /** Rates that are needed but missing, e.g. ["hourly_rate"]. Non-empty → review. */
  missingRates: string[];
}

/** quantity × unit, rounded half away from zero to the cent, on integers only. */
export function lineAmountCents(quantity: number, unitCents: number): number {
  const hundredths = Math.round(quantity * 100);
  const product = hundredths * unitCents; // exact: both integers, far below 2^53
  const sign = product < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(product) + 50) / 100);
}

export function roundQuantity(q: number): number {
  return Math.round(q * 100) / 100;
}

export function buildLineItems(input: BillingInput, rates: ResolvedRates): BillingResult {
  const lines: LineItem[] = [];
  const missing: string[] = [];
  const hours = input.durationHours;
  const service = input.serviceDescription?.trim() || 'Service';
  if (hours != null && hours > 0) {
    if (rates.hourlyCents != null) {
      const q = roundQuantity(hours);
      lines.push({
        kind: 'service',
        description: `${service} (${q} h)`,
        quantity: q,
        unitCents: rates.hourlyCents,
        amountCents: lineAmountCents(q, rates.hourlyCents),
      });
    } else if (rates.fixedFeeCents == null) {
      missing.push('hourly_rate');
    }
  }
  const stated = input.statedMileage;
  const miles = stated ?? input.calculatedMileage;
  if (miles != null && miles > 0) {
    const calculated = stated == null;
    if (rates.mileageCents != null) {
      const q = roundQuantity(miles);
      lines.push({
        kind: 'mileage',
        description: `Mileage (${q} mi${calculated ? ', calculated' : ''})`,
        quantity: q,
        unitCents: rates.mileageCents,
        amountCents: lineAmountCents(q, rates.mileageCents),
        ...(calculated ? { calculated: true } : {}),
      });
    } else {
      missing.push('mileage_rate');
    }
  }
  if (rates.fixedFeeCents != null && rates.fixedFeeCents > 0) {
    lines.push({
      kind: 'fee',
      description: `${service}: service fee`,
      quantity: 1,
      unitCents: rates.fixedFeeCents,
      amountCents: rates.fixedFeeCents,
    });
  }
  if (lines.length === 0 && missing.length === 0) {
    // Nothing billable at all: an invoice of zero would be wrong, so ask a person.
    missing.push(hours == null ? 'service.durationHours or fixed_service_fee' : 'hourly_rate');
  }
  return { lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0), missingRates: missing };
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents → the decimal number InvoiceNinja expects for `cost` (exact for 2 decimals). */
export function centsToDecimal(cents: number): number {
  return Number(formatCents(cents));
}

// Keeps an authorization's review reasons true after a person corrects its fields: the reasons
// the planner derived from missing fields ("missing service.date") are recomputed from the
// corrected fields; reasons of any other origin (billing rates, the extractor) are kept.
import { missingForInvoice, type AuthorizationFields } from '../core/extraction-record.js';

/** Written by the planner as `missing ${field}` for each field missingForInvoice reports. */
const MISSING_REASON = /^missing (authorizationId|service\.date|service\.durationHours)$/;

export function refreshMissingFieldReasons(
  previous: readonly string[],
  fields: AuthorizationFields,
): string[] {
  const others = previous.filter((r) => !MISSING_REASON.test(r));
  // Without the rates at hand a fixed fee is assumed (the lenient reading); a missing duration
  // the planner flagged before stays flagged while it is still missing.
  const missing = new Set(missingForInvoice(fields, { hasFixedFee: true }));
  if (previous.includes('missing service.durationHours') && fields.service.durationHours == null)
    missing.add('service.durationHours');
  const fresh = missingForInvoice(fields, { hasFixedFee: false })
    .filter((m) => missing.has(m))
    .map((m) => `missing ${m}`);
  return [...fresh, ...others];
}

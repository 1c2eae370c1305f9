// Billing rates: the shape of CLIENT_BILLING_RATES_PATH, its validation (errors name the bad
// key), and the lookup client email → client name → "@sender.domain" → "default", each field
// falling back to "default" on its own. Rates are kept as integer cents from here on.

export type RateField = 'hourly_rate' | 'mileage_rate' | 'fixed_service_fee';
export const RATE_FIELDS: readonly RateField[] = [
  'hourly_rate',
  'mileage_rate',
  'fixed_service_fee',
];

/** The file as written: dollars (decimals allowed), any field may be absent. */
export type RatesFile = Record<string, Partial<Record<RateField, number>>>;

/** A validated table: keys normalised (trimmed, lower case), values in integer cents. */
export interface RatesTable {
  entries: Map<string, Partial<Record<RateField, number>>>;
}

export interface ResolvedRates {
  /** Cents, or null when neither the matched entry nor "default" gives the field. */
  hourlyCents: number | null;
  mileageCents: number | null;
  fixedFeeCents: number | null;
  /** Which key supplied each field (e.g. "billing@agency.example", "@agency.example", "default"). */
  sources: Partial<Record<RateField, string>>;
  /** The key that matched the client (null: only "default" applied). */
  matchedKey: string | null;
}

export function normaliseRateKey(key: string): string {
  return key.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Dollars → integer cents, exactly (decimal text, not float multiplication). */
export function dollarsToCents(value: number): number {
  const [whole = '0', frac = ''] = Math.abs(value).toFixed(6).split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  const rest = Number(frac.slice(2) || '0');
  const rounded = cents + (rest >= 5000 ? 1 : 0);
  return value < 0 ? -rounded : rounded;
}

export type ValidateResult = { ok: true; table: RatesTable } | { ok: false; errors: string[] };

export function validateRates(raw: unknown): ValidateResult {
  const errors: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: ['the file must hold a JSON object of client entries'] };
  }
  const entries = new Map<string, Partial<Record<RateField, number>>>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('_')) continue; // comments such as "_about"
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`"${key}": must be an object with hourly_rate, mileage_rate, fixed_service_fee`);
      continue;
    }
    const entry: Partial<Record<RateField, number>> = {};
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
      if (!(RATE_FIELDS as readonly string[]).includes(field)) {
        errors.push(`"${key}".${field}: unknown field (expected ${RATE_FIELDS.join(', ')})`);
        continue;
      }
      if (v === null) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        errors.push(`"${key}".${field}: must be a number ≥ 0, got ${JSON.stringify(v)}`);
        continue;
      }
      entry[field as RateField] = dollarsToCents(v);
    }
    const norm = normaliseRateKey(key);
    if (entries.has(norm)) errors.push(`"${key}": duplicate key (keys are case-insensitive)`);
    entries.set(norm, entry);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, table: { entries } };
}

export function resolveRates(
  table: RatesTable,
  client: { name: string | null; email: string | null },
): ResolvedRates {
  const candidates: string[] = [];
  if (client.email) candidates.push(normaliseRateKey(client.email));
  if (client.name) candidates.push(normaliseRateKey(client.name));
  const domain = client.email?.split('@')[1];
  if (domain) candidates.push(`@${normaliseRateKey(domain)}`);
  const matchedKey = candidates.find((k) => table.entries.has(k)) ?? null;
  const matched = matchedKey ? table.entries.get(matchedKey) : undefined;
  const def = table.entries.get('default');
  const sources: Partial<Record<RateField, string>> = {};
  const pick = (field: RateField): number | null => {
    if (matched && matched[field] !== undefined) {
      sources[field] = matchedKey!;
      return matched[field]!;
    }
    if (def && def[field] !== undefined) {
      sources[field] = 'default';
      return def[field]!;
    }
    return null;
  };
  return {
    hourlyCents: pick('hourly_rate'),
    mileageCents: pick('mileage_rate'),
    fixedFeeCents: pick('fixed_service_fee'),
    sources,
    matchedKey,
  };
}

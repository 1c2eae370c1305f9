// Billing rates and invoice lines: every lookup and fallback path exact to the cent, needed
// rates never billed at zero, validation errors that name the key, and the file reloaded on
// change.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildLineItems, formatCents, lineAmountCents } from '../../src/core/billing/line-items.js';
import {
  dollarsToCents,
  resolveRates,
  validateRates,
  type RatesTable,
} from '../../src/core/billing/rates.js';
import { createRatesSource } from '../../src/adapters/billing-rates/rates.loader.js';
import { silentLogger } from '../../src/core/logger.js';

function table(raw: unknown): RatesTable {
  const r = validateRates(raw);
  assert.ok(r.ok, JSON.stringify(r));
  return r.table;
}

const RATES = table({
  default: { hourly_rate: 40, mileage_rate: 0.655, fixed_service_fee: 5 },
  'billing@north.example': { hourly_rate: 61.1 },
  'South Valley Agency': { hourly_rate: 52.35, mileage_rate: 0.7 },
  '@east.example': { mileage_rate: 0.58, fixed_service_fee: 12.5 },
});

function total(
  client: { name: string | null; email: string | null },
  hours: number | null,
  miles: number | null,
): string {
  const r = resolveRates(RATES, client);
  const b = buildLineItems(
    {
      serviceDescription: 'Coaching',
      durationHours: hours,
      statedMileage: miles,
      calculatedMileage: null,
    },
    r,
  );
  assert.deepEqual(b.missingRates, []);
  return formatCents(b.totalCents);
}

void describe('billing', () => {
  void it('converts dollars to cents exactly, with no float drift', () => {
    assert.equal(dollarsToCents(0.1 + 0.2), 30);
    assert.equal(dollarsToCents(61.1), 6110);
    assert.equal(dollarsToCents(0.655), 66); // half a cent rounds up
    assert.equal(dollarsToCents(1.005), 101);
    assert.equal(lineAmountCents(1.5, 4555), 6833); // 68.325 → 68.33
    assert.equal(lineAmountCents(0.1, 1), 0);
    assert.equal(lineAmountCents(3, 3333), 9999);
  });

  void it('looks up by client email (field falls back to default)', () => {
    // 2.5 h × 61.10 + 12 mi × 0.66 (default) + 5.00 (default) = 152.75 + 7.92 + 5.00
    assert.equal(total({ name: 'Anything', email: 'billing@north.example' }, 2.5, 12), '165.67');
  });

  void it('then by client name, case-insensitively', () => {
    // 1.75 h × 52.35 = 91.6125 → 91.61; 20 mi × 0.70 = 14.00; fee 5.00
    assert.equal(
      total({ name: 'south valley agency', email: 'x@elsewhere.example' }, 1.75, 20),
      '110.61',
    );
  });

  void it('then by the sender domain', () => {
    // 3 h × 40.00 (default) + 7.5 mi × 0.58 = 4.35 + fee 12.50
    assert.equal(total({ name: 'East Org', email: 'someone@EAST.example' }, 3, 7.5), '136.85');
  });

  void it('then default for everything', () => {
    // 1 h × 40 + 33.3 mi × 0.66 = 21.978 → 21.98 + 5
    assert.equal(total({ name: null, email: 'a@unknown.example' }, 1, 33.3), '66.98');
  });

  void it('a needed rate that is missing is reported, never billed at zero', () => {
    const t = table({ default: { hourly_rate: 40 } });
    const b = buildLineItems(
      { serviceDescription: null, durationHours: 2, statedMileage: 10, calculatedMileage: null },
      resolveRates(t, { name: null, email: null }),
    );
    assert.deepEqual(b.missingRates, ['mileage_rate']);
    const none = buildLineItems(
      { serviceDescription: null, durationHours: 2, statedMileage: null, calculatedMileage: null },
      resolveRates(table({ default: {} }), { name: null, email: null }),
    );
    assert.deepEqual(none.missingRates, ['hourly_rate']);
    assert.equal(none.lines.length, 0);
  });

  void it('an explicit zero rate is a rate (mileage not reimbursed), not a missing one', () => {
    const t = table({ default: { hourly_rate: 40, mileage_rate: 0 } });
    const b = buildLineItems(
      { serviceDescription: null, durationHours: 1, statedMileage: 10, calculatedMileage: null },
      resolveRates(t, { name: null, email: null }),
    );
    assert.deepEqual(b.missingRates, []);
    assert.equal(b.totalCents, 4000);
  });

  void it('marks a calculated mileage as calculated; a stated one wins', () => {
    const r = resolveRates(RATES, { name: null, email: null });
    const calc = buildLineItems(
      { serviceDescription: null, durationHours: 1, statedMileage: null, calculatedMileage: 14.2 },
      r,
    );
    const line = calc.lines.find((l) => l.kind === 'mileage')!;
    assert.equal(line.calculated, true);
    assert.match(line.description, /calculated/);
    const stated = buildLineItems(
      { serviceDescription: null, durationHours: 1, statedMileage: 3, calculatedMileage: null },
      r,
    );
    assert.equal(stated.lines.find((l) => l.kind === 'mileage')!.quantity, 3);
  });

  void it('validation names the bad key and field', () => {
    const r = validateRates({
      default: { hourly_rate: 'fifty' },
      'a@b.example': { hourly: 3 },
      x: 5,
    });
    assert.equal(r.ok, false);
    const errors = (r as { errors: string[] }).errors.join('\n');
    assert.match(errors, /"default"\.hourly_rate: must be a number/);
    assert.match(errors, /"a@b\.example"\.hourly: unknown field/);
    assert.match(errors, /"x": must be an object/);
  });

  void it('the rates file is reloaded when it changes, and a missing file says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rates-'));
    try {
      const path = join(dir, 'rates.json');
      const source = createRatesSource(path, silentLogger);
      assert.match(source.current().problem!, /does not exist/);
      writeFileSync(path, JSON.stringify({ default: { hourly_rate: 10 } }));
      assert.equal(
        resolveRates(source.current().table!, { name: null, email: null }).hourlyCents,
        1000,
      );
      writeFileSync(path, JSON.stringify({ default: { hourly_rate: 12.5, mileage_rate: 1 } }));
      assert.equal(
        resolveRates(source.current().table!, { name: null, email: null }).hourlyCents,
        1250,
      );
      writeFileSync(path, '{ not json');
      assert.match(source.current().problem!, /not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

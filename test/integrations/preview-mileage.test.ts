// Unconfigured integrations and DRY_RUN show the exact request they would send (token
// redacted); a missing rates file sends the authorization to review while still previewing;
// calculated mileage by geocoding + routing or great-circle, cached, labelled "(calculated)".
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakes, type Fakes } from '../support/fakes/index.js';
import { createHarness, fields, outcomeOf, type Harness } from './action-driver.js';
import { greatCircleMiles } from '../../src/core/planning/distance.js';

let fakes: Fakes;
let h: Harness | undefined;
const BASE = '100 Main St, Springfield, IL';
const SITE = '2500 Oak Ave, Decatur, IL';
before(async () => {
  fakes = await startFakes();
  fakes.geocoder.addPlace(BASE, { lat: 39.8017, lon: -89.6436 });
  fakes.geocoder.addPlace(SITE, { lat: 39.8403, lon: -88.9548 });
});
after(async () => {
  h?.close();
  await fakes.stop();
});
beforeEach(() => {
  h?.close();
  h = undefined;
  fakes.invoiceNinja.invoices.length = 0;
  fakes.invoiceNinja.clients.length = 0;
  fakes.webhook.deliveries.length = 0;
  fakes.geocoder.requests.length = 0;
});

void describe('preview', () => {
  void it('with nothing configured every action is skipped and records the request it would send', async () => {
    h = createHarness({ env: {} });
    const plan = await h.process({ fields: fields({ hours: 2 }) });
    assert.equal(plan.status, 'queued');
    for (const o of h.outcomes.values()) assert.equal(o.status, 'skipped', o.type);
    const inv = outcomeOf(h, 'invoiceninja.create_invoice')!.request as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: Record<string, unknown>;
    };
    assert.equal(inv.method, 'POST');
    assert.match(inv.url, /\/api\/v1\/invoices$/);
    assert.equal(inv.headers['X-Requested-With'], 'XMLHttpRequest');
    assert.equal(inv.body.po_number, 'AUTH-1001');
    assert.deepEqual(
      (inv.body.line_items as { cost: number; quantity: number }[]).map((l) => [
        l.cost,
        l.quantity,
      ]),
      [[50, 2]],
    );
    const ev = outcomeOf(h, 'calendar.create_event')!.request as { body: { start: unknown } };
    assert.deepEqual(ev.body.start, {
      dateTime: '2099-03-02T09:00:00',
      timeZone: 'America/Chicago',
    });
    assert.ok(outcomeOf(h, 'webhook.notify')!.request);
  });

  void it('DRY_RUN=true sends nothing even with everything configured, and never shows a token', async () => {
    h = createHarness({ env: { ...fakes.env, DRY_RUN: 'true' } });
    const before =
      fakes.invoiceNinja.requests.length +
      fakes.google.requests.length +
      fakes.webhook.requests.length;
    await h.process({ fields: fields({}) });
    assert.equal(
      fakes.invoiceNinja.requests.length +
        fakes.google.requests.length +
        fakes.webhook.requests.length,
      before,
    );
    const all = JSON.stringify([...h.outcomes.values()].map((o) => o.request));
    assert.ok(!all.includes(fakes.invoiceNinja.token));
    assert.ok(all.includes('[redacted]'));
    for (const o of h.outcomes.values()) assert.match(o.lastError ?? '', /DRY_RUN/);
  });

  void it('a missing rates file sends the authorization to review; unconfigured InvoiceNinja still previews the invoice', async () => {
    h = createHarness({
      env: { NOTIFICATION_WEBHOOK_URL: fakes.env.NOTIFICATION_WEBHOOK_URL! },
      rates: null,
    });
    const plan = await h.process({ fields: fields({}) });
    assert.equal(plan.status, 'needs_review');
    assert.match(plan.reviewReasons.join(' '), /billing rates file .* does not exist/);
    assert.equal(outcomeOf(h, 'invoiceninja.create_invoice')!.status, 'skipped');
    assert.equal(fakes.webhook.deliveries.at(-1)!.json.type, 'authorization.review_needed');
  });

  void it('with InvoiceNinja configured, missing rates never reach it: review only', async () => {
    h = createHarness({ env: fakes.env, rates: { default: { mileage_rate: 1 } } });
    const plan = await h.process({ fields: fields({ hours: 2 }) });
    assert.equal(plan.status, 'needs_review');
    assert.match(plan.reviewReasons.join(' '), /hourly_rate/);
    assert.equal(plan.actions.length, 1);
    assert.equal(fakes.invoiceNinja.invoices.length, 0);
  });
});

void describe('calculated mileage', () => {
  void it('geocodes both ends, routes by road, doubles for the round trip and labels it calculated', async () => {
    h = createHarness({ env: { ...fakes.env, BASE_ADDRESS: BASE } });
    const plan = await h.process({ fields: fields({ location: SITE }) });
    const oneWay =
      greatCircleMiles({ lat: 39.8017, lon: -89.6436 }, { lat: 39.8403, lon: -88.9548 }) *
      fakes.routing.factor;
    assert.ok(plan.calculatedMileage !== null);
    assert.ok(Math.abs(plan.calculatedMileage - Math.round(oneWay * 2 * 10) / 10) <= 0.1);
    const inv = fakes.invoiceNinja.liveInvoices()[0]!;
    const mileageLine = inv.line_items.find((l) => l.product_key === 'Mileage')!;
    assert.equal(mileageLine.quantity, plan.calculatedMileage);
    assert.match(mileageLine.notes, /calculated/);
    assert.match(inv.public_notes, /Mileage: .* mi \(calculated\)/);
    assert.ok(
      fakes.geocoder.requests.every((r) =>
        String(r.headers['user-agent']).includes('authorization-assistant'),
      ),
    );
    // Both addresses are cached: planning again asks the geocoder nothing.
    const asked = fakes.geocoder.requests.length;
    await h.planner.plan({
      authorization: {
        id: 50,
        authKey: 'k#2',
        generation: 1,
        kind: 'new',
        fields: fields({ id: 'M-2', location: SITE }),
        calculatedMileage: null,
        timeZone: 'America/Chicago',
        messageId: 50,
        subject: null,
      },
      history: [],
      approvedByUser: false,
    });
    assert.equal(fakes.geocoder.requests.length, asked);
  });

  void it('without a router: great-circle × MILEAGE_ROAD_FACTOR, one way when MILEAGE_ROUND_TRIP=false', async () => {
    const env = {
      ...fakes.env,
      BASE_ADDRESS: BASE,
      ROUTING_API_URL: '',
      MILEAGE_ROAD_FACTOR: '1.5',
      MILEAGE_ROUND_TRIP: 'false',
    };
    h = createHarness({ env });
    const plan = await h.process({ fields: fields({ location: SITE }) });
    const expected =
      Math.round(
        greatCircleMiles({ lat: 39.8017, lon: -89.6436 }, { lat: 39.8403, lon: -88.9548 }) *
          1.5 *
          10,
      ) / 10;
    assert.equal(plan.calculatedMileage, expected);
  });

  void it('stated mileage wins; an unknown address is a cached miss and bills no mileage', async () => {
    h = createHarness({ env: { ...fakes.env, BASE_ADDRESS: BASE } });
    const stated = await h.process({ fields: fields({ id: 'M-3', location: SITE, mileage: 4 }) });
    assert.equal(stated.calculatedMileage, null);
    const unknown = await h.process({ fields: fields({ id: 'M-4', location: '1 Nowhere Rd' }) });
    assert.equal(unknown.calculatedMileage, null);
    const asked = fakes.geocoder.requests.length;
    await h.process({ fields: fields({ id: 'M-5', location: '1 nowhere rd' }) });
    assert.equal(fakes.geocoder.requests.length, asked, 'the miss was cached');
  });
});

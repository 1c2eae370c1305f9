// The planning rules, pure: deterministic keys, which actions each kind gets, review reasons.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorizationView, PlanInput } from '../../src/core/actions.js';
import { validateRates } from '../../src/core/billing/rates.js';
import { planActions, type PlanningContext } from '../../src/core/planning/plan-actions.js';
import { calendarEventId, invoiceNumber } from '../../src/core/planning/keys.js';
import { fields } from './action-driver.js';

const rates = validateRates({ default: { hourly_rate: 50, mileage_rate: 0.5 } });
assert.ok(rates.ok);
const ctx: PlanningContext = {
  nowMs: Date.parse('2026-11-25T12:00:00Z'),
  rates: rates.table,
  ratesProblem: null,
  calculatedMileage: null,
  defaultDurationHours: 1,
  markSent: false,
  invoicePreview: false,
};

function view(over: Partial<AuthorizationView> = {}): AuthorizationView {
  return {
    id: 7,
    authKey: '@agency.example#PO-77',
    generation: 1,
    kind: 'new',
    fields: fields({ id: 'PO-77', date: '2026-12-01' }),
    calculatedMileage: null,
    timeZone: 'America/Chicago',
    messageId: 7,
    subject: null,
    ...over,
  };
}
const input = (v: AuthorizationView, history: PlanInput['history'] = []): PlanInput => ({
  authorization: v,
  history,
  approvedByUser: false,
});

void describe('planning', () => {
  void it('plans client → invoice → event → webhook with deterministic keys', () => {
    const a = planActions(input(view()), ctx);
    const b = planActions(input(view()), ctx);
    assert.deepEqual(a, b);
    assert.deepEqual(
      a.actions.map((x) => x.type),
      [
        'invoiceninja.ensure_client',
        'invoiceninja.create_invoice',
        'calendar.create_event',
        'webhook.notify',
      ],
    );
    assert.equal(
      a.actions[1]!.idempotencyKey,
      'invoiceninja.create_invoice|@agency.example#PO-77|g1|a7',
    );
    assert.deepEqual(
      a.actions[3]!.dependsOn,
      a.actions.slice(0, 3).map((x) => x.idempotencyKey),
    );
    assert.equal(a.actions[1]!.payload.totalCents, 10000);
  });

  void it('event ids and invoice numbers depend on the identity only, and change with the generation', () => {
    const g1 = { authKey: '@agency.example#PO-77', generation: 1 };
    const g2 = { ...g1, generation: 2 };
    assert.match(calendarEventId(g1), /^[a-v0-9]{5,1024}$/);
    assert.notEqual(calendarEventId(g1), calendarEventId(g2));
    assert.notEqual(invoiceNumber(g1), invoiceNumber(g2));
    assert.match(invoiceNumber(g1), /^PO-77-[A-Z0-9]{6}$/);
    assert.notEqual(
      invoiceNumber(g1),
      invoiceNumber({ authKey: '@other.example#PO-77', generation: 1 }),
    );
  });

  void it('a past service gets no event; missing invoice fields go to review with a webhook only', () => {
    const past = planActions(
      input(view({ fields: fields({ id: 'PO-77', date: '2026-11-01' }) })),
      ctx,
    );
    assert.ok(!past.actions.some((x) => x.type === 'calendar.create_event'));
    const missing = planActions(input(view({ fields: fields({ id: 'PO-77', date: null }) })), ctx);
    assert.equal(missing.status, 'needs_review');
    assert.deepEqual(missing.reviewReasons, ['missing service.date']);
    assert.deepEqual(
      missing.actions.map((x) => [x.type, x.payload.event]),
      [['webhook.notify', 'review_needed']],
    );
  });

  void it('an amendment merges the latest fields and updates; a cancellation cancels and deletes', () => {
    const original = { ...view(), status: 'done' };
    const amend = planActions(
      input(
        view({
          id: 8,
          kind: 'amendment',
          fields: {
            ...fields({ id: 'PO-77', recipient: null, clientName: null, date: null, hours: 4 }),
          },
        }),
        [original],
      ),
      ctx,
    );
    assert.equal(amend.status, 'queued');
    const upd = amend.actions.find((x) => x.type === 'invoiceninja.update_invoice')!;
    assert.equal(upd.payload.date, '2026-12-01');
    assert.equal(upd.payload.totalCents, 20000);
    assert.equal(
      upd.payload.number,
      invoiceNumber({ authKey: '@agency.example#PO-77', generation: 1 }),
    );
    assert.equal(
      amend.actions.find((x) => x.type === 'calendar.update_event')!.payload.createIfMissing,
      true,
    );
    const cancel = planActions(input(view({ id: 9, kind: 'cancellation' }), [original]), ctx);
    assert.deepEqual(
      cancel.actions.map((x) => x.type),
      ['invoiceninja.cancel_invoice', 'calendar.delete_event', 'webhook.notify'],
    );
  });

  void it('actions on one invoice and event wait for the earlier emails about it, in arrival order', () => {
    const original = { ...view(), status: 'in_progress' };
    const earlierKeys = (types: string[]) => types.map((t) => `${t}|@agency.example#PO-77|g1|a7`);
    const amend = planActions(
      input(view({ id: 8, kind: 'amendment', fields: fields({ id: 'PO-77', hours: 3 }) }), [
        original,
      ]),
      ctx,
    );
    const dependsOn = (plan: typeof amend, type: string) =>
      plan.actions.find((x) => x.type === type)!.dependsOn;
    const invoiceTypes = [
      'invoiceninja.create_invoice',
      'invoiceninja.update_invoice',
      'invoiceninja.cancel_invoice',
    ];
    const eventTypes = ['calendar.create_event', 'calendar.update_event', 'calendar.delete_event'];
    for (const k of earlierKeys(invoiceTypes))
      assert.ok(dependsOn(amend, 'invoiceninja.update_invoice').includes(k), k);
    for (const k of earlierKeys(eventTypes))
      assert.ok(dependsOn(amend, 'calendar.update_event').includes(k), k);

    const cancel = planActions(input(view({ id: 9, kind: 'cancellation' }), [original]), ctx);
    assert.deepEqual(dependsOn(cancel, 'invoiceninja.cancel_invoice'), earlierKeys(invoiceTypes));
    assert.deepEqual(dependsOn(cancel, 'calendar.delete_event'), earlierKeys(eventTypes));
    // The webhook reports this email's own actions only.
    assert.deepEqual(
      dependsOn(cancel, 'webhook.notify'),
      cancel.actions.filter((x) => x.type !== 'webhook.notify').map((x) => x.idempotencyKey),
    );
    // Another generation (a re-issue after a cancellation) is another invoice: no waiting.
    const reissue = planActions(input(view({ id: 10, generation: 2 }), [original]), ctx);
    assert.deepEqual(dependsOn(reissue, 'invoiceninja.create_invoice'), [
      reissue.actions[0]!.idempotencyKey,
    ]);
  });

  void it('an amendment after a cancellation goes to review, even when a person approves it as an amendment', () => {
    const original = { ...view(), status: 'done' };
    const cancellation = { ...view({ id: 8, kind: 'cancellation' }), status: 'done' };
    for (const approvedByUser of [false, true]) {
      const plan = planActions(
        {
          authorization: view({ id: 9, kind: 'amendment', fields: fields({ id: 'PO-77' }) }),
          history: [original, cancellation],
          approvedByUser,
        },
        ctx,
      );
      assert.equal(plan.status, 'needs_review');
      assert.match(plan.reviewReasons.join(), /PO-77, which an earlier email cancelled/);
      assert.deepEqual(
        plan.actions.map((x) => x.type),
        ['webhook.notify'],
      );
    }
    // A rejected cancellation does not count.
    const plan = planActions(
      input(view({ id: 9, kind: 'amendment' }), [
        original,
        { ...cancellation, status: 'rejected' },
      ]),
      ctx,
    );
    assert.equal(plan.status, 'queued');
  });

  void it("extraction's review notes hold a complete plan for a person, until the person approves it", () => {
    const note = 'a PDF attachment could not be read (encrypted)';
    const held = planActions({ ...input(view()), reviewNotes: [note] }, ctx);
    assert.equal(held.status, 'needs_review');
    assert.deepEqual(held.reviewReasons, [note]);
    assert.deepEqual(
      held.actions.map((x) => [x.type, x.payload.event]),
      [['webhook.notify', 'review_needed']],
    );
    const approved = planActions(
      { ...input(view()), reviewNotes: [note], approvedByUser: true },
      ctx,
    );
    assert.equal(approved.status, 'queued');
  });
});

// One client per agency, one invoice per authorization, one event per future service and one
// webhook per outcome — against the vendor fakes, under every injected fault.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakes, type Fakes, type FaultKind, type Matcher } from '../support/fakes/index.js';
import { createHarness, fields, outcomeOf, type Harness } from './action-driver.js';

let fakes: Fakes;
let h: Harness;

before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.stop();
});
beforeEach(() => {
  fakes.invoiceNinja.clients.length = 0;
  fakes.invoiceNinja.invoices.length = 0;
  fakes.google.calendars.get('primary')!.clear();
  fakes.webhook.deliveries.length = 0;
  for (const f of [fakes.invoiceNinja, fakes.google, fakes.webhook]) f.clearFaults();
});

function fresh(): Harness {
  h?.close();
  h = createHarness({ env: fakes.env });
  return h;
}

after(() => h?.close());

const FAULTS: FaultKind[] = [
  500,
  429,
  '429-retry-after',
  'timeout',
  'drop-before',
  'drop-after-commit',
  'hang-after-commit',
];
const post =
  (path: RegExp): Matcher =>
  (r) =>
    r.method === 'POST' && path.test(r.path);
const TARGETS: [string, () => { failNext(n: number, k: FaultKind, m?: Matcher): void }, Matcher][] =
  [
    ['InvoiceNinja client create', () => fakes.invoiceNinja, post(/\/clients$/)],
    ['InvoiceNinja invoice create', () => fakes.invoiceNinja, post(/\/invoices$/)],
    [
      'InvoiceNinja client lookup',
      () => fakes.invoiceNinja,
      (r) => r.method === 'GET' && r.path.endsWith('/clients'),
    ],
    ['Google token', () => fakes.google, post(/\/token$/)],
    ['Google event insert', () => fakes.google, post(/\/events$/)],
    ['webhook', () => fakes.webhook, post(/\/hook$/)],
  ];

void describe('exactly once', () => {
  void it('a new future authorization makes one client, one draft invoice, one event, one webhook', async () => {
    fresh();
    const plan = await h.process({ fields: fields({ hours: 2, mileage: 10 }) });
    assert.equal(plan.status, 'queued');
    const [client] = fakes.invoiceNinja.liveClients();
    assert.equal(fakes.invoiceNinja.liveClients().length, 1);
    assert.equal(client!.name, 'River County Services');
    assert.equal(client!.contacts[0]!.email, 'auth@river-county.example');
    const invoices = fakes.invoiceNinja.liveInvoices();
    assert.equal(invoices.length, 1);
    const inv = invoices[0]!;
    assert.equal(inv.po_number, 'AUTH-1001');
    assert.equal(inv.date, '2099-03-02');
    assert.equal(inv.status_id, '1');
    assert.equal(inv.client_id, client!.id);
    assert.equal(inv.amount, 106.7); // 2 h × 50.00 + 10 mi × 0.67
    assert.match(inv.public_notes, /Person served: Sam Rivera/);
    const events = fakes.google.events();
    assert.equal(events.length, 1);
    assert.match(events[0]!.id, /^[a-v0-9]{5,1024}$/);
    assert.deepEqual(events[0]!.start, {
      dateTime: '2099-03-02T09:00:00',
      timeZone: 'America/Chicago',
    });
    assert.deepEqual(events[0]!.end, {
      dateTime: '2099-03-02T11:00:00',
      timeZone: 'America/Chicago',
    });
    assert.match(
      String(events[0]!.description),
      new RegExp(`Invoice: ${inv.number} .*#/invoices/${inv.id}/edit`),
    );
    assert.equal(fakes.webhook.deliveries.length, 1);
    assert.equal(fakes.webhook.deliveries[0]!.json.type, 'authorization.processed');
    assert.equal(fakes.webhook.deliveries[0]!.json.success, true);
  });

  for (const [name, target, match] of TARGETS) {
    for (const kind of FAULTS) {
      void it(`no duplicates when ${name} fails with ${String(kind)} (twice)`, async () => {
        fresh();
        target().failNext(2, kind, match);
        await h.process({ fields: fields({}) });
        assert.equal(fakes.invoiceNinja.liveClients().length, 1, 'clients');
        assert.equal(fakes.invoiceNinja.liveInvoices().length, 1, 'invoices');
        assert.equal(fakes.google.events().length, 1, 'events');
        const hooks = fakes.webhook.uniqueDeliveries();
        assert.equal(hooks.length, 1, 'distinct webhooks');
        assert.equal(hooks[0]!.json.type, 'authorization.processed');
        for (const o of h.outcomes.values())
          assert.equal(o.status, 'done', `${o.type}: ${o.lastError}`);
        assert.ok(
          [fakes.invoiceNinja, fakes.google, fakes.webhook].some((f) =>
            f.injected.some((i) => i.kind === kind),
          ),
          'the fault was injected',
        );
      });
    }
  }

  void it('the same authorization arriving twice (a resent email) still makes one invoice and one event', async () => {
    fresh();
    await h.process({ fields: fields({}) });
    fakes.invoiceNinja.failNext(1, 'drop-after-commit', post(/\/invoices$/));
    await h.process({ fields: fields({}) });
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 1);
    assert.equal(fakes.google.events().length, 1);
    assert.equal(fakes.invoiceNinja.liveClients().length, 1);
  });

  void it('two authorizations from one agency share one client; each gets its own invoice', async () => {
    fresh();
    await h.process({ fields: fields({ id: 'A-1' }) });
    await h.process({
      fields: fields({ id: 'A-2', clientEmail: 'other.person@river-county.example' }),
    });
    assert.equal(fakes.invoiceNinja.liveClients().length, 1);
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 2);
  });

  void it('finds an existing client by exact name when the email differs, and never a substring match', async () => {
    fresh();
    fakes.invoiceNinja.clients.push(
      {
        id: 'preExisting1',
        name: 'River County Services West',
        id_number: '',
        number: '9',
        contacts: [],
        archived_at: 0,
        is_deleted: false,
      },
      {
        id: 'preExisting2',
        name: 'River County Services',
        id_number: '',
        number: '10',
        contacts: [],
        archived_at: 0,
        is_deleted: false,
      },
    );
    await h.process({ fields: fields({ clientEmail: null }) });
    assert.equal(fakes.invoiceNinja.clients.length, 2);
    assert.equal(fakes.invoiceNinja.liveInvoices()[0]!.client_id, 'preExisting2');
  });

  void it('only a future service gets a calendar event', async () => {
    fresh();
    await h.process({ fields: fields({ id: 'PAST-1', date: '2020-01-06' }) });
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 1);
    assert.equal(fakes.google.events().length, 0);
    assert.equal(fakes.webhook.deliveries.length, 1);
  });

  void it('an amendment updates the draft invoice and patches the event', async () => {
    fresh();
    await h.process({ fields: fields({ hours: 2 }) });
    const amended = fields({
      hours: 3,
      date: '2099-03-03',
      recipient: null,
      clientName: null,
      description: null,
      start: null,
    });
    amended.service.startTime = null;
    await h.process({ kind: 'amendment', fields: amended });
    const [inv] = fakes.invoiceNinja.liveInvoices();
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 1);
    assert.equal(inv!.amount, 150);
    assert.equal(inv!.date, '2099-03-03');
    assert.match(inv!.public_notes, /Sam Rivera/); // merged from the original
    const [ev] = fakes.google.events();
    assert.equal(fakes.google.events().length, 1);
    assert.equal((ev!.start as { dateTime: string }).dateTime, '2099-03-03T09:00:00');
    assert.equal(fakes.webhook.deliveries.at(-1)!.json.type, 'authorization.amended');
  });

  void it('an amendment of a sent invoice leaves it, records why and notifies a failure', async () => {
    h?.close();
    h = createHarness({ env: { ...fakes.env, INVOICE_MARK_SENT: 'true' } });
    await h.process({ fields: fields({ hours: 2 }) });
    assert.equal(fakes.invoiceNinja.liveInvoices()[0]!.status_id, '2');
    await h.process({ kind: 'amendment', fields: fields({ hours: 5 }) });
    assert.equal(fakes.invoiceNinja.liveInvoices()[0]!.amount, 100);
    const upd = outcomeOf(h, 'invoiceninja.update_invoice');
    assert.equal(upd!.status, 'failed');
    assert.match(upd!.lastError!, /already sent/);
    const last = fakes.webhook.deliveries.at(-1)!.json;
    assert.equal(last.type, 'authorization.failed');
    assert.equal(last.success, false);
    assert.match(String(last.message), /already sent/);
  });

  void it('a cancellation deletes a draft invoice and the event; repeating it changes nothing', async () => {
    fresh();
    await h.process({ fields: fields({}) });
    const number = fakes.invoiceNinja.invoices[0]!.number;
    fakes.invoiceNinja.failNext(1, 'drop-after-commit', post(/\/bulk$/));
    fakes.google.failNext(1, 'drop-after-commit', (r) => r.method === 'DELETE');
    const cancel = fields({ hours: null, start: null, date: null });
    await h.process({ kind: 'cancellation', fields: cancel });
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 0);
    assert.equal(fakes.invoiceNinja.invoices[0]!.number, `${number}_Deleted`);
    assert.equal(fakes.google.events().length, 0);
    await h.process({ kind: 'cancellation', fields: cancel });
    for (const o of h.outcomes.values())
      assert.notEqual(o.status, 'failed', `${o.type}: ${o.lastError}`);
    assert.equal(fakes.webhook.deliveries.at(-1)!.json.type, 'authorization.cancelled');
  });

  void it('a cancellation cancels a sent invoice (bulk cancel), and a re-issue gets a new invoice and event id', async () => {
    h?.close();
    h = createHarness({ env: { ...fakes.env, INVOICE_MARK_SENT: 'true' } });
    await h.process({ fields: fields({}) });
    const firstEvent = fakes.google.events()[0]!.id;
    await h.process({ kind: 'cancellation', fields: fields({ hours: null }) });
    assert.equal(fakes.invoiceNinja.invoices[0]!.status_id, '5');
    await h.process({ generation: 2, fields: fields({}) });
    assert.equal(fakes.invoiceNinja.invoices.length, 2);
    assert.notEqual(fakes.invoiceNinja.invoices[1]!.number, fakes.invoiceNinja.invoices[0]!.number);
    const live = fakes.google.events();
    assert.equal(live.length, 1);
    assert.notEqual(live[0]!.id, firstEvent);
  });

  void it('an amendment or cancellation for an unknown original goes to review with a webhook', async () => {
    fresh();
    const plan = await h.process({ kind: 'amendment', fields: fields({ id: 'NEVER-SEEN' }) });
    assert.equal(plan.status, 'needs_review');
    assert.equal(fakes.invoiceNinja.invoices.length, 0);
    assert.equal(fakes.webhook.deliveries.at(-1)!.json.type, 'authorization.review_needed');
  });

  void it('under random faults everywhere, a batch still ends with exactly one of everything', async () => {
    fresh();
    const kinds: FaultKind[] = [500, 429, 'drop-before', 'drop-after-commit'];
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const f of [fakes.invoiceNinja, fakes.google, fakes.webhook])
      f.failWithProbability(0.3, kinds, undefined, random);
    for (let i = 1; i <= 6; i++) {
      await h.process(
        {
          fields: fields({
            id: `SOAK-${i}`,
            clientEmail: i % 2 ? 'a@agency-one.example' : 'b@agency-two.example',
            clientName: i % 2 ? 'Agency One' : 'Agency Two',
          }),
        },
        { maxAttempts: 40 },
      );
    }
    for (const f of [fakes.invoiceNinja, fakes.google, fakes.webhook]) f.clearFaults();
    assert.equal(fakes.invoiceNinja.liveClients().length, 2);
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 6);
    assert.equal(new Set(fakes.invoiceNinja.liveInvoices().map((i) => i.po_number)).size, 6);
    assert.equal(fakes.google.events().length, 6);
    assert.equal(fakes.webhook.uniqueDeliveries().length, 6);
  });
});

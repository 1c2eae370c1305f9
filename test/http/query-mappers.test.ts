// Links into InvoiceNinja and Google Calendar from what the action handlers recorded, and the
// per-field view (value, extracted, source, corrected).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { actionLinks, fieldRows, type ActionRow } from '../../src/adapters/sqlite/query.mappers.js';

const row = (type: string, status: string, result: unknown): ActionRow => ({
  id: 1,
  authorization_id: 1,
  type,
  status,
  attempts: 1,
  next_attempt_at: null,
  last_error: null,
  last_error_code: null,
  request_json: null,
  result_json: JSON.stringify(result),
  created_at: 't',
  updated_at: 't',
  finished_at: null,
});

void it('builds InvoiceNinja links from the base URL and keeps a cancelled invoice openable', () => {
  const links = actionLinks(
    [
      row('invoiceninja.ensure_client', 'done', { clientId: 'c/1' }),
      row('invoiceninja.create_invoice', 'done', { invoiceId: 'i1' }),
      row('invoiceninja.cancel_invoice', 'done', { invoiceId: 'i1', status: 'cancelled' }),
    ],
    'http://in.example.test/',
  );
  assert.equal(links.invoiceUrl, 'http://in.example.test/#/invoices/i1/edit');
  assert.equal(links.clientUrl, 'http://in.example.test/#/clients/c%2F1');
});

void it('ignores unfinished actions, non-web calendar links, and forgets a deleted event', () => {
  const pending = actionLinks(
    [row('invoiceninja.create_invoice', 'failed', { invoiceId: 'x' })],
    'http://in.test',
  );
  assert.equal(pending.invoiceUrl, null);
  const hostile = actionLinks(
    [row('calendar.create_event', 'done', { eventId: 'e', htmlLink: 'javascript:alert(1)' })],
    '',
  );
  assert.equal(hostile.calendarEventId, 'e');
  assert.equal(hostile.calendarEventUrl, null);
  const deleted = actionLinks(
    [
      row('calendar.create_event', 'done', {
        eventId: 'e',
        htmlLink: 'https://calendar.google.com/e',
      }),
      row('calendar.delete_event', 'done', { eventId: 'e', deleted: true }),
    ],
    '',
  );
  assert.equal(deleted.calendarEventUrl, null);
  assert.equal(
    actionLinks([row('invoiceninja.create_invoice', 'done', { invoiceId: 'i' })], '').invoiceUrl,
    null,
  );
});

void it('lists every field with its value, extracted value, source and whether it was corrected', () => {
  const fields = { authorizationId: 'A1', service: { date: '2026-12-02' }, mileage: 4 };
  const extracted = {
    authorizationId: 'A1',
    service: { date: '2026-12-01' },
    mileage: null,
    sources: { 'service.date': 'pdf', authorizationId: 'label:Auth #' },
  };
  const rows = Object.fromEntries(fieldRows(fields, extracted).map((r) => [r.path, r]));
  assert.deepEqual(rows['service.date'], {
    path: 'service.date',
    value: '2026-12-02',
    extracted: '2026-12-01',
    source: 'pdf',
    corrected: true,
  });
  assert.equal(rows.authorizationId?.corrected, false);
  assert.equal(rows.authorizationId?.source, 'label:Auth #');
  assert.equal(rows['client.name']?.value, null);
  assert.equal(fieldRows(fields, null).length, 11);
});

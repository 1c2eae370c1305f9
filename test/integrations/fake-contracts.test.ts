// The fakes are only worth something if they reject what the real services reject: these
// hold them to ../shared/contracts/README.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakes, type Fakes } from '../support/fakes/index.js';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.stop();
});

const IN_HEADERS = (token: string) => ({
  'X-API-TOKEN': token,
  'X-Requested-With': 'XMLHttpRequest',
  Accept: 'application/json',
  'Content-Type': 'application/json',
});
async function inCall(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const res = await fetch(`${fakes.invoiceNinja.baseUrl}/api/v1/${path}`, {
    method,
    headers: headers ?? IN_HEADERS(fakes.invoiceNinja.token),
    redirect: 'manual',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    headers: res.headers,
  };
}

void describe('InvoiceNinja fake', () => {
  void it('403 with the exact body for a bad token; 302 on a validation failure without AJAX headers', async () => {
    const bad = await inCall('GET', 'clients', undefined, IN_HEADERS('nope'));
    assert.equal(bad.status, 403);
    assert.deepEqual(bad.json, { message: 'Invalid token', errors: {} });
    const noAjax = await fetch(`${fakes.invoiceNinja.baseUrl}/api/v1/invoices`, {
      method: 'POST',
      headers: { 'X-API-TOKEN': fakes.invoiceNinja.token, 'Content-Type': 'application/json' },
      body: '{}',
      redirect: 'manual',
    });
    assert.equal(noAjax.status, 302);
    const ajax = await inCall('POST', 'invoices', {});
    assert.equal(ajax.status, 422);
    assert.deepEqual(Object.keys(ajax.json!.errors as object), ['client_id']);
  });

  void it('{data} envelopes, 200 on create, hashids, status=active, per_page 20', async () => {
    const created = await inCall('POST', 'clients', { name: 'Envelope Co' });
    assert.equal(created.status, 200);
    const client = created.json!.data as { id: string };
    assert.match(client.id, /^[A-Za-z0-9]{10,}$/);
    for (let i = 0; i < 22; i++) await inCall('POST', 'clients', { name: `Filler ${i}` });
    const list = await inCall('GET', 'clients');
    assert.equal((list.json!.data as unknown[]).length, 20);
    assert.equal((list.json!.meta as { pagination: { per_page: number } }).pagination.per_page, 20);
    const inv = (await inCall('POST', 'invoices', { client_id: client.id, number: 'N-1' })).json!
      .data as { id: string };
    await inCall('POST', 'invoices/bulk', { action: 'archive', ids: [inv.id] });
    const active = await inCall('GET', 'invoices?number=N-1&status=active');
    assert.equal((active.json!.data as unknown[]).length, 0);
    const all = await inCall('GET', 'invoices?number=N-1');
    assert.equal(
      (all.json!.data as unknown[]).length,
      1,
      'archived rows are listed without status=active',
    );
    const dup = await inCall('POST', 'invoices', { client_id: client.id, number: 'N-1' });
    assert.equal(dup.status, 422, 'number unique, archived included');
    assert.deepEqual(dup.json!.errors, { number: ['The number has already been taken.'] });
    assert.equal((await inCall('GET', 'invoices/notAnId1234')).status, 400);
  });

  void it('bulk: cancel is a no-op on drafts, delete renames the number, the same bulk within 1 s → 400', async () => {
    const client = (await inCall('POST', 'clients', { name: 'Bulk Co' })).json!.data as {
      id: string;
    };
    const inv = (await inCall('POST', 'invoices', { client_id: client.id, number: 'B-1' })).json!
      .data as { id: string };
    await inCall('POST', 'invoices/bulk', { action: 'cancel', ids: [inv.id] });
    assert.equal(
      ((await inCall('GET', `invoices/${inv.id}`)).json!.data as { status_id: string }).status_id,
      '1',
    );
    const del = await inCall('POST', 'invoices/bulk', { action: 'delete', ids: [inv.id] });
    assert.equal(del.status, 200);
    const again = await inCall('POST', 'invoices/bulk', { action: 'delete', ids: [inv.id] });
    assert.equal(again.status, 400);
    assert.deepEqual(again.json, { message: 'Duplicate request' });
    assert.equal(
      ((await inCall('GET', `invoices/${inv.id}`)).json!.data as { number: string }).number,
      'B-1_Deleted',
    );
  });
});

void describe('Google fake', () => {
  async function token(): Promise<string> {
    const res = await fetch(fakes.env.GOOGLE_OAUTH_TOKEN_URL!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: fakes.google.clientId,
        client_secret: fakes.google.clientSecret,
        refresh_token: fakes.google.refreshToken,
        grant_type: 'refresh_token',
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }
  async function gCall(method: string, path: string, body?: unknown) {
    const res = await fetch(
      `${fakes.env.GOOGLE_CALENDAR_API_URL}/calendars/primary/events${path}`,
      {
        method,
        headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
    );
    const text = await res.text();
    return {
      status: res.status,
      json: text
        ? (JSON.parse(text) as { error?: { errors: { reason: string }[] } } & Record<
            string,
            unknown
          >)
        : null,
    };
  }
  const ev = (id: string) => ({ id, start: { date: '2099-01-01' }, end: { date: '2099-01-02' } });

  void it('id regex, 409 even after delete, 410 on a second delete, long property keys dropped', async () => {
    assert.equal((await gCall('POST', '', ev('UPPERCASE1'))).status, 400);
    assert.equal((await gCall('POST', '', ev('abcw1'))).status, 400);
    const ok = await gCall('POST', '', {
      ...ev('abcde12345'),
      extendedProperties: { private: { short: 'a', ['k'.repeat(45)]: 'b' } },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual((ok.json!.extendedProperties as { private: object }).private, { short: 'a' });
    const dup = await gCall('POST', '', ev('abcde12345'));
    assert.equal(dup.status, 409);
    assert.equal(dup.json!.error!.errors[0]!.reason, 'duplicate');
    assert.equal((await gCall('DELETE', '/abcde12345')).status, 204);
    assert.equal((await gCall('DELETE', '/abcde12345')).status, 410);
    assert.equal(
      (await gCall('POST', '', ev('abcde12345'))).status,
      409,
      'a deleted id stays taken',
    );
    assert.equal((await gCall('GET', '/zzzzz')).status, 404);
  });

  void it('invalid_grant for an unknown refresh token; 401 authError for a bad access token', async () => {
    const res = await fetch(fakes.env.GOOGLE_OAUTH_TOKEN_URL!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: fakes.google.clientId,
        client_secret: fakes.google.clientSecret,
        refresh_token: 'x',
        grant_type: 'refresh_token',
      }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
    const bad = await fetch(`${fakes.env.GOOGLE_CALENDAR_API_URL}/calendars/primary/events`, {
      headers: { authorization: 'Bearer nope' },
    });
    assert.equal(bad.status, 401);
    assert.equal(
      ((await bad.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason,
      'authError',
    );
  });
});

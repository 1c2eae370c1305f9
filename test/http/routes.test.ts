// Every API route through Fastify's inject against a real SQLite file: happy paths, filters,
// pagination, not-found and validation errors, and that commands reach the ControlService.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeHarness, seed, type Harness } from './support/fixtures.js';

// Response bodies are read loosely here; their shapes are pinned by the route schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

let h: Harness;
let ids: ReturnType<typeof seed>;
before(async () => {
  h = await makeHarness();
  ids = seed(h.db);
});
after(async () => h.close());

const get = async (url: string) => {
  const r = await h.app.inject({ method: 'GET', url, headers: h.auth });
  return { status: r.statusCode, body: r.json() as Record<string, J>, headers: r.headers };
};
const send = async (method: 'POST' | 'PATCH', url: string, payload?: unknown) => {
  const r = await h.app.inject({
    method,
    url,
    headers: h.auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: r.statusCode, body: r.json() as Record<string, J> };
};

void describe('service routes', () => {
  void it('GET /health answers ok with the version, without a token', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/health' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'ok');
    assert.match(r.json().version, /^\d+\.\d+\.\d+/);
  });

  void it('GET /status and the seed path /control/status give the status with counts', async () => {
    for (const url of ['/status', '/control/status']) {
      const { status, body } = await get(url);
      assert.equal(status, 200);
      assert.equal(body.monitoring, true);
      assert.equal(body.queue.needsReview, 1);
      assert.equal(body.integrations[1].mode, 'preview');
      assert.deepEqual(body.counts.authorizations, { done: 1, needs_review: 1, failed: 1 });
      assert.equal(body.counts.emails.ignored, 1);
    }
  });

  void it('control POSTs call the ControlService and return its result', async () => {
    h.control.calls.length = 0;
    assert.deepEqual((await send('POST', '/control/stop_monitoring', {})).body, {
      ok: true,
      message: 'stopMonitoring done',
    });
    assert.equal((await send('POST', '/control/start_monitoring')).status, 200);
    const poll = await send('POST', '/control/poll', {});
    assert.equal(poll.body.delivered, 2);
    assert.deepEqual(
      h.control.calls.map((c) => c.method),
      ['stopMonitoring', 'startMonitoring', 'pollNow'],
    );
  });

  void it('GET /metrics answers Prometheus text', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/metrics', headers: h.auth });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    assert.match(r.body, /assistant_queue_depth\{queue="needs_review"\} 1/);
  });
});

void describe('authorizations', () => {
  void it('lists newest first with action states, links and a total', async () => {
    const { status, body } = await get('/authorizations');
    assert.equal(status, 200);
    assert.equal(body.total, 3);
    assert.deepEqual(
      body.items.map((i: J) => i.authorizationNumber),
      ['B-300', 'A-200', 'A-100'],
    );
    const done = body.items[2];
    assert.deepEqual(
      done.actions.map((a: J) => a.status),
      ['done', 'done', 'done'],
    );
    assert.equal(done.links.invoiceUrl, 'http://invoiceninja.test/#/invoices/inv42/edit');
    assert.equal(done.links.calendarEventUrl, 'https://calendar.google.com/event?eid=ev1');
  });

  void it('filters by status, client, date range and free text', async () => {
    const nums = async (qs: string) =>
      (await get(`/authorizations?${qs}`)).body.items.map((i: J) => i.authorizationNumber);
    assert.deepEqual(await nums('status=needs_review'), ['A-200']);
    assert.deepEqual(await nums('client=south'), ['B-300']);
    assert.deepEqual(await nums('date_from=2026-12-02&date_to=2026-12-09'), ['A-200']);
    assert.deepEqual(await nums('q=A-1'), ['A-100']);
    assert.deepEqual(await nums('q=%25'), []);
  });

  void it('paginates with limit/offset and reports the total', async () => {
    const p1 = (await get('/authorizations?limit=2&offset=0')).body;
    const p2 = (await get('/authorizations?limit=2&offset=2')).body;
    assert.equal(p1.items.length, 2);
    assert.equal(p2.items.length, 1);
    assert.equal(p1.total, 3);
    assert.equal(p2.offset, 2);
  });

  void it('rejects a bad filter naming the field', async () => {
    const r = await get('/authorizations?status=lost');
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'VALIDATION_FAILED');
    assert.match(r.body.message, /status/);
    assert.match((await get('/authorizations?limit=1000')).body.message, /limit/);
    assert.match((await get('/authorizations?date_from=12/01/2026')).body.message, /date_from/);
  });

  void it('GET /authorizations/{id} shows fields with sources, actions, links and the email', async () => {
    const { status, body } = await get(`/authorizations/${ids.done}`);
    assert.equal(status, 200);
    const byPath = Object.fromEntries(body.fieldList.map((f: J) => [f.path, f]));
    assert.equal(byPath.authorizationId.source, 'label:Authorization Number');
    assert.equal(byPath['service.date'].source, 'html-table');
    assert.equal(byPath['service.durationHours'].corrected, true);
    assert.equal(byPath['service.durationHours'].extracted, null);
    assert.equal(byPath['service.durationHours'].value, 2);
    assert.equal(body.actions.length, 3);
    assert.deepEqual(body.actions[1].result, { invoiceId: 'inv42' });
    assert.equal(body.links.clientUrl, 'http://invoiceninja.test/#/clients/cl7');
    assert.equal(body.email.subject, 'Authorization A-100');
    assert.equal(body.email.rawAvailable, true);
    assert.equal(body.extraction.confidence, 0.8);
  });

  void it('answers 404 for an unknown id and 400 for a non-numeric one', async () => {
    assert.equal((await get('/authorizations/999')).status, 404);
    assert.equal((await get('/authorizations/999')).body.error, 'NOT_FOUND');
    assert.equal((await get('/authorizations/abc')).status, 400);
  });

  void it('PATCH passes the correction to the ControlService', async () => {
    const patch = {
      service: { durationHours: 1.5, date: '2026-12-06' },
      recipient: { name: 'P. Example' },
    };
    const r = await send('PATCH', `/authorizations/${ids.review}`, patch);
    assert.equal(r.status, 200);
    assert.deepEqual(h.control.calls.at(-1), {
      method: 'updateAuthorization',
      args: [ids.review, patch],
    });
  });

  void it('PATCH rejects unknown fields, bad formats and an empty patch', async () => {
    const bad = async (p: unknown) => send('PATCH', `/authorizations/${ids.review}`, p);
    assert.match((await bad({ date: '2026-12-06' })).body.message, /"date" is not a known field/);
    assert.match((await bad({ service: { startTime: '9am' } })).body.message, /service\.startTime/);
    assert.equal((await bad({})).status, 400);
  });

  void it('maps ControlService refusals to 404 / 409 / 422 with its message', async () => {
    h.control.answers.set('updateAuthorization', {
      ok: false,
      code: 'CONFLICT',
      message: 'it has left review',
    });
    h.control.answers.set('approveAuthorization', {
      ok: false,
      code: 'INVALID',
      message: 'service.date is missing',
    });
    h.control.answers.set('retryAuthorization', {
      ok: false,
      code: 'NOT_FOUND',
      message: 'authorization 77 not found',
    });
    try {
      const u = await send('PATCH', `/authorizations/${ids.done}`, { mileage: 3 });
      assert.deepEqual(
        [u.status, u.body],
        [409, { error: 'CONFLICT', message: 'it has left review' }],
      );
      const a = await send('POST', `/authorizations/${ids.review}/approve`, {});
      assert.deepEqual([a.status, a.body.error], [422, 'INVALID']);
      const r = await send('POST', '/authorizations/77/retry');
      assert.deepEqual([r.status, r.body.message], [404, 'authorization 77 not found']);
    } finally {
      h.control.answers.clear();
    }
  });

  void it('approve and retry reach the ControlService with the id', async () => {
    await send('POST', `/authorizations/${ids.review}/approve`, {});
    await send('POST', `/authorizations/${ids.failed}/retry`);
    assert.deepEqual(h.control.calls.slice(-2), [
      { method: 'approveAuthorization', args: [ids.review] },
      { method: 'retryAuthorization', args: [ids.failed] },
    ]);
  });

  void it('GET /actions/previews lists the requests that would have been sent', async () => {
    const { body } = await get('/actions/previews');
    assert.equal(body.total, 1);
    assert.equal(body.items[0].type, 'webhook.notify');
    assert.deepEqual(body.items[0].request, {
      url: 'https://hooks.example.test/x',
      body: { n: 'B-300' },
    });
    assert.equal(body.items[0].reason, 'WEBHOOK_URL not set');
  });
});

void describe('emails', () => {
  void it('lists newest first, filters by outcome and state, paginates', async () => {
    const all = (await get('/emails')).body;
    assert.equal(all.total, 4);
    assert.equal(all.items[0].subject, 'Lunch on Friday?');
    assert.equal(all.items[0].rawAvailable, false);
    const ignored = (await get('/emails?outcome=ignored')).body;
    assert.deepEqual(
      ignored.items.map((e: J) => e.id),
      [ids.m4],
    );
    assert.equal((await get('/emails?state=stored')).body.total, 0);
    assert.equal((await get('/emails?limit=1&offset=1')).body.items[0].id, ids.m3);
    assert.equal((await get('/emails?outcome=maybe')).status, 400);
  });

  void it('GET /emails/{id} has the summary, extraction record and raw link', async () => {
    const { body } = await get(`/emails/${ids.m1}`);
    assert.equal(body.authorizationId, ids.done);
    assert.equal(body.extraction.confidence, 0.9);
    assert.equal(body.rawUrl, `/emails/${ids.m1}/raw`);
    assert.equal((await get(`/emails/${ids.m4}`)).body.rawUrl, null);
    assert.equal((await get('/emails/999')).status, 404);
  });

  void it('GET /emails/{id}/raw downloads the .eml; purged → 410, unknown → 404', async () => {
    const r = await h.app.inject({ method: 'GET', url: `/emails/${ids.m1}/raw`, headers: h.auth });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'message/rfc822');
    assert.equal(r.headers['content-disposition'], `attachment; filename="email-${ids.m1}.eml"`);
    assert.equal(r.body, 'Subject: Authorization A-100\r\n\r\nbody\r\n');
    assert.equal(
      (await h.app.inject({ method: 'GET', url: `/emails/${ids.m4}/raw`, headers: h.auth }))
        .statusCode,
      410,
    );
    assert.equal(
      (await h.app.inject({ method: 'GET', url: '/emails/999/raw', headers: h.auth })).statusCode,
      404,
    );
  });

  void it('POST /emails/{id}/reprocess reaches the ControlService', async () => {
    const r = await send('POST', `/emails/${ids.m4}/reprocess`);
    assert.equal(r.status, 200);
    assert.deepEqual(h.control.calls.at(-1), { method: 'reprocessEmail', args: [ids.m4] });
  });
});

void describe('logs', () => {
  void it('keeps the seed columns, newest first, with level / type / since filters', async () => {
    const { body } = await get('/logs?limit=2');
    assert.equal(body.total, 5);
    assert.deepEqual(Object.keys(body.items[0]).sort(), [
      'details',
      'event_type',
      'id',
      'level',
      'message',
      'timestamp',
    ]);
    assert.deepEqual(
      body.items.map((l: J) => l.message),
      ['log 4', 'log 3'],
    );
    assert.equal((await get('/logs?level=warning')).body.total, 2);
    assert.equal((await get('/logs?level=error')).body.total, 0);
    assert.equal((await get('/logs?event_type=imap.connected')).body.total, 3);
    assert.equal((await get('/logs?since=2026-11-25T09:13:00Z')).body.total, 2);
    assert.equal((await get('/logs?since=yesterday')).status, 400);
  });
});

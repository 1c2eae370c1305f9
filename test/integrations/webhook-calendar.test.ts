// Webhook signing (verified by an independent implementation), redirects and status
// handling; Google token caching, invalid_grant, 401 refresh, rate-limit 403s, 409 on an id
// that is not ours, all-day events.
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../src/core/errors.js';
import { startFakes, TEST_WEBHOOK_SECRET, type Fakes } from '../support/fakes/index.js';
import { createHarness, fields, outcomeOf, type Harness } from './action-driver.js';

let fakes: Fakes;
let h: Harness | undefined;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  h?.close();
  await fakes.stop();
});
beforeEach(() => {
  h?.close();
  h = undefined;
  fakes.google.calendars.get('primary')!.clear();
  fakes.webhook.deliveries.length = 0;
  fakes.webhook.reply = { status: 200, body: { ok: true } };
  for (const f of [fakes.invoiceNinja, fakes.google, fakes.webhook]) f.clearFaults();
});

/** Standard Webhooks verification written from the spec, with WebCrypto (not node:crypto's HMAC). */
async function verify(
  secret: string,
  headers: Record<string, unknown>,
  body: string,
): Promise<boolean> {
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice(6), 'base64')
    : new TextEncoder().encode(secret);
  const k = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const signed = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const mac = Buffer.from(
    await webcrypto.subtle.sign('HMAC', k, new TextEncoder().encode(signed)),
  ).toString('base64');
  const ts = Number(headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - ts) > 300) return false;
  return String(headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${mac}`);
}

void describe('webhook', () => {
  void it('is signed the Standard Webhooks way and carries the seed fields plus type, id and text', async () => {
    h = createHarness({ env: fakes.env });
    await h.process({ fields: fields({}) });
    const d = fakes.webhook.deliveries[0]!;
    assert.ok(await verify(TEST_WEBHOOK_SECRET, d.headers, d.rawBody));
    assert.ok(
      !(await verify(
        'whsec_' + Buffer.from('another-secret').toString('base64'),
        d.headers,
        d.rawBody,
      )),
    );
    assert.equal(d.headers['webhook-id'], d.json.id);
    for (const k of ['title', 'message', 'success', 'timestamp', 'details', 'type', 'id', 'text'])
      assert.ok(k in d.json, k);
    assert.ok(!String(d.json.text).includes('\n'));
    assert.equal(d.headers['content-type'], 'application/json');
  });

  void it('by default shows the person served only as initials and leaves the location out', async () => {
    h = createHarness({ env: fakes.env });
    await h.process({
      fields: fields({
        id: 'P-1',
        recipient: 'Jordan Whitfield',
        location: '42 Elm Street, Springfield',
      }),
    });
    const d = fakes.webhook.deliveries.at(-1)!;
    assert.doesNotMatch(d.rawBody, /Jordan|Whitfield/);
    assert.doesNotMatch(d.rawBody, /Elm Street/);
    const details = d.json.details as Record<string, unknown>;
    assert.equal(details.personServed, 'J. W.');
    assert.ok(!('location' in (details.service as Record<string, unknown>)));
    for (const k of ['title', 'message', 'success', 'timestamp', 'details', 'type', 'id', 'text'])
      assert.ok(k in d.json, k);
  });

  void it('NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA=true sends the full name and location', async () => {
    h = createHarness({
      env: { ...fakes.env, NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA: 'true' },
    });
    await h.process({
      fields: fields({
        id: 'P-2',
        recipient: 'Jordan Whitfield',
        location: '42 Elm Street, Springfield',
      }),
    });
    const details = fakes.webhook.deliveries.at(-1)!.json.details as Record<string, unknown>;
    assert.equal(details.personServed, 'Jordan Whitfield');
    assert.equal(
      (details.service as Record<string, unknown>).location,
      '42 Elm Street, Springfield',
    );
  });

  void it('a plain (non-whsec) secret signs with its UTF-8 bytes; no secret → no signature headers', async () => {
    h = createHarness({
      env: { ...fakes.env, NOTIFICATION_WEBHOOK_SECRET: 'plain-shared-secret' },
    });
    await h.process({ fields: fields({ id: 'S-1' }) });
    const d = fakes.webhook.deliveries.at(-1)!;
    assert.ok(await verify('plain-shared-secret', d.headers, d.rawBody));
    h.close();
    h = createHarness({ env: { ...fakes.env, NOTIFICATION_WEBHOOK_SECRET: '' } });
    await h.process({ fields: fields({ id: 'S-2' }) });
    assert.equal(fakes.webhook.deliveries.at(-1)!.headers['webhook-signature'], undefined);
  });

  void it('a redirect is a permanent failure (not followed); a 503 is retried', async () => {
    h = createHarness({ env: fakes.env });
    fakes.webhook.reply = {
      status: 302,
      headers: { location: 'http://127.0.0.1:1/elsewhere' },
      text: '',
    };
    await h.process({ fields: fields({ id: 'R-1' }) });
    const o = outcomeOf(h, 'webhook.notify')!;
    assert.equal(o.status, 'failed');
    assert.equal(o.attempts, 1);
    assert.match(o.lastError!, /WEBHOOK_ERR_HTTP.*302/);
    fakes.webhook.reply = { status: 200, body: {} };
    fakes.webhook.failNext(2, 503);
    await h.process({ fields: fields({ id: 'R-2' }) });
    assert.equal(outcomeOf(h, 'webhook.notify')!.status, 'done');
    assert.equal(outcomeOf(h, 'webhook.notify')!.attempts, 3);
  });
});

void describe('Google Calendar', () => {
  void it('caches the access token, refreshes once after a 401, and retries rate-limit 403s', async () => {
    h = createHarness({ env: fakes.env });
    const before = fakes.google.tokenRequests;
    await h.process({ fields: fields({ id: 'G-1' }) });
    await h.process({ fields: fields({ id: 'G-2' }) });
    assert.equal(fakes.google.tokenRequests - before, 1, 'one token for two events');
    fakes.google.expireAccessTokens();
    fakes.google.failNext(
      1,
      '403-rate-limit',
      (r) => r.method === 'POST' && r.path.endsWith('/events'),
    );
    await h.process({ fields: fields({ id: 'G-3' }) });
    assert.equal(fakes.google.tokenRequests - before, 2);
    assert.equal(fakes.google.events().length, 3);
  });

  void it('invalid_grant fails for good and says to run `assistant auth google` (Testing apps: 7 days)', async () => {
    h = createHarness({ env: { ...fakes.env, GOOGLE_REFRESH_TOKEN: '1//revoked' } });
    await h.process({ fields: fields({ id: 'G-4' }) });
    const o = outcomeOf(h, 'calendar.create_event')!;
    assert.equal(o.status, 'failed');
    assert.equal(o.attempts, 1, 'never retried');
    assert.match(o.lastError!, /GOOGLE_ERR_INVALID_GRANT/);
    assert.match(o.lastError!, /assistant auth google/);
    assert.match(o.lastError!, /7 days/);
    const hook = fakes.webhook.deliveries.at(-1)!.json;
    assert.equal(hook.type, 'authorization.failed');
  });

  void it('a 409 on an event id that is not ours is a conflict, not "already there"', async () => {
    h = createHarness({ env: fakes.env });
    const plan = await h.planner.plan({
      authorization: {
        id: 99,
        authKey: '@x.example#C-1',
        generation: 1,
        kind: 'new',
        fields: fields({ id: 'C-1' }),
        calculatedMileage: null,
        timeZone: 'America/Chicago',
        messageId: 1,
        subject: null,
      },
      history: [],
      approvedByUser: false,
    });
    const ev = plan.actions.find((a) => a.type === 'calendar.create_event')!;
    const eventId = String(ev.payload.eventId);
    fakes.google.calendars
      .get('primary')!
      .set(eventId, { id: eventId, status: 'confirmed', summary: 'someone else' });
    const handler = h.handlers.get('calendar.create_event')!;
    await assert.rejects(
      handler.run({
        action: {
          id: 1,
          authorizationId: 99,
          type: ev.type,
          idempotencyKey: ev.idempotencyKey,
          dependsOn: [],
          status: 'running',
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          lastErrorCode: null,
          payload: ev.payload,
          request: null,
          result: null,
          createdAt: '',
          updatedAt: '',
        },
        authorization: {} as never,
        dependencies: {},
        signal: new AbortController().signal,
      }),
      (err: unknown) =>
        err instanceof AppError && err.code === 'GOOGLE_ERR_CONFLICT' && !err.retryable,
    );
  });

  void it('a service without a start time becomes an all-day event (end exclusive); the key fits 44 chars', async () => {
    h = createHarness({ env: fakes.env });
    await h.process({ fields: fields({ id: 'D-1', start: null, date: '2099-05-31' }) });
    const [ev] = fakes.google.events();
    assert.deepEqual(ev!.start, { date: '2099-05-31', timeZone: 'America/Chicago' });
    assert.deepEqual(ev!.end, { date: '2099-06-01', timeZone: 'America/Chicago' });
    assert.equal(
      Object.keys(ev!.extendedProperties!.private!).length,
      1,
      'our key was kept (≤ 44 chars)',
    );
  });

  void it('a service later today (in TIMEZONE) is future; one earlier today is not', async () => {
    const tz = 'America/Chicago';
    const now = Date.now();
    const wall = (ms: number) => {
      const p = new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(new Date(ms));
      const g = (t: string) => p.find((x) => x.type === t)!.value;
      return {
        date: `${g('year')}-${g('month')}-${g('day')}`,
        time: `${g('hour')}:${g('minute')}`,
      };
    };
    h = createHarness({ env: fakes.env, now: () => now });
    const later = wall(now + 3 * 3600_000);
    const earlier = wall(now - 3 * 3600_000);
    const p1 = await h.planner.plan({
      authorization: {
        id: 1,
        authKey: 'k#1',
        generation: 1,
        kind: 'new',
        fields: fields({ date: later.date, start: later.time }),
        calculatedMileage: null,
        timeZone: tz,
        messageId: 1,
        subject: null,
      },
      history: [],
      approvedByUser: false,
    });
    const p2 = await h.planner.plan({
      authorization: {
        id: 2,
        authKey: 'k#2',
        generation: 1,
        kind: 'new',
        fields: fields({ date: earlier.date, start: earlier.time }),
        calculatedMileage: null,
        timeZone: tz,
        messageId: 2,
        subject: null,
      },
      history: [],
      approvedByUser: false,
    });
    assert.ok(p1.actions.some((a) => a.type === 'calendar.create_event'));
    assert.ok(!p2.actions.some((a) => a.type === 'calendar.create_event'));
  });

  void it('deleting an event never made passes as gone, but a wrong GOOGLE_CALENDAR_ID fails visibly', async () => {
    const past = fields({ id: 'GONE-1', date: '2020-01-06' });
    const cancel = fields({ id: 'GONE-1', date: '2020-01-06', hours: null });
    h = createHarness({ env: fakes.env });
    await h.process({ fields: past });
    await h.process({ kind: 'cancellation', fields: cancel });
    const gone = outcomeOf(h, 'calendar.delete_event')!;
    assert.equal(gone.status, 'done', String(gone.lastError));
    assert.equal(gone.result?.alreadyGone, true);

    h.close();
    h = createHarness({ env: { ...fakes.env, GOOGLE_CALENDAR_ID: 'no-such-calendar' } });
    await h.process({ fields: { ...past, authorizationId: 'GONE-2' } });
    await h.process({ kind: 'cancellation', fields: { ...cancel, authorizationId: 'GONE-2' } });
    const wrong = outcomeOf(h, 'calendar.delete_event')!;
    assert.equal(wrong.status, 'failed');
    assert.match(String(wrong.lastError), /calendar was not found/);
    assert.equal(wrong.attempts, 1, 'a wrong calendar is not retried');
  });
});

// Emails about one authorization act on its invoice and event in the order they arrived, through
// the real service (folder inbox, extraction engine, planner, dispatcher) against the fakes:
// a cancellation that arrives while the original's invoice is waiting to retry must not find
// "nothing to cancel" and let the invoice be made afterwards; an amendment of a cancelled
// authorization must not bring its deleted invoice back.
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, it } from 'node:test';
import Database from 'better-sqlite3';
import { createApplication, type Application } from '../../src/main.js';
import { startFakes, type Fakes } from '../support/fakes/index.js';
import { captureLogger, testConfig } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

let fakes: Fakes;
let dir: ReturnType<typeof tempDir>;
before(async () => (fakes = await startFakes()));
after(() => fakes.stop());
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const NUMBER = 'VR-58213';

function email(n: number, subject: string, body: string): string {
  return [
    'From: Dana Whitfield <dana.whitfield@county-vr.example>',
    'To: coach@vendor.example',
    `Subject: ${subject}`,
    `Message-ID: <order-${n}-${process.pid}@county-vr.example>`,
    `Date: Mon, 2 Nov 2026 0${n}:00:00 -0600`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
    'Dana Whitfield',
    'County Vocational Rehabilitation',
    '',
  ].join('\r\n');
}

const ORIGINAL = email(
  1,
  `Service Authorization ${NUMBER}`,
  [
    'Please provide the following service.',
    '',
    `Authorization Number: ${NUMBER}`,
    'Consumer: Pat Morgan',
    'Service: Job coaching',
    'Service Date: 12/15/2099',
    'Time: 9:00 AM - 11:00 AM',
    'Location: 12 Main St, Springfield, IL 62701',
  ].join('\r\n'),
);
const CANCELLATION = email(
  2,
  `CANCELLED: Service Authorization ${NUMBER}`,
  [
    'Please cancel the authorization below. Do not deliver or bill this service.',
    '',
    `Authorization Number: ${NUMBER}`,
    'Consumer: Pat Morgan',
    'Service Date: 12/15/2099',
  ].join('\r\n'),
);
const AMENDMENT = email(
  3,
  `REVISED Service Authorization ${NUMBER}`,
  [
    'The authorization below has been revised. The service date has changed.',
    '',
    `Authorization Number: ${NUMBER}`,
    'Revised Service Date: 12/22/2099',
  ].join('\r\n'),
);

function drop(inbox: string, name: string, raw: string, ageSeconds: number): void {
  const path = join(inbox, name);
  writeFileSync(path, raw);
  const t = Date.now() / 1000 - ageSeconds;
  utimesSync(path, t, t);
}

function app(): Application {
  const config = testConfig(dir.path, {
    ...fakes.env,
    CLIENT_BILLING_RATES_PATH: join(dir.path, 'rates.json'),
    TIMEZONE: 'America/Chicago',
  });
  return createApplication(config, { logger: captureLogger(config), folderSettleTimeMs: 20 });
}

async function runOnce(): Promise<void> {
  const summary = await app().runOnce();
  assert.equal(summary.failed, 0, summary.line);
}

interface AuthRow {
  id: number;
  kind: string;
  status: string;
  review_reasons: string | null;
}

function authorizations(): AuthRow[] {
  const db = new Database(join(dir.path, 'data/assistant.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT id, kind, status, review_reasons_json AS review_reasons FROM authorizations ORDER BY id',
      )
      .all() as AuthRow[];
  } finally {
    db.close();
  }
}

void it(
  'a cancellation waits for the original still retrying, and an amendment after it goes to review',
  { timeout: 120_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    writeFileSync(
      join(dir.path, 'rates.json'),
      JSON.stringify({ default: { hourly_rate: 50, mileage_rate: 0.5 } }),
    );
    drop(inbox, '1.eml', ORIGINAL, 60);
    drop(inbox, '2.eml', CANCELLATION, 30);
    // The original's invoice and event are both told to come back in a second: the
    // cancellation is planned meanwhile and would otherwise run first.
    fakes.invoiceNinja.failNext(
      1,
      '429-retry-after',
      (r) => r.method === 'POST' && r.path.endsWith('/invoices'),
    );
    fakes.google.failNext(
      1,
      '429-retry-after',
      (r) => r.method === 'POST' && r.path.endsWith('/events'),
    );
    await runOnce();

    assert.deepEqual(
      authorizations().map((a) => [a.kind, a.status]),
      [
        ['new', 'done'],
        ['cancellation', 'done'],
      ],
    );
    const made = fakes.invoiceNinja.invoices.filter((i) => i.po_number === NUMBER);
    assert.equal(made.length, 1, 'one invoice was made');
    assert.equal(made[0]!.is_deleted, true, 'and the cancellation deleted it');
    assert.equal(fakes.google.events().length, 0, 'no event is left for a cancelled service');
    assert.equal(fakes.invoiceNinja.injected.length + fakes.google.injected.length, 2);
    assert.deepEqual(
      fakes.webhook.uniqueDeliveries().map((d) => d.json.type),
      ['authorization.processed', 'authorization.cancelled'],
    );

    drop(inbox, '3.eml', AMENDMENT, 10);
    await runOnce();
    const amendment = authorizations()[2]!;
    assert.equal(amendment.kind, 'amendment');
    assert.equal(amendment.status, 'needs_review');
    assert.match(String(amendment.review_reasons), /which an earlier email cancelled/);
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 0, 'the deleted invoice stays deleted');
    assert.equal(fakes.invoiceNinja.invoices.length, 1);
    assert.equal(fakes.google.events().length, 0);
    assert.equal(fakes.webhook.uniqueDeliveries().at(-1)!.json.type, 'authorization.review_needed');

    // The person decides the service is back on: "new" re-issues it, with the fields the
    // amendment did not repeat taken from the original, under a new invoice number and event.
    const reviewer = app();
    assert.deepEqual(await reviewer.control.updateAuthorization(amendment.id, { kind: 'new' }), {
      ok: true,
      message: 'saved; ready to approve',
    });
    assert.equal((await reviewer.control.approveAuthorization(amendment.id)).ok, true);
    const summary = await reviewer.runOnce();
    assert.equal(summary.actions.failed, 0, summary.line);
    const [reissued] = fakes.invoiceNinja.liveInvoices();
    assert.equal(fakes.invoiceNinja.liveInvoices().length, 1);
    assert.notEqual(reissued!.number, made[0]!.number.replace(/_Deleted$/, ''));
    assert.equal(reissued!.po_number, NUMBER);
    assert.equal(reissued!.date, '2099-12-22');
    assert.equal(reissued!.amount, 100); // 2 h from the original × 50.00
    assert.match(reissued!.public_notes, /Pat Morgan/);
    assert.equal(fakes.google.events().length, 1);
    assert.equal(authorizations()[2]!.status, 'done');
  },
);

// An email whose PDF could not be read and that mentions an authorization is not recognised by
// the classifier, but never dropped silently: it goes to the review queue (never to an invoice)
// with the reason, and a warning event reaches event_logs (so /logs?level=warning and the
// dashboard) and the live feed. Real emails, real extractor, a real corrupt PDF.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import type { AppEvent } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { emailWithAttachment } from '../mime/support/pdf-email.js';
import { createApplication } from '../../src/main.js';
import { captureLogger, testConfig } from '../support/test-app.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

/** Starts like a PDF, then garbage: pdf.js gives up on it (InvalidPDFException). */
const CORRUPT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer garbage \x00\x01\x02',
  'latin1',
);

function mail(n: number, subject: string, body: string): Buffer {
  const raw = emailWithAttachment({ subject, body, attachment: CORRUPT_PDF, filename: 'form.pdf' });
  return Buffer.from(
    raw.toString('latin1').replace('<pdf-test@agency.example>', `<pdf-${n}@agency.example>`),
    'latin1',
  );
}

void it(
  'an unreadable PDF in an email that mentions an authorization goes to review with a warning',
  { timeout: 120_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    writeFileSync(
      join(inbox, '1.eml'),
      mail(1, 'Authorization form attached', 'Please see the attached form.'),
    );
    writeFileSync(
      join(inbox, '2.eml'),
      mail(2, 'Documents', 'The referral for next week is attached. Secret-body-words.'),
    );
    writeFileSync(join(inbox, '3.eml'), mail(3, 'Team lunch photos', 'See the attached flyer.'));
    const config = testConfig(dir.path);
    const extractor = createExtractor({
      timeZone: config.TIMEZONE,
      rulesPath: null,
      logger: silentLogger,
    });
    // The real planner (integrations unconfigured: previews only), so the review is its decision.
    const app = createApplication(config, {
      extractor,
      logger: captureLogger(config),
      folderSettleTimeMs: 20,
    });
    const live: AppEvent[] = [];
    app.events.subscribe((e) => live.push(e));
    await app.start();
    try {
      const { store } = app;
      await waitFor(
        () => [1, 2, 3].every((id) => store.messages.get(id)?.state === 'finished'),
        60_000,
        'all three emails',
      );
      assert.deepEqual(
        [1, 2, 3].map((id) => store.messages.get(id)?.outcome),
        ['needs_review', 'needs_review', 'ignored'],
      );
      const held = store.db
        .prepare(`SELECT status, review_reasons_json FROM authorizations ORDER BY message_id`)
        .all() as { status: string; review_reasons_json: string }[];
      assert.equal(held.length, 2, 'two candidates, not the lunch photos');
      for (const a of held) {
        assert.equal(a.status, 'needs_review');
        const reasons = JSON.parse(a.review_reasons_json) as string[];
        assert.match(reasons[0]!, /^a PDF attachment could not be read \(.+\) and the email/);
      }
      const actions = store.db
        .prepare(`SELECT DISTINCT type FROM actions`)
        .all()
        .map((r) => (r as { type: string }).type);
      assert.ok(
        actions.every((t) => t === 'webhook.notify'),
        `only a review notice, no invoice: ${actions.join()}`,
      );
      const rows = store.db
        .prepare(
          `SELECT level, message, details FROM event_logs
           WHERE event_type = 'extraction.unreadable_attachment' ORDER BY id`,
        )
        .all() as { level: string; message: string; details: string }[];
      assert.equal(rows.length, 2, 'emails 1 and 2, not the lunch photos');
      const subjects = rows.map((r) => (JSON.parse(r.details) as { subject: string }).subject);
      assert.deepEqual(subjects.sort(), ['Authorization form attached', 'Documents']);
      for (const r of rows) {
        assert.equal(r.level, 'warning');
        assert.match(r.message, /PDF could not be read/);
        assert.doesNotMatch(r.message + r.details, /Secret-body-words|referral for next week/);
      }
      const feed = live.filter(
        (e) => e.type === 'log' && e.eventType === 'extraction.unreadable_attachment',
      );
      assert.equal(feed.length, 2);
    } finally {
      await app.stop();
      extractor.close();
    }
  },
);

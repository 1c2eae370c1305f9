// The dashboard in headless Chromium against the running service: a new email appears live
// without a reload, a review item is corrected and approved through the form, and hostile
// markup in an email stays inert text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboardTarget, type DashboardTarget } from './dashboard-service.js';

// The page functions below run inside Chromium; these are the browser globals they use.
interface PageNode {
  textContent: string | null;
  querySelector(selector: string): PageNode | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageNode>;
  getElementById(id: string): PageNode | null;
};
declare const window: Record<string, unknown>;

const WAIT = { timeout: 60_000 };
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A plain-text authorization email from a made-up agency; `date` null leaves the date out. */
function authorizationEmail(o: {
  number: string;
  subject: string;
  consumer: string;
  service: string;
  date: string | null;
  messageId: string;
}): string {
  return [
    `Message-ID: <${o.messageId}@juniper-ridge.example>`,
    'Date: Mon, 23 Nov 2026 10:15:00 -0600',
    'From: Dana Okafor <authorizations@juniper-ridge.example>',
    'To: Lakeside Coaching <office@lakeside-coaching.example>',
    `Subject: ${o.subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hello,',
    '',
    'Juniper Ridge Community Supports has approved the service below.',
    '',
    `Authorization Number: ${o.number}`,
    `Consumer: ${o.consumer}`,
    `Service: ${o.service}`,
    ...(o.date ? [`Service Date: ${o.date}`] : []),
    'Time: 1:00 PM - 3:00 PM',
    'Location: 48 Alder Lane, Brookfield, WI 53005',
    'Mileage: 9 miles',
    '',
    'Please reference the authorization number on your invoice.',
    '',
    'Dana Okafor',
    'Service Coordinator, Juniper Ridge Community Supports',
    '',
  ].join('\r\n');
}

/** Writes beside the inbox, then renames in: the watcher never sees a half-written file. */
function deliver(target: DashboardTarget, name: string, content: string): void {
  const tmp = join(dirname(target.inboxDir), `${name}.part`);
  writeFileSync(tmp, content);
  renameSync(tmp, join(target.inboxDir, name));
}

async function apiGet(target: DashboardTarget, path: string): Promise<unknown> {
  const res = await fetch(target.baseUrl + path, {
    headers: { Authorization: `Bearer ${target.token}` },
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

interface AuthItem {
  id: number;
  status: string;
  authorizationNumber?: string | null;
}

async function findAuthorization(target: DashboardTarget, number: string): Promise<AuthItem> {
  const body = (await apiGet(target, '/authorizations?limit=200')) as { items: AuthItem[] };
  const found = body.items.find((a) => a.authorizationNumber === number);
  assert.ok(found, `authorization ${number} is listed by the API`);
  return found;
}

/** Waits until an element matching `selector` contains `text` literally. */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, t]) =>
      Array.from(document.querySelectorAll(sel!)).some((n) => n.textContent?.includes(t!)),
    [selector, text],
    WAIT,
  );
}

void test(
  'dashboard: live feed, review and approve, hostile markup stays text',
  { timeout: 300_000 },
  async (t) => {
    const target = await startDashboardTarget();
    let browser: Browser | undefined;
    const pageErrors: string[] = [];
    try {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));

      // A wrong token is refused and asked for again; the right one opens the dashboard and
      // the live feed connects.
      await page.goto(`${target.baseUrl}/`);
      await page.locator('#token-input').fill(`${target.token}-wrong`);
      await page.locator('#token-form button[type=submit]').click();
      await page.locator('#token-error').waitFor({ state: 'visible', ...WAIT });
      assert.equal(await page.locator('#app').isHidden(), true);
      await page.locator('#token-input').fill(target.token);
      await page.locator('#token-form button[type=submit]').click();
      await page.locator('#status-bar .status-group').first().waitFor(WAIT);
      await page.waitForFunction(
        () =>
          document.getElementById('live-indicator')?.textContent?.includes('connected') &&
          !document.getElementById('live-indicator')?.textContent?.includes('reconnecting'),
        undefined,
        WAIT,
      );
      // Links are only made for http(s) URLs (the dashboard's own check, run in the page).
      const verdicts = await page.evaluate(async () => {
        const dom = (await import('/js/dom.js' as string)) as {
          safeHttpUrl(u: string): string | null;
        };
        return [
          'javascript:window.__pwned=1',
          'data:text/html,x',
          '/relative',
          'https://a.example/x',
        ].map((u) => dom.safeHttpUrl(u));
      });
      assert.deepEqual(verdicts, [null, null, null, 'https://a.example/x']);
      // A marker that a reload would wipe out.
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      // (a) A new authorization shows up in the live feed and the email list without reloading.
      const subjectA = 'Service Authorization JR-40117 - Supported employment';
      deliver(
        target,
        'juniper-jr-40117.eml',
        authorizationEmail({
          number: 'JR-40117',
          subject: subjectA,
          consumer: 'Priya Castellanos',
          service: 'Supported employment coaching',
          date: '01/12/2027',
          messageId: 'jr-40117',
        }),
      );
      await waitForText(page, '#feed-list li', subjectA);
      await waitForText(page, '#emails-table td', subjectA);
      await page.locator('#tab-authorizations').click();
      await waitForText(page, '#auth-table td', 'JR-40117');
      assert.equal(await page.evaluate(() => window.__sameDocument), true);

      // (b) An authorization without a date waits for review; correct it in the form and approve.
      deliver(
        target,
        'juniper-jr-40205.eml',
        authorizationEmail({
          number: 'JR-40205',
          subject: 'Service Authorization JR-40205 - Supported employment',
          consumer: 'Tomasz Reyes',
          service: 'Supported employment coaching',
          date: null,
          messageId: 'jr-40205',
        }),
      );
      await page.locator('#tab-review').click();
      const reviewItem = page.locator('#review-list button', { hasText: 'JR-40205' });
      await reviewItem.waitFor(WAIT);
      await reviewItem.click();
      const dateInput = page.locator('#review-service-date');
      await dateInput.waitFor(WAIT);
      assert.equal(await dateInput.inputValue(), '');
      // Approving with the date still missing is refused, and the API's message is shown.
      await page.locator('#review-approve').click();
      await page.locator('#review-editor [role=alert]').waitFor(WAIT);
      // Correct the date (and the duration if it was not read), then approve.
      await dateInput.fill('2027-01-19');
      const duration = page.locator('#review-service-durationHours');
      if ((await duration.inputValue()) === '') await duration.fill('2');
      await page.locator('#review-approve').click();
      await page
        .locator('#review-list button', { hasText: 'JR-40205' })
        .waitFor({ state: 'detached', ...WAIT });
      const approved = await findAuthorization(target, 'JR-40205');
      assert.notEqual(approved.status, 'needs_review');
      const detail = (await apiGet(target, `/authorizations/${approved.id}`)) as {
        fields: { service: { date: string | null } };
      };
      assert.equal(detail.fields.service.date, '2027-01-19');
      await page.locator('#tab-authorizations').click();
      const row = page.locator('#auth-table tr', { hasText: 'JR-40205' });
      await row.waitFor(WAIT);
      await page.waitForFunction(
        () => {
          const tr = Array.from(document.querySelectorAll('#auth-table tr')).find((r) =>
            r.textContent?.includes('JR-40205'),
          );
          const status = tr?.querySelector('td .badge')?.textContent ?? '';
          return status !== '' && status !== 'needs review';
        },
        undefined,
        WAIT,
      );

      // With every integration unconfigured, what approval would have sent is listed.
      await page.locator('#tab-previews').click();
      await waitForText(page, '#previews-list h3', 'JR-40205');
      await waitForText(page, '#previews-list pre', '"method"');

      // (c) Hostile markup in the subject and body is shown literally and never runs.
      const script = '<script>window.__pwned=1</script>';
      const img = '<img src=x onerror="window.__pwned=1">';
      const hostileSubject = `Service Authorization JR-40388 ${script} ${img}`;
      deliver(
        target,
        'juniper-jr-40388.eml',
        authorizationEmail({
          number: 'JR-40388',
          subject: hostileSubject,
          consumer: `Lee ${img}`,
          service: `Coaching ${script} ${img}`,
          date: '01/26/2027',
          messageId: 'jr-40388',
        }),
      );
      await page.locator('#tab-feed').click();
      await waitForText(page, '#feed-list li', hostileSubject);
      await waitForText(page, '#emails-table td', hostileSubject);
      await page.locator('#tab-authorizations').click();
      const hostileRow = page.locator('#auth-table tr', { hasText: 'JR-40388' });
      await hostileRow.waitFor(WAIT);
      await hostileRow.click();
      await waitForText(page, '#auth-detail', 'JR-40388');
      const state = await page.evaluate(() => ({
        pwned: window.__pwned,
        images: document.querySelectorAll('img').length,
        scripts: Array.from(document.querySelectorAll('script')).map((s) => s.getAttribute('src')),
        detailText: document.getElementById('auth-detail')?.textContent ?? '',
      }));
      assert.equal(state.pwned, undefined);
      assert.equal(state.images, 0);
      assert.deepEqual(state.scripts, ['js/app.js']);
      assert.ok(state.detailText.includes(hostileSubject), 'the subject is shown as text');
      assert.ok(
        state.detailText.includes(`Coaching ${script} ${img}`),
        'the body text (service description) is shown as text',
      );
      if (process.env.DASHBOARD_SCREENSHOT) {
        await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
      }
      assert.deepEqual(pageErrors, []);
    } catch (err) {
      if (pageErrors.length) t.diagnostic(`errors in the page: ${pageErrors.join(' | ')}`);
      const page = browser?.contexts()[0]?.pages()[0];
      const shot = join(tmpdir(), 'dashboard-test-failure.png');
      if (
        await page?.screenshot({ path: shot, fullPage: true }).then(
          () => true,
          () => false,
        )
      ) {
        t.diagnostic(`screenshot of the failure: ${shot}`);
      }
      throw err;
    } finally {
      await browser?.close();
      await target.close();
    }
  },
);

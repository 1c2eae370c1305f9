// Error bodies: 5xx are generic (request id only, nothing internal), 4xx are readable; POSTs
// accept the empty `application/json` body OpenWebUI sends; responses carry security headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../src/core/errors.js';
import { DASHBOARD_CSP } from '../../src/http/security.js';
import { makeHarness, seed, type Harness } from './support/fixtures.js';

let h: Harness;
let ids: ReturnType<typeof seed>;
const web = mkdtempSync(join(tmpdir(), 'assistant-web-'));
before(async () => {
  writeFileSync(join(web, 'index.html'), '<!doctype html><script src="app.js"></script>');
  writeFileSync(join(web, 'app.js'), 'console.log(1)');
  h = await makeHarness({}, { webRoot: web });
  ids = seed(h.db);
});
after(async () => {
  await h.close();
  rmSync(web, { recursive: true, force: true });
});

void describe('5xx masking', () => {
  void it('a thrown error becomes a generic 500 with a request id, never its message or stack', async () => {
    const secretish = new Error(
      'SQLITE_CORRUPT at /var/lib/assistant/db.sqlite: SELECT * FROM actions',
    );
    h.control.throwing.set('pollNow', secretish);
    h.control.throwing.set(
      'status',
      new AppError('STORE_ERR_IO', 'cannot open /srv/secret/path', { retryable: false }),
    );
    try {
      for (const [method, url] of [
        ['POST', '/control/poll'],
        ['GET', '/status'],
      ] as const) {
        const r = await h.app.inject({ method, url, headers: h.auth });
        assert.equal(r.statusCode, 500);
        const body = r.json();
        assert.equal(body.error, 'INTERNAL_ERROR');
        assert.match(body.requestId, /^[0-9a-f-]{36}$/);
        assert.match(body.message, /internal error/);
        assert.doesNotMatch(r.body, /SQLITE|SELECT|\/var\/|\/srv\/|secret|at .*\.ts/);
      }
    } finally {
      h.control.throwing.clear();
    }
  });

  void it('unknown routes answer JSON 404', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/nope?x=1', headers: h.auth });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { error: 'NOT_FOUND', message: 'no route POST /nope' });
  });
});

void describe('empty JSON bodies', () => {
  const posts = () => [
    '/control/start_monitoring',
    '/control/stop_monitoring',
    '/control/poll',
    `/authorizations/${ids.review}/approve`,
    `/authorizations/${ids.failed}/retry`,
    `/emails/${ids.m4}/reprocess`,
  ];

  void it('every POST accepts Content-Type: application/json with an empty body, {} and no body', async () => {
    for (const url of posts()) {
      for (const opts of [
        { headers: { ...h.auth, 'content-type': 'application/json' }, payload: '' },
        { headers: { ...h.auth, 'content-type': 'application/json' }, payload: '{}' },
        { headers: h.auth },
      ]) {
        const r = await h.app.inject({ method: 'POST', url, ...opts });
        assert.equal(r.statusCode, 200, `${url} ${JSON.stringify(opts.payload)}: ${r.body}`);
        assert.equal(r.json().ok, true);
      }
    }
  });

  void it('malformed JSON is a readable 400, not a 500', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: '/control/poll',
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: '{"a":',
    });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error, 'INVALID_JSON');
  });

  void it('PATCH still requires a body', async () => {
    const r = await h.app.inject({
      method: 'PATCH',
      url: `/authorizations/${ids.review}`,
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: '',
    });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error, 'VALIDATION_FAILED');
  });
});

void describe('headers', () => {
  void it('dashboard HTML carries the CSP; API answers are not cached', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-security-policy'], DASHBOARD_CSP);
    assert.match(
      DASHBOARD_CSP,
      /default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'/,
    );
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const js = await h.app.inject({ method: 'GET', url: '/app.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    const api = await h.app.inject({ method: 'GET', url: '/status', headers: h.auth });
    assert.equal(api.headers['cache-control'], 'no-store');
    assert.equal(api.headers['x-content-type-options'], 'nosniff');
  });
});

// Authentication and CORS: every protected route (all registered routes but /health and the
// dashboard) answers 401 without the right token; no token configured means open (loopback only).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registeredRoutes } from '../../src/http/app.js';
import { makeHarness, TOKEN, type Harness } from './support/fixtures.js';

void describe('bearer token', () => {
  let h: Harness;
  const web = mkdtempSync(join(tmpdir(), 'assistant-web-'));
  before(async () => {
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>d</title>');
    h = await makeHarness({}, { webRoot: web });
  });
  after(async () => {
    await h.close();
    rmSync(web, { recursive: true, force: true });
  });

  const concrete = (url: string) => url.replace(/:id/g, '1').replace(/\*/g, 'x');

  void it('every protected route answers 401 without a token, with a wrong one, or a non-bearer scheme', async () => {
    const routes = registeredRoutes(h.app).filter((r) => !r.public);
    assert.ok(routes.length >= 20, `expected the whole API, got ${routes.length} routes`);
    for (const r of routes) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token',
        `Basic ${TOKEN}`,
        `Bearer ${TOKEN}x`,
      ]) {
        const res = await h.app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: authorization ? { authorization } : {},
        });
        assert.equal(
          res.statusCode,
          401,
          `${r.method} ${r.url} with ${authorization ?? 'no token'}`,
        );
        if (r.method !== 'HEAD') assert.equal(res.json().error, 'UNAUTHORIZED');
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
    }
  });

  void it('the token opens them; /health and the dashboard are public', async () => {
    assert.equal(
      (await h.app.inject({ method: 'GET', url: '/status', headers: h.auth })).statusCode,
      200,
    );
    assert.equal((await h.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const page = await h.app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>d<\/title>/);
    const publicRoutes = registeredRoutes(h.app)
      .filter((r) => r.public)
      .map((r) => r.url);
    assert.deepEqual([...new Set(publicRoutes)].sort(), ['/*', '/health']);
  });

  void it('a ?token= query parameter is accepted only for WebSocket upgrades', async () => {
    const r = await h.app.inject({ method: 'GET', url: `/status?token=${TOKEN}` });
    assert.equal(r.statusCode, 401);
  });
});

void describe('no API_TOKEN (loopback only)', () => {
  let h: Harness;
  before(async () => (h = await makeHarness({ API_TOKEN: '' })));
  after(async () => h.close());

  void it('every route is open', async () => {
    assert.equal((await h.app.inject({ method: 'GET', url: '/authorizations' })).statusCode, 200);
    assert.equal((await h.app.inject({ method: 'POST', url: '/control/poll' })).statusCode, 200);
  });
});

void describe('CORS', () => {
  void it('is off by default: no Access-Control headers', async () => {
    const h = await makeHarness();
    try {
      const r = await h.app.inject({
        method: 'GET',
        url: '/status',
        headers: { ...h.auth, origin: 'https://evil.test' },
      });
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    } finally {
      await h.close();
    }
  });

  void it('allows exactly the configured origins, preflight included', async () => {
    const h = await makeHarness({ CORS_ORIGINS: 'https://chat.example.test' });
    try {
      const ok = await h.app.inject({
        method: 'GET',
        url: '/status',
        headers: { ...h.auth, origin: 'https://chat.example.test' },
      });
      assert.equal(ok.headers['access-control-allow-origin'], 'https://chat.example.test');
      const pre = await h.app.inject({
        method: 'OPTIONS',
        url: '/authorizations/1',
        headers: {
          origin: 'https://chat.example.test',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      assert.equal(pre.statusCode, 204);
      assert.match(String(pre.headers['access-control-allow-methods']), /PATCH/);
      const other = await h.app.inject({
        method: 'GET',
        url: '/status',
        headers: { ...h.auth, origin: 'https://evil.test' },
      });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      // A 401 still carries the CORS header, so the browser can read why.
      const denied = await h.app.inject({
        method: 'GET',
        url: '/status',
        headers: { origin: 'https://chat.example.test' },
      });
      assert.equal(denied.statusCode, 401);
      assert.equal(denied.headers['access-control-allow-origin'], 'https://chat.example.test');
    } finally {
      await h.close();
    }
  });
});

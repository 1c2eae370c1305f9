// startHttpServer: listens on loopback, refuses a public address without API_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { startHttpServer } from '../../src/http/server.js';
import { isAppError } from '../../src/core/errors.js';

void test('refuses a non-loopback API_HOST when API_TOKEN is empty, saying why', async () => {
  const app = Fastify();
  await assert.rejects(
    startHttpServer(app, { API_HOST: '0.0.0.0', API_PORT: 0, API_TOKEN: '' }),
    (err: unknown) =>
      isAppError(err) && err.code === 'CONFIG_ERR_INVALID' && /API_TOKEN/.test(err.message),
  );
  await app.close();
});

void test('listens on loopback and closes', async () => {
  const app = Fastify();
  app.get('/health', async () => ({ status: 'ok' }));
  const server = await startHttpServer(app, { API_HOST: '127.0.0.1', API_PORT: 0, API_TOKEN: '' });
  const res = await fetch(`${server.url}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
  await server.close();
  await server.close();
});

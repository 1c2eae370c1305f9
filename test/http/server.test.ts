// startHttpServer: listens on loopback, refuses a public address without API_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { listenError, startHttpServer } from '../../src/http/server.js';
import { isAppError } from '../../src/core/errors.js';
import {
  bearerFromHeader,
  isLoopbackHost,
  tokenFromWebSocketRequest,
  tokenMatches,
} from '../../src/http/auth.js';

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

void test('a port already in use is a clear AppError naming the port and API_PORT', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as AddressInfo).port;
  const app = Fastify();
  try {
    await assert.rejects(
      startHttpServer(app, { API_HOST: '127.0.0.1', API_PORT: port, API_TOKEN: '' }),
      (err: unknown) =>
        isAppError(err) &&
        err.code === 'HTTP_ERR_LISTEN' &&
        err.message === `port ${port} on 127.0.0.1 is already in use` &&
        /stop the other process/.test(err.hint ?? '') &&
        /API_PORT/.test(err.hint ?? ''),
    );
  } finally {
    await app.close();
    await new Promise((resolve) => blocker.close(resolve));
  }
});

void test('EACCES becomes a clear AppError; unknown listen errors pass through', () => {
  const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), {
    code: 'EACCES',
  });
  const e = listenError(denied, { API_HOST: '0.0.0.0', API_PORT: 80 });
  assert.ok(isAppError(e) && e.code === 'HTTP_ERR_LISTEN');
  assert.match(e.message, /not allowed to listen on port 80 on 0\.0\.0\.0/);
  assert.match(e.hint ?? '', /API_PORT/);
  const other = new Error('boom');
  assert.equal(listenError(other, { API_HOST: '127.0.0.1', API_PORT: 1 }), other);
});

void test('loopback hosts are recognised; wildcard and LAN addresses are not', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
    assert.equal(isLoopbackHost(h), true, h);
  }
  for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'assistant', '::ffff:10.0.0.1']) {
    assert.equal(isLoopbackHost(h), false, h);
  }
});

void test('tokens: constant-time match, bearer header, WebSocket subprotocol or ?token=', () => {
  assert.equal(tokenMatches('abc', 'abc'), true);
  assert.equal(tokenMatches('abcd', 'abc'), false);
  assert.equal(tokenMatches('', ''), false);
  assert.equal(tokenMatches(null, 'abc'), false);
  assert.equal(bearerFromHeader('Bearer  abc '), 'abc');
  assert.equal(bearerFromHeader('Basic abc'), null);
  assert.equal(tokenFromWebSocketRequest('bearer, tok', {}), 'tok');
  assert.equal(tokenFromWebSocketRequest('chat, bearer, tok', {}), 'tok');
  assert.equal(tokenFromWebSocketRequest('bearer', { token: 'q' }), 'q');
  assert.equal(tokenFromWebSocketRequest(undefined, {}), null);
});
